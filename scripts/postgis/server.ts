// A private, throwaway PostgreSQL 15 + PostGIS 3 cluster for the `--vs-postgis` benchmarks:
// installed from Debian when missing, created under var/postgis/, listening on 127.0.0.1 only,
// and stopped by the caller (always in a finally). Root cannot run postgres, so every server
// command runs as the `postgres` user through runuser.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const POSTGIS_CONTROL = '/usr/share/postgresql/15/extension/postgis.control';
export const DEFAULT_PORT = 55432;
export const DEFAULT_DIR = 'var/postgis';

export interface PostgisServer {
  client: pg.Client;
  url: string;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function asPostgres(args: string[]): string {
  return run('runuser', ['-u', 'postgres', '--', ...args]);
}

/** apt-get install only when the binaries or the extension are missing (the first run takes ~1 min). */
function ensureInstalled(log: (line: string) => void): void {
  if (existsSync(`${PG_BIN}/postgres`) && existsSync(POSTGIS_CONTROL)) return;
  log('postgis: installing postgresql-15 postgresql-15-postgis-3 from Debian');
  run('apt-get', ['update', '-qq']);
  execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql-15', 'postgresql-15-postgis-3'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(POSTGIS_CONTROL)) throw new Error(`postgis: ${POSTGIS_CONTROL} still missing after apt-get install`);
}

/**
 * The cluster lives in <dir>/data, owned by postgres. Its parent folders must be traversable by
 * postgres, which /work/main/var is (755); trust auth is safe because it listens on 127.0.0.1 only
 * and is torn down after each run.
 */
function ensureCluster(dir: string, log: (line: string) => void): string {
  const data = resolve(dir, 'data');
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  run('chown', ['postgres:postgres', dir]);
  if (!existsSync(resolve(data, 'PG_VERSION'))) {
    log(`postgis: initdb ${data}`);
    asPostgres([`${PG_BIN}/initdb`, '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  }
  return data;
}

/** Memory limits that leave room for the rest of a shared 2-core machine. */
function serverOptions(port: number): string {
  return [
    `-p ${port}`,
    `-c listen_addresses=127.0.0.1`,
    `-c unix_socket_directories=''`,
    '-c shared_buffers=1GB',
    '-c work_mem=256MB',
    '-c maintenance_work_mem=512MB',
    // A throwaway cluster: skip WAL for COPY into fresh tables and do not wait for commits.
    '-c wal_level=minimal',
    '-c max_wal_senders=0',
    '-c synchronous_commit=off',
    '-c max_wal_size=4GB',
    '-c max_parallel_workers_per_gather=2',
    '-c jit=off',
  ].join(' ');
}

export async function startPostgis(
  opts: { dir?: string; port?: number; log?: (line: string) => void } = {},
): Promise<PostgisServer> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const dir = resolve(opts.dir ?? DEFAULT_DIR);
  const port = opts.port ?? DEFAULT_PORT;
  ensureInstalled(log);
  const data = ensureCluster(dir, log);
  const ctl = (args: string[]) => asPostgres([`${PG_BIN}/pg_ctl`, '-D', data, ...args]);
  // A previous run killed hard may have left the server up; reuse is fine, it is ours.
  let running = true;
  try {
    ctl(['status']);
  } catch {
    running = false;
  }
  if (!running) ctl(['-w', '-t', '60', '-l', resolve(dir, 'server.log'), '-o', serverOptions(port), 'start']);
  const stop = async (): Promise<void> => {
    ctl(['-w', '-t', '60', '-m', 'fast', 'stop']);
  };
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await ensureSrid4549(client);
  } catch (err) {
    await client.end().catch(() => undefined);
    await stop();
    throw err;
  }
  return {
    client,
    url,
    async stop() {
      await client.end().catch(() => undefined);
      await stop();
    },
  };
}

/** CGCS2000 / 3-degree Gauss-Kruger CM 120E; Debian's PostGIS ships it, this covers a build that does not. */
async function ensureSrid4549(client: pg.Client): Promise<void> {
  await client.query(
    `INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, proj4text)
     VALUES (4549, 'EPSG', 4549, '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs')
     ON CONFLICT (srid) DO NOTHING`,
  );
}
