// Request-wide defences: where a request comes from (X-Forwarded-For only behind a trusted
// proxy), bounded bodies per route, and headers that stop a browser from sniffing an upload into
// a script or running anything but the viewer's own code.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getConnInfo } from '@hono/node-server/conninfo';
import { fail } from './errors.ts';
import type { AppEnv } from './auth.ts';

/** The client's address: the socket's, or with a trusted proxy the last X-Forwarded-For hop. */
export function clientAddress(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async function setClientAddress(c, next) {
    let ip = 'local';
    try {
      ip = getConnInfo(c).remote.address ?? 'local';
    } catch {
      /* in-process requests (tests) have no socket */
    }
    if (trustProxy) {
      const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (hops.length) ip = hops[hops.length - 1];
    }
    c.set('ip', ip.slice(0, 64));
    await next();
  };
}

const KB = 1024;
const MB = 1024 * KB;

export interface BodyLimits {
  /** JSON bodies in general. */
  json: number;
  /** Sign-in and user bodies. */
  auth: number;
  /** Field updates, which carry photos as base64. */
  fieldUpdate: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { json: 1 * MB, auth: 16 * KB, fieldUpdate: 64 * MB };

/**
 * Bounds every request body by route. Layer uploads are left to the upload receiver, which
 * counts against --max-upload-mb as it streams to disk.
 */
export function bodyLimits(limits: BodyLimits = DEFAULT_BODY_LIMITS): MiddlewareHandler<AppEnv> {
  const make = (maxSize: number) =>
    bodyLimit({ maxSize, onError: () => fail(413, `the request body is over the ${maxSize >= MB ? `${maxSize / MB} MB` : `${maxSize / KB} KB`} limit for this route`) });
  const auth = make(limits.auth);
  const field = make(limits.fieldUpdate);
  const json = make(limits.json);
  return async function limitBody(c, next) {
    const m = c.req.method;
    if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return next();
    // A county's routes (/c/330723/api/layers/…) are bounded as the single-county ones.
    const path = c.req.path.replace(/^\/c\/[^/]+(?=\/)/, '');
    if (m === 'PUT' && /^\/api\/layers\/[^/]+\/?$/.test(path)) return next();
    if (path.startsWith('/api/auth/')) return auth(c, next);
    if (m === 'PATCH' && path.startsWith('/api/ledger/')) return field(c, next);
    return json(c, next);
  };
}

/** The viewer's policy: its own scripts only; basemap tiles may come from any http(s) server. */
export const VIEWER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: http: https:",
  "connect-src 'self' http: https:",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function setSecurityHeaders(c, next) {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'same-origin');
    const type = c.res.headers.get('content-type') ?? '';
    if (type.startsWith('text/html') && !c.res.headers.has('Content-Security-Policy')) {
      c.res.headers.set('Content-Security-Policy', VIEWER_CSP);
      c.res.headers.set('X-Frame-Options', 'SAMEORIGIN');
    }
  };
}
