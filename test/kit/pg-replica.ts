// A streaming replica of a throwaway cluster (pg-cluster.ts): pg_basebackup -R from the primary
// into a fresh temp directory, started as a hot standby on another free loopback port. initdb's
// default pg_hba.conf already lets 127.0.0.1 replicate, and PostgreSQL 15 defaults to
// wal_level=replica with max_wal_senders=10, so the primary needs no change.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { parseLsn, replayTarget } from '../../service/store/pg/read-route.ts';
import { asPostgres, freePort, serverOptions, type PgCluster } from './pg-cluster.ts';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PgReplica {
  url: string;
  port: number;
  /** Runs SQL on the replica (pg_wal_replay_pause() and the like). */
  sql(text: string): Promise<Record<string, unknown>[]>;
  /** Waits until the replica has replayed everything the primary had written when called. */
  catchUp(primaryUrl: string, timeoutMs?: number): Promise<void>;
  /** Stops the server, keeping its directory (the replica is down; stop() removes it). */
  halt(): void;
  stop(): Promise<void>;
}

export async function startPgReplica(primary: PgCluster): Promise<PgReplica> {
  const dir = mkdtempSync(join(tmpdir(), 'gt-pgr-'));
  chmodSync(dir, 0o755);
  execFileSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  let running = false;
  const halt = () => {
    if (!running) return;
    try {
      asPostgres([`${PG_BIN}/pg_ctl`, '-D', data, '-w', '-t', '30', '-m', 'immediate', 'stop']);
    } catch {
      // already down
    }
    running = false;
  };
  const stop = async () => {
    halt();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPostgres([`${PG_BIN}/pg_basebackup`, '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
    // Long reads on the replica are not cancelled by replay of what they read.
    const opts = serverOptions(port, dir, ['-c hot_standby=on', '-c hot_standby_feedback=on']);
    asPostgres([`${PG_BIN}/pg_ctl`, '-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', opts, 'start']);
    running = true;
  } catch (err) {
    await stop();
    const detail = err instanceof Error ? ((err as { stderr?: string }).stderr || err.message) : String(err);
    throw new Error(`throwaway replica did not start: ${detail}`);
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const sql = async (text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const catchUp = async (primaryUrl: string, timeoutMs = 30_000) => {
    const p = new pg.Client({ connectionString: primaryUrl });
    await p.connect();
    const target = replayTarget((await p.query('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0].l as string);
    await p.end();
    const until = Date.now() + timeoutMs;
    for (;;) {
      const [row] = await sql('SELECT pg_last_wal_replay_lsn()::text AS l');
      if (row.l && parseLsn(row.l as string) >= target) return;
      if (Date.now() > until) throw new Error(`replica did not replay to ${target} in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { url, port, sql, catchUp, halt, stop };
}
