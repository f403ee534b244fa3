// Where a read goes when a streaming replica is configured: to the replica, unless the request runs
// with `primary` set (a write, or a reader whose own last write the replica has not replayed yet,
// decided per request by the service), or the replica cannot be reached (then the primary answers
// and the replica is left alone for a few seconds). Writes never come here: they use the primary
// pool directly.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

const routing = new AsyncLocalStorage<{ primary: boolean }>();

/** Runs `fn` with its reads sent to the primary (`primary`) or to the replica. */
export function readingFrom<T>(primary: boolean, fn: () => Promise<T>): Promise<T> {
  return routing.run({ primary }, fn);
}

/** A write-ahead log position ('16/B374D848') as a number, for comparing two of them. */
export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn.trim());
  if (!m) throw new Error(`not a WAL position: "${lsn}"`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

const XLOG_PAGE = 8192n;
/**
 * The insert position as a replay position. At the start of a WAL page the insert position is past
 * the page header (24 bytes, 40 on a segment's first page) while the replica's replay position
 * stays at the end of the last record, the page boundary: nothing lies in between to replay.
 */
export function replayTarget(insertLsn: string): bigint {
  const lsn = parseLsn(insertLsn);
  const inPage = lsn % XLOG_PAGE;
  return inPage === 24n || inPage === 40n ? lsn - inPage : lsn;
}

// Connection failures and a replica shutting down or still starting: answer from the primary.
// 40001 is a query cancelled by recovery on the replica (a conflict with WAL replay).
const UNREACHABLE = /^(08|57P0)/;
function unreachable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (typeof e?.code === 'string' && (UNREACHABLE.test(e.code) || e.code === '40001' || e.code.startsWith('E'))) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout expired/i.test(e?.message ?? '');
}

const REPLICA_BACKOFF_MS = 5000;

export class ReadRoute {
  private downUntil = 0;
  /** Pool-shaped: the promise forms of query() and connect(), routed per call. */
  readonly pool: pg.Pool;

  constructor(
    readonly primary: pg.Pool,
    readonly replica: pg.Pool | null,
  ) {
    const route = this;
    const reads = {
      query: (...args: unknown[]) => route.run((p) => (p.query as (...a: unknown[]) => Promise<unknown>)(...args)),
      connect: () => route.run((p) => p.connect()),
    };
    this.pool = replica ? (reads as unknown as pg.Pool) : primary;
  }

  /** Whether the current request's reads go to the replica. */
  onReplica(): boolean {
    return Boolean(this.replica) && !routing.getStore()?.primary && Date.now() >= this.downUntil;
  }

  private async run<T>(fn: (p: pg.Pool) => Promise<T>): Promise<T> {
    if (!this.onReplica()) return fn(this.primary);
    try {
      return await fn(this.replica!);
    } catch (err) {
      if (!unreachable(err)) throw err;
      this.downUntil = Date.now() + REPLICA_BACKOFF_MS;
      return fn(this.primary);
    }
  }

  /** Where the primary's WAL is now: past every transaction committed before this call. */
  async writeLsn(): Promise<string> {
    return (await this.primary.query('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0].lsn as string;
  }

  /** How far the replica has replayed; null when there is no replica or it cannot be asked. */
  async replayLsn(): Promise<bigint | null> {
    if (!this.replica || Date.now() < this.downUntil) return null;
    try {
      const lsn = (await this.replica.query('SELECT pg_last_wal_replay_lsn()::text AS lsn')).rows[0].lsn as string | null;
      return lsn ? parseLsn(lsn) : null;
    } catch (err) {
      if (unreachable(err)) this.downUntil = Date.now() + REPLICA_BACKOFF_MS;
      return null;
    }
  }

  close(): Promise<void> {
    return this.replica ? this.replica.end() : Promise.resolve();
  }
}
