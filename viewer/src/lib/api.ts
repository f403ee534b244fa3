// Calls to the service. Every failure becomes an ApiError whose text can be shown to the user
// as is: the service's own `{ "error": "…" }` message when it sent one, otherwise what went
// wrong in plain words (no connection, unreadable answer).
import { translate, type Lang } from './i18n.ts';
import type { Role } from './roles.ts';
import { countyPath } from './county.ts';
import type { LayerName } from '../../../service/layers/schema.ts';

export class ApiError extends Error {
  constructor(
    /** HTTP status, or 0 when the service could not be reached. */
    readonly status: number,
    /** The service's message, or the network error's. */
    readonly detail: string,
    readonly kind: 'network' | 'http' | 'body',
  ) {
    super(kind === 'network' ? `network: ${detail}` : `${status}: ${detail}`);
  }
}

/** The error in words for the user, in their language. */
export function describeError(err: unknown, lang: Lang): string {
  if (err instanceof ApiError) {
    if (err.kind === 'network') return translate(lang, 'error.network', { message: err.detail });
    if (err.kind === 'body') return translate(lang, 'error.badBody', { status: err.status });
    return translate(lang, 'error.http', { status: err.status, message: err.detail });
  }
  return err instanceof Error ? err.message : String(err);
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  token?: string | null;
  /** Injected in tests; the browser's fetch otherwise. */
  fetchFn?: typeof fetch;
}

export async function api<T>(path: string, { method = 'GET', body, token, fetchFn = fetch }: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetchFn(countyPath(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, err instanceof Error ? err.message : String(err), 'network');
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    if (response.ok) throw new ApiError(response.status, text.slice(0, 200), 'body');
  }
  if (!response.ok) {
    const message = (parsed as { error?: unknown } | undefined)?.error;
    throw new ApiError(response.status, typeof message === 'string' ? message : text.slice(0, 200) || response.statusText, 'http');
  }
  return parsed as T;
}

export interface User {
  name: string;
  role: Role;
}

export interface LayerInfo {
  name: LayerName;
  title: { zh: string; en: string };
  geometry: string[];
  count: number;
  bbox: [number, number, number, number] | null;
  version: number | string | null;
  updated_at: string | null;
}

export interface SearchResult {
  layer: LayerName;
  id: string;
  label: string;
  bbox: [number, number, number, number];
}

export const login = (name: string, password: string, fetchFn?: typeof fetch) =>
  api<{ token: string; user: User }>('/api/auth/login', { method: 'POST', body: { name, password }, fetchFn });
export const me = (token: string, fetchFn?: typeof fetch) => api<User>('/api/auth/me', { token, fetchFn });
export const logout = (token: string, fetchFn?: typeof fetch) => api<unknown>('/api/auth/logout', { method: 'POST', token, fetchFn });
export const listLayers = (token: string | null, fetchFn?: typeof fetch) =>
  api<{ layers: LayerInfo[] }>('/api/layers', { token, fetchFn }).then((r) => r.layers);
export const search = (q: string, token: string | null, fetchFn?: typeof fetch) =>
  api<{ results: SearchResult[] }>(`/api/search?q=${encodeURIComponent(q)}`, { token, fetchFn }).then((r) => r.results);

/** The union of the layers' bboxes, or null when no layer has data. */
export function dataBounds(layers: LayerInfo[]): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const l of layers) {
    if (!l.bbox || l.count === 0) continue;
    w = Math.min(w, l.bbox[0]);
    s = Math.min(s, l.bbox[1]);
    e = Math.max(e, l.bbox[2]);
    n = Math.max(n, l.bbox[3]);
  }
  return w <= e && s <= n ? [w, s, e, n] : null;
}

/** spec/checks.md defaults of the parameters the map draws (station radius, landfill setback). */
export const DRAWN_PARAM_DEFAULTS = { service_radius_m: 3000, landfill_setback_m: 500 };
export type DrawnParams = typeof DRAWN_PARAM_DEFAULTS;

/**
 * The radius and setback the latest coverage run used, so the rings on the map match the
 * results; the spec defaults before any run (the service answers 404 then).
 */
export async function drawnParams(token: string | null, fetchFn?: typeof fetch): Promise<DrawnParams> {
  try {
    const latest = await api<{ params?: Record<string, unknown> }>('/api/checks/coverage/latest', { token, fetchFn });
    const out = { ...DRAWN_PARAM_DEFAULTS };
    for (const key of Object.keys(out) as (keyof DrawnParams)[]) {
      const v = latest.params?.[key];
      if (typeof v === 'number' && v > 0) out[key] = v;
    }
    return out;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { ...DRAWN_PARAM_DEFAULTS };
    throw err;
  }
}
