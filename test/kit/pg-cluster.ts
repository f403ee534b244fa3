// A throwaway PostgreSQL 15 + PostGIS 3 cluster for tests: initdb into a fresh temp directory,
// pg_ctl start on a free loopback port, CREATE EXTENSION postgis, and a stop() that removes it all.
// Root cannot run postgres, so every server command runs as the `postgres` user (runuser), as in
// scripts/postgis/server.ts. Missing packages fail loudly with the install line: a test that
// quietly skips would pass on a machine where the PostgreSQL store was never exercised.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const POSTGIS_CONTROL = '/usr/share/postgresql/15/extension/postgis.control';
export const INSTALL_HINT =
  'PostgreSQL 15 + PostGIS 3 are needed: apt-get install postgresql-15 postgresql-15-postgis-3 (scripts/ensure-postgres.sh)';

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export function asPostgres(args: string[]): string {
  return execFileSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A port the kernel just handed out and released; the gap before postgres binds it is tiny. */
/** `postgres` options of a throwaway server: loopback only, its socket in `dir`, small and unsynced. */
export function serverOptions(port: number, dir: string, extra: string[] = []): string {
  return [`-p ${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dir}`, '-c shared_buffers=64MB', '-c fsync=off', '-c jit=off', '-c TimeZone=UTC', ...extra].join(' ');
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolvePort(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** `bin` and `postgisControl` are overridable so the missing-package error can itself be tested. */
export async function startPgCluster(opts: { bin?: string; postgisControl?: string } = {}): Promise<PgCluster> {
  const bin = opts.bin ?? PG_BIN;
  for (const need of [`${bin}/initdb`, `${bin}/pg_ctl`, opts.postgisControl ?? POSTGIS_CONTROL]) {
    if (!existsSync(need)) throw new Error(`${need} is missing. ${INSTALL_HINT}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'gt-pg-'));
  chmodSync(dir, 0o755);
  execFileSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  const ctl = (args: string[]) => asPostgres([`${bin}/pg_ctl`, '-D', data, ...args]);
  let started = false;
  const stop = async () => {
    if (started) {
      try {
        ctl(['-w', '-t', '30', '-m', 'immediate', 'stop']);
      } catch {
        // already down; the directory goes either way
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPostgres([`${bin}/initdb`, '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const opts = serverOptions(port, dir, ['-c synchronous_commit=off', '-c full_page_writes=off']);
    ctl(['-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', opts, 'start']);
    started = true;
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    } finally {
      await client.end();
    }
    return { url, port, dir, stop };
  } catch (err) {
    await stop();
    const detail = err instanceof Error ? ((err as { stderr?: string }).stderr || err.message) : String(err);
    throw new Error(`throwaway PostgreSQL cluster did not start: ${detail}`);
  }
}
