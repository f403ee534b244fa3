// Soak: 64 clients for 60 s against the service on 127.0.0.1, mixing vector tiles, reads (layer
// list, feature pages, run summaries) and verdict writes (each client decides its own patches in
// turn, naming the verdict it replaces, so no write conflicts by design). Prints throughput,
// latency and error counts; exits non-zero on any error or non-2xx answer.
//   npx tsx scripts/bench-soak.ts [--duration 60] [--connections 64] [--db var/soak.duckdb]
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { Store } from '../service/store/index.ts';
import { createApp } from '../service/app.ts';
import { loadDataset } from '../service/datasets/load.ts';
import { SAMPLE_DIR } from '../service/cli/server-commands.ts';
import { lonLatToTile } from '../service/tiles/index.ts';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '60' }, connections: { type: 'string', default: '64' }, db: { type: 'string', default: 'var/soak.duckdb' }, port: { type: 'string', default: '18931' } } });
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const DB = values.db!;
const PORT = Number(values.port);

rmSync(DB, { force: true });
rmSync(`${DB}.wal`, { force: true });
const store = await Store.open(DB);
await createApp(store); // creates every part's tables
await loadDataset(store, SAMPLE_DIR, { user: 'soak' });
const token = await store.users.add('soak_inspector', 'inspector');
const patches = (await store.all('SELECT batch, id FROM layer_patches ORDER BY batch, id')) as { batch: string; id: string }[];
store.close();

const server = spawn(process.execPath, [new URL('../service/cli/bin.mjs', import.meta.url).pathname, 'serve', '--db', DB, '--port', String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    /* not up yet */
  }
  if (i > 600) throw new Error('the server did not start');
  await new Promise((r) => setTimeout(r, 100));
}

// Tiles around the county centre at z12–15.
const tiles: string[] = [];
for (const z of [12, 13, 14, 15]) {
  const { x: cx, y: cy } = lonLatToTile(119.75, 28.9, z);
  for (let dx = -2; dx <= 2; dx++) for (let dy = -2; dy <= 2; dy++) tiles.push(`/tiles/ledger,patches,fire_lanes/${z}/${cx + dx}/${cy + dy}.mvt`);
}
// Warm the tile caches once, as a viewer's first visit would; the soak measures the service warm.
const warmStart = Date.now();
for (const t of tiles) await (await fetch(`${base}${t}`)).arrayBuffer();
const warmMs = Date.now() - warmStart;
const reads = ['/api/layers', '/collections/ledger/items?limit=50&offset=100', '/collections/patches/items?limit=20', '/api/checks/runs', '/api/patches/verdicts?batch=2024Q1'];

// Each patch is decided by one request at a time; its standing verdict travels with it.
const free = patches.map((p) => ({ ...p, seq: null as number | null }));
const VERDICTS = ['legal', 'illegal', 'false_change'];
let n = 0;
type Ctx = { patch?: (typeof free)[number] };

const tileReq = () => ({ method: 'GET', setupRequest: (req: { path: string }) => ({ ...req, path: tiles[n++ % tiles.length] }) });
const readReq = () => ({ method: 'GET', setupRequest: (req: { path: string }) => ({ ...req, path: reads[n++ % reads.length] }) });
const verdictReq = {
  method: 'PUT',
  setupRequest: (req: Record<string, unknown>, ctx: Ctx) => {
    const p = free.shift();
    if (!p) return { ...req, method: 'GET', path: '/api/health' };
    ctx.patch = p;
    return {
      ...req,
      path: `/api/patches/${encodeURIComponent(p.id)}/verdict`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batch: p.batch, verdict: VERDICTS[n++ % 3], base_seq: p.seq }),
    };
  },
  onResponse: (status: number, body: string, ctx: Ctx) => {
    const p = ctx.patch;
    if (!p) return;
    ctx.patch = undefined;
    try {
      const j = JSON.parse(body) as { seq?: number; current?: { seq: number } };
      p.seq = status === 200 ? (j.seq ?? p.seq) : (j.current?.seq ?? p.seq);
    } catch {
      /* keep the old seq */
    }
    free.push(p);
  },
};
// 10 requests a cycle: 5 tiles, 3 reads, 2 verdicts.
const requests = [tileReq(), readReq(), tileReq(), verdictReq, tileReq(), readReq(), tileReq(), verdictReq, tileReq(), readReq()];

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: unknown) => Promise<{
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}>;
const started = Date.now();
const result = await autocannon({ url: base, connections: CONNECTIONS, duration: DURATION, requests, timeout: 30 });
const [{ v }] = await (async () => {
  const r = await fetch(`${base}/api/patches/verdicts/history`);
  return [{ v: ((await r.json()) as { history: unknown[] }).history.length }];
})();
server.kill('SIGTERM');
const summary = {
  seconds: Math.round((Date.now() - started) / 1000),
  warm_up_ms: warmMs,
  connections: CONNECTIONS,
  requests: result.requests.total,
  requests_per_s: result.requests.average,
  latency_ms: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  verdicts_stored: v,
  status_codes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, s]) => [k, s.count])),
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
};
console.log(JSON.stringify(summary, null, 2));
process.exit(result.errors || result.timeouts || result.non2xx ? 1 : 0);
