// serve, user and demo: running the service and managing who may use it.
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Store } from '../store/index.ts';
import { ROLES } from '../store/users.ts';
import type { RunningServer } from '../server.ts';
import { loadDataset } from '../datasets/load.ts';
import { printLoadResult } from './report.ts';
import { Progress } from './progress.ts';
import { dbOption } from './data-commands.ts';
import { passwordFrom } from './password.ts';
import { audit, cliActor } from '../audit/log.ts';
import { registerAdminCommands } from './admin-commands.ts';
import { isPgUrl, withPgStore } from './pg-store.ts';
import { PgStore, checkCountyCode } from '../store/pg/index.ts';

export const SAMPLE_DIR = fileURLToPath(new URL('../../data/sample', import.meta.url));
const DEMO_DB = 'var/demo.duckdb';

interface ServeOpts {
  port: string;
  host: string;
  readsNeedAuth?: boolean;
  cors?: string;
  publicUrl?: string;
  trustProxy?: boolean;
  maxUploadMb: string;
  tokenDays: string;
  publishPmtiles?: string;
  s3Endpoint?: string;
  publishLayers?: string;
  readDb?: string;
  imageryDir?: string;
}

function serveOptions(cmd: Command): Command {
  return cmd
    .option('--port <port>', 'port', process.env.PORT ?? '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--reads-need-auth', 'require a token for reads too (maps, tiles, features)')
    .option('--cors <origins>', 'allowed CORS origins, comma separated, or *')
    .option('--public-url <url>', 'public base URL when behind a reverse proxy')
    .option('--trust-proxy', 'honour X-Forwarded-For/Proto/Host/Prefix (only behind a proxy that sets them)')
    .option('--max-upload-mb <mb>', 'largest layer upload', '2048')
    .option('--token-days <days>', 'lifetime of new sign-in tokens in days (0: no expiry)', '30')
    .option('--publish-pmtiles <s3url>', 'keep PMTiles archives of --publish-layers at s3://bucket/prefix, republished when a layer changes')
    .option('--s3-endpoint <url>', 'S3 endpoint for --publish-pmtiles (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)')
    .option('--publish-layers <layers>', 'layers kept published, comma separated', 'footprints,ledger,fire_lanes,townships')
    .option('--read-db <url>', 'PostgreSQL store: a streaming replica of --db for reads (postgres://…)', process.env.GROUNDTRUTH_READ_DB)
    .option('--imagery-dir <dir>', 'PostgreSQL store: the imagery folder every node mounts (GROUNDTRUTH_IMAGERY_DIR); without it imagery is read-only');
}

function positive(raw: string, name: string, allowZero = false): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number; got "${raw}"`);
  return n;
}

function publishSetting(opts: ServeOpts) {
  if (!opts.publishPmtiles) return undefined;
  if (!opts.s3Endpoint) throw new Error('--publish-pmtiles needs --s3-endpoint');
  return { target: opts.publishPmtiles, endpoint: opts.s3Endpoint, layers: (opts.publishLayers ?? '').split(',').filter(Boolean) };
}

async function serveStore(store: Store, opts: ServeOpts): Promise<RunningServer> {
  // The service (and everything it serves) loads only when a server starts: other commands stay quick.
  const { startServer } = await import('../server.ts');
  const server = await startServer({
    trustProxy: Boolean(opts.trustProxy),
    maxUploadBytes: Math.round(positive(opts.maxUploadMb, '--max-upload-mb') * 1024 * 1024),
    tokenDays: positive(opts.tokenDays, '--token-days', true),
    store,
    port: Number(opts.port),
    host: opts.host,
    readsNeedAuth: Boolean(opts.readsNeedAuth),
    corsOrigins: opts.cors ? opts.cors.split(',') : undefined,
    publicUrl: opts.publicUrl,
    keepChecksReady: true,
    publishPmtiles: publishSetting(opts),
  });
  process.stdout.write(`Groundtruth is serving ${store.db.path} at ${server.url}  (API: ${server.url}/api/docs)\n`);
  const stop = async () => {
    await server.close();
    store.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return server;
}

/** A province node: stateless, so any number may serve one database behind a load balancer. */
async function servePg(url: string, opts: ServeOpts): Promise<void> {
  if (opts.publishPmtiles) {
    throw new Error('--publish-pmtiles runs on a DuckDB file only so far; a province node serves its tiles from the database');
  }
  // Loaded here so that other commands do not pay for the province app, the queue and the routes.
  const [{ startProvinceServer }, { openNodeRoutes }] = await Promise.all([
    import('../province/server.ts'),
    import('../province/node-routes.ts'),
  ]);
  const store = await PgStore.open(url, { readUrl: opts.readDb });
  const maxUploadBytes = Math.round(positive(opts.maxUploadMb, '--max-upload-mb') * 1024 * 1024);
  const modules = await openNodeRoutes(store, url, {
    imageryDir: opts.imageryDir ?? process.env.GROUNDTRUTH_IMAGERY_DIR,
    maxUploadBytes,
    publicUrl: opts.publicUrl,
    trustProxy: Boolean(opts.trustProxy),
    readsNeedAuth: Boolean(opts.readsNeedAuth),
  });
  const server = await startProvinceServer({
    store,
    extraRoutes: modules.routes,
    tokenDays: positive(opts.tokenDays, '--token-days', true),
    trustProxy: Boolean(opts.trustProxy),
    maxUploadBytes,
    port: Number(opts.port),
    host: opts.host,
    readsNeedAuth: Boolean(opts.readsNeedAuth),
    corsOrigins: opts.cors ? opts.cors.split(',') : undefined,
    publicUrl: opts.publicUrl,
  });
  const counties = await store.counties();
  process.stdout.write(`Groundtruth (province) is serving ${counties.length} count${counties.length === 1 ? 'y' : 'ies'} from PostgreSQL${opts.readDb ? ' (reads from a replica)' : ''} at ${server.url}  (/c/<county>/api/…)\n`);
  const stop = async () => {
    await server.close();
    await modules.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The demo shows results from the first minute: run each check that has never run. */
async function runMissingChecks(server: RunningServer): Promise<void> {
  const { listRuns } = await import('../runs/persist.ts');
  const { CHECKS } = await import('../checks/registry/index.ts');
  const ran = new Set((await listRuns(server.store)).filter((r) => r.status === 'done').map((r) => r.check));
  for (const check of CHECKS.filter((c) => !ran.has(c))) {
    const started = Date.now();
    const { finished } = await server.runner.start(check, {}, 'demo');
    await finished;
    process.stdout.write(`demo: ${check} check done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

export function registerServerCommands(program: Command): void {
  serveOptions(program.command('serve').description('serve the API, the tiles and the viewer'))
    .action(async (opts: ServeOpts, cmd: Command) => {
      const db = dbOption(cmd);
      if (isPgUrl(db)) return void (await servePg(db, opts));
      if (opts.readDb) throw new Error('--read-db is for a PostgreSQL store (--db postgres://…): a DuckDB file has no replica');
      if (opts.imageryDir) throw new Error('--imagery-dir is for a PostgreSQL store (--db postgres://…): a DuckDB file keeps its imagery beside it (<db>.imagery/)');
      await serveStore(await Store.open(db), opts);
    });

  const user = program.command('user').description('manage users and their roles');
  user
    .command('add')
    .description(`add a user (or change its role) and print a new token on the last line; roles: ${ROLES.join(', ')}`)
    .argument('<name>')
    .requiredOption('--role <role>', ROLES.join(', '))
    .option('--password', 'ask for a password for signing in to the viewer (typed, not echoed)')
    .option('--password-stdin', 'read the password from standard input (scripts)')
    .option('--counties <codes>', 'PostgreSQL store: limit the role to these counties, comma separated (default: every county)')
    .action(async (name: string, opts: { role: string; password?: boolean; passwordStdin?: boolean; counties?: string }, cmd: Command) => {
      const db = dbOption(cmd);
      const counties = opts.counties?.split(',').map((c) => c.trim()).filter(Boolean);
      if (counties && !isPgUrl(db)) throw new Error('--counties is for a PostgreSQL store (--db postgres://…); a DuckDB file holds one county');
      const password = await passwordFrom(opts);
      if (isPgUrl(db)) {
        await withPgStore(db, async (pg) => {
          // Codes are checked before the user is written, so a typo adds nothing.
          counties?.forEach(checkCountyCode);
          const existed = (await pg.users.list()).some((u) => u.name === name);
          const token = await pg.users.add(name, opts.role, password);
          if (counties) await pg.users.limitToCounties(name, counties);
          await audit(pg, { actor: cliActor(), action: existed ? 'user.change' : 'user.add', target: name, detail: { role: opts.role, counties: counties ?? null, password_set: password !== undefined }, ip: 'cli' });
          const scope = counties ? ` in ${counties.join(', ')}` : '';
          process.stdout.write(`user ${name} (${opts.role}${scope}) added; bearer token:\n${token}\n`);
        });
        return;
      }
      const store = await Store.open(db);
      try {
        const existed = (await store.users.list()).some((u) => u.name === name);
        const token = await store.users.add(name, opts.role, password);
        await audit(store, { actor: cliActor(), action: existed ? 'user.change' : 'user.add', target: name, detail: { role: opts.role, password_set: password !== undefined }, ip: 'cli' });
        process.stdout.write(`user ${name} (${opts.role}) added; bearer token:\n${token}\n`);
      } finally {
        store.close();
      }
    });
  user
    .command('list')
    .description('list users and roles')
    .action(async (_opts: unknown, cmd: Command) => {
      const db = dbOption(cmd);
      if (isPgUrl(db)) {
        await withPgStore(db, async (pg) => {
          for (const u of await pg.users.list()) {
            const counties = await pg.users.counties(u.name);
            process.stdout.write(`${u.name}\t${u.role}\t${counties.length ? counties.join(',') : 'all counties'}\n`);
          }
        });
        return;
      }
      const store = await Store.open(db);
      try {
        for (const u of await store.users.list()) process.stdout.write(`${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}\n`);
      } finally {
        store.close();
      }
    });

  registerAdminCommands(program, user);

  serveOptions(
    program
      .command('demo')
      .description(`load the bundled sample county (${SAMPLE_DIR}) into ${DEMO_DB} when needed, make an admin, and serve`),
  )
    .option('--reload', 'load the sample again even if the database has it')
    .action(async (opts: ServeOpts & { reload?: boolean }, cmd: Command) => {
      const store = await Store.open(dbOption(cmd) ?? DEMO_DB);
      const loaded = (await store.layers()).some((l) => l.count > 0);
      if (!loaded || opts.reload) {
        const progress = new Progress('demo');
        const ds = await loadDataset(store, SAMPLE_DIR, {
          user: 'demo',
          onLayer: (l) => progress.update(`loading ${l}`, true),
          onProgress: (read) => progress.update(`${read.toLocaleString('en')} features`),
        });
        progress.done(`loaded ${ds.name ?? 'the sample county'}`);
        ds.layers.forEach((r) => printLoadResult(r));
      }
      const password = randomBytes(6).toString('base64url');
      await store.users.add('admin', 'admin', password);
      process.stdout.write(`\nSign in as  admin / ${password}  (a new password at every demo start)\n`);
      const server = await serveStore(store, opts);
      const log = (line: string) => process.stdout.write(`${line}\n`);
      const { loadSampleImagery } = await import('./sample-imagery.ts');
      // Checks run in a worker, so the imagery renders meanwhile.
      await Promise.all([
        runMissingChecks(server),
        loadSampleImagery(server.imagery, SAMPLE_DIR, log).catch((err) => log(`demo: sample imagery failed: ${err instanceof Error ? err.message : String(err)}`)),
      ]);
    });
}
