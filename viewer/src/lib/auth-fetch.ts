// The signed-in user's token on every request to the service, for the requests the viewer does
// not make through api(): map tiles (MapLibre's transformRequest), imagery tiles, downloads and
// photos. Under `serve --reads-need-auth` those are refused without it. Other origins (a
// basemap, an outside imagery provider) never see the token.
import type { RequestParameters, ResourceType } from 'maplibre-gl';
import { app } from './state.svelte.ts';
import { ApiError } from './api.ts';
import { download } from './csv.ts';
import { countyPath } from './county.ts';

export function sameOrigin(url: string): boolean {
  if (typeof location === 'undefined') return false;
  try {
    return new URL(url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

export function authHeaders(url: string): Record<string, string> {
  return app.token && sameOrigin(url) ? { authorization: `Bearer ${app.token}` } : {};
}

/** MapLibre's transformRequest: the token on the service's tiles and TileJSON. */
export function withToken(url: string, _kind?: ResourceType): RequestParameters {
  const headers = authHeaders(url);
  return Object.keys(headers).length ? { url, headers } : { url };
}

/** A GET as a blob (with the token), for downloads and images. */
export async function fetchBlob(url: string): Promise<Blob> {
  const res = await fetch(countyPath(url), { headers: authHeaders(url) });
  if (!res.ok) {
    const text = await res.text();
    let message = text.slice(0, 200) || res.statusText;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? message;
    } catch {
      // not JSON: the text as is
    }
    throw new ApiError(res.status, message, 'http');
  }
  return res.blob();
}

/** Fetches a file from the service and hands it to the browser as a download. */
export async function downloadUrl(url: string, filename: string): Promise<void> {
  download(filename, await fetchBlob(url));
}
