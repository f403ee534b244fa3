// One error path: anything that should reach the client as a 4xx is thrown as an ApiError; the
// app's onError turns it (and any unexpected error, as a 500 without internals) into JSON.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(status, { message });
  }
}

export function fail(status: ContentfulStatusCode, message: string, details?: Record<string, unknown>): never {
  throw new ApiError(status, message, details);
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    return c.json({ error: err.message, ...err.details }, err.status);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: err.message || 'request failed' }, err.status);
  }
  console.error(`[groundtruth] ${c.req.method} ${c.req.path} failed:`, err);
  return c.json({ error: 'internal error; the server log has the details' }, 500);
}
