// Reading JSON bodies of writes: refuse what is not a JSON object, and the `base_seq` that
// names the record an edit replaces (so that two people editing at once are caught).
import { fail } from './errors.ts';

export async function jsonBody(c: { req: { json: () => Promise<unknown> } }): Promise<Record<string, unknown>> {
  const body = await c.req.json().catch(() => null);
  if (!body || typeof body !== 'object' || Array.isArray(body)) fail(400, 'the body must be a JSON object');
  return body as Record<string, unknown>;
}

export function baseSeq(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(400, 'base_seq must be the seq of the verdict or update you are replacing, or null');
  return v;
}
