// Reads from a streaming replica without a client ever reading older data than it just wrote.
// A successful write answers with the primary's WAL position after it (header Groundtruth-Write-Lsn
// and a cookie, and the node remembers it for the request's token). A later read by that client,
// on any node (the cookie or the header sent back) or on this node (the token), goes to the primary
// until the replica has replayed past that position; everyone else reads from the replica. The
// remembered position lasts WRITE_WINDOW_S: a replica further behind than that is broken, not late.
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createHash } from 'node:crypto';
import type { AppEnv } from '../http/auth.ts';
import type { PgStore } from '../store/pg/index.ts';
import { readingFrom, replayTarget } from '../store/pg/read-route.ts';

export const WRITE_LSN_HEADER = 'Groundtruth-Write-Lsn';
export const MIN_LSN_HEADER = 'Groundtruth-Min-Lsn';
export const READ_FROM_HEADER = 'Groundtruth-Read-From';
const COOKIE = 'gt_wrote';
const WRITE_WINDOW_S = 30;
const WRITES = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

function lsnOf(raw: string | undefined): bigint | null {
  if (!raw) return null;
  try {
    return replayTarget(raw);
  } catch {
    return null; // a mangled cookie only costs a read from the primary's neighbour, not an error
  }
}

export function readYourWrites(store: PgStore): MiddlewareHandler<AppEnv> {
  // Token hash → [WAL position, expiry ms]: bearer clients that keep no cookie, on this node.
  const byToken = new Map<string, [string, number]>();
  const tokenKey = (auth: string | undefined) => (auth ? createHash('sha256').update(auth).digest('base64url') : null);

  return async (c, next) => {
    if (!store.route.replica) return next();
    const key = tokenKey(c.req.header('authorization'));
    if (WRITES.has(c.req.method)) {
      await readingFrom(true, next);
      if (c.res.status < 400) {
        const lsn = await store.route.writeLsn();
        c.header(WRITE_LSN_HEADER, lsn);
        setCookie(c, COOKIE, lsn, { path: '/', maxAge: WRITE_WINDOW_S, httpOnly: true, sameSite: 'Lax' });
        if (key) byToken.set(key, [lsn, Date.now() + WRITE_WINDOW_S * 1000]);
        if (byToken.size > 10_000) for (const [k, [, until]] of byToken) if (until < Date.now()) byToken.delete(k);
      }
      return;
    }
    let wrote: bigint | null = null;
    const remembered = key ? byToken.get(key) : undefined;
    if (remembered && remembered[1] < Date.now()) byToken.delete(key!);
    for (const raw of [getCookie(c, COOKIE), c.req.header(MIN_LSN_HEADER), remembered && remembered[1] >= Date.now() ? remembered[0] : undefined]) {
      const lsn = lsnOf(raw);
      if (lsn !== null && (wrote === null || lsn > wrote)) wrote = lsn;
    }
    let primary = false;
    if (wrote !== null) {
      const replayed = await store.route.replayLsn();
      primary = replayed === null || replayed < wrote;
      if (!primary && key && remembered) byToken.delete(key);
    }
    await readingFrom(primary, async () => {
      await next();
      c.header(READ_FROM_HEADER, store.route.onReplica() ? 'replica' : 'primary');
    });
  };
}
