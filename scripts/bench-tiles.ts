// npm run bench:tiles — the tiles of the large county from the running service (DuckDB source,
// check results joined, HTTP, compression): cold time p50/p95/max per zoom over a fixed block of
// tiles around the centre, the largest tile, and warm throughput with autocannon on 127.0.0.1.
// With --vs-postgis the same tiles come from PostGIS ST_AsMVT in the same run, each tile asked of
// both in turn (so both see the same load on a shared machine), and ratios print.
//   npm run bench:tiles -- [--db var/large.duckdb] [--dir var/large] [--duration 10] [--vs-postgis]
// The database is made from the generated county if missing:
//   npx tsx scripts/generate-county.ts --footprints 1000000 --out var/large
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startServer } from '../service/server.ts';
import { lonLatToTile } from '../service/tiles/index.ts';
import { tileSpace } from '../service/layercache/tile-space.ts';
import { tileProps } from '../service/layercache/tile-props.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'var/large.duckdb' },
    dir: { type: 'string', default: 'var/large' },
    layer: { type: 'string', default: 'footprints' },
    duration: { type: 'string', default: '10' },
    'vs-postgis': { type: 'boolean', default: false },
    // Other benches on the same machine may hold the default port with their own cluster.
    'pg-port': { type: 'string', default: '55432' },
  },
});
const DURATION = Number(values.duration);
const LAYER = values.layer!;
const CENTRE: [number, number] = [119.8, 28.9];
const ZOOMS = [8, 10, 12, 14, 16];

function ensureDatabase() {
  if (existsSync(values.db!)) return;
  // The generator may leave GeoParquet beside the GeoJSON; a dataset directory holds one file per layer.
  const gj = join('var', 'bench-tiles-geojson');
  mkdirSync(gj, { recursive: true });
  for (const f of readdirSync(values.dir!).filter((f) => f.endsWith('.geojson') || f === 'dataset.json')) {
    if (!existsSync(join(gj, f))) symlinkSync(resolve(values.dir!, f), join(gj, f));
  }
  console.log(`loading ${gj} into ${values.db} …`);
  const r = spawnSync(process.execPath, ['service/cli/bin.mjs', 'import', gj, '--db', values.db!], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function tileBlock(z: number): [number, number, number][] {
  const c = lonLatToTile(CENTRE[0], CENTRE[1], z);
  const out: [number, number, number][] = [];
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) out.push([z, c.x + dx, c.y + dy]);
  return out;
}

interface ZoomFigures {
  p50: number;
  p95: number;
  max: number;
  largest: number;
}

function summarise(times: number[], sizes: number[]): ZoomFigures {
  const t = [...times].sort((a, b) => a - b);
  return { p50: quantile(t, 0.5), p95: quantile(t, 0.95), max: t[t.length - 1], largest: Math.max(...sizes) };
}

type TileFn = (z: number, x: number, y: number) => Promise<number>;

/**
 * Times every tile of the block around the centre at each zoom with each of `fns` (returning the
 * tile's byte size), the fns taking turns tile by tile; also the CPU ms this process spent in
 * each fn (for the service: all its threads).
 */
async function coldTimes(fns: TileFn[]): Promise<{ figures: Record<number, ZoomFigures>; cpuMs: number }[]> {
  const out = fns.map(() => ({ figures: {} as Record<number, ZoomFigures>, cpuMs: 0 }));
  for (const z of ZOOMS) {
    const times = fns.map(() => [] as number[]);
    const sizes = fns.map(() => [] as number[]);
    for (const [tz, x, y] of tileBlock(z)) {
      for (let k = 0; k < fns.length; k++) {
        const cpu = process.cpuUsage();
        const start = performance.now();
        sizes[k].push(await fns[k](tz, x, y));
        times[k].push(performance.now() - start);
        const used = process.cpuUsage(cpu);
        out[k].cpuMs += (used.user + used.system) / 1000;
      }
    }
    fns.forEach((_, k) => (out[k].figures[z] = summarise(times[k], sizes[k])));
  }
  return out;
}

function serviceTile(base: string): TileFn {
  return async (z, x, y) => {
    const res = await fetch(`${base}/tiles/${LAYER}/${z}/${x}/${y}.mvt`);
    const body = new Uint8Array(await res.arrayBuffer());
    if (res.status !== 200 && res.status !== 204) throw new Error(`tile ${z}/${x}/${y} answered ${res.status}`);
    return body.byteLength;
  };
}

async function warmThroughput(base: string): Promise<string> {
  const paths = ZOOMS.flatMap((z) => tileBlock(z).map(([tz, x, y]) => `/tiles/${LAYER}/${tz}/${x}/${y}.mvt`));
  for (const p of paths) await fetch(`${base}${p}`, { headers: { 'accept-encoding': 'br, gzip' } }).then((r) => r.arrayBuffer());
  const require = createRequire(import.meta.url);
  const autocannon = require('autocannon') as { aggregateResult(results: unknown[], opts: unknown): { latency: { p50: number; p99: number }; non2xx: number; errors: number } };
  const opts = { url: base, connections: 32, duration: DURATION, headers: { 'accept-encoding': 'br, gzip' }, requests: paths.map((path) => ({ method: 'GET', path })) };
  // The load generator runs in its own thread so it does not share the server's event loop.
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     require(workerData.autocannon)(workerData.opts).then((r) => parentPort.postMessage(r), (e) => parentPort.postMessage({ error: String(e) }));`,
    { eval: true, workerData: { autocannon: require.resolve('autocannon'), opts } },
  );
  const guard = setTimeout(() => {
    console.error('bench: autocannon overran its time bound; exiting');
    process.exit(2);
  }, (DURATION + 30) * 1000);
  const raw = await new Promise<{ error?: string; totalCompletedRequests: number; totalBytes: number }>((r) => worker.once('message', r));
  clearTimeout(guard);
  await worker.terminate();
  if (raw.error) throw new Error(`autocannon: ${raw.error}`);
  const agg = autocannon.aggregateResult([raw], opts);
  return `${(raw.totalCompletedRequests / DURATION).toFixed(0)} tiles/s, p50 ${agg.latency.p50} ms, p99 ${agg.latency.p99} ms, non-2xx ${agg.non2xx}, errors ${agg.errors} (${paths.length} tiles z8–z16, 32 connections, ${DURATION} s, br)`;
}

async function startPostgisTiles(): Promise<{ tile: TileFn; stop: () => Promise<void> }> {
  const { startPostgis, loadLayers, tileSql } = await import('./postgis/index.ts');
  const pgis = await startPostgis({ port: Number(values['pg-port']), log: (l) => console.log(`postgis: ${l}`) });
  try {
    const load = await loadLayers(pgis.client, values.dir!, [LAYER]);
    console.log(`postgis: loaded and indexed ${LAYER} in ${load.seconds.toFixed(1)} s (not counted)`);
  } catch (e) {
    await pgis.stop();
    throw e;
  }
  return { tile: async (z, x, y) => (await tileSql(pgis.client, LAYER, z, x, y)).byteLength, stop: () => pgis.stop() };
}

function table(title: string, figures: Record<number, ZoomFigures>) {
  console.log(`\n${title}\nzoom  cold p50 ms  p95 ms   max ms  largest B`);
  for (const z of ZOOMS) {
    const f = figures[z];
    console.log(`z${String(z).padEnd(4)} ${f.p50.toFixed(1).padStart(11)}  ${f.p95.toFixed(1).padStart(6)}  ${f.max.toFixed(1).padStart(7)}  ${String(f.largest).padStart(9)}`);
  }
}

ensureDatabase();
const server = await startServer({ dbPath: values.db, port: 0 });
try {
  // The service cuts tiles of result-free layers from the layer's in-memory columns, read once per
  // layer version (at the first tile or check that needs them); timed apart, like PostGIS's load.
  const { loadavg } = await import('node:os');
  console.log(`load average at start (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  const readStart = performance.now();
  const col = await server.runner.layers.get(LAYER as never);
  console.log(`${LAYER}: ${col.size} features read into memory columns in ${((performance.now() - readStart) / 1000).toFixed(1)} s (once per layer version; not counted below), rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  // Projected to Web Mercator once per layer version, at the first tile that needs it; timed apart.
  const spaceStart = performance.now();
  tileSpace(col);
  tileProps(col);
  console.log(`${LAYER}: projected to tile space and property values numbered in ${((performance.now() - spaceStart) / 1000).toFixed(1)} s (once per layer version; not counted below), rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  const pg = values['vs-postgis'] ? await startPostgisTiles() : null;
  let ours: Record<number, ZoomFigures>;
  try {
    const runs = await coldTimes(pg ? [serviceTile(server.url), pg.tile] : [serviceTile(server.url)]);
    ours = runs[0].figures;
    table(`groundtruth service (${values.db}, layer ${LAYER}, 3×3 tiles around ${CENTRE.join(',')} per zoom, cold cache; ${(runs[0].cpuMs / 1000).toFixed(2)} CPU s in all)`, ours);
    if (pg) {
      const theirs = runs[1].figures;
      table('postgis ST_AsMVT (extent 4096, buffer 64, GiST, one query per tile; asked in turn with the service)', theirs);
      console.log('\nzoom  p50 ratio  p95 ratio  (Groundtruth / PostGIS)');
      for (const z of ZOOMS) {
        console.log(`z${String(z).padEnd(4)} ${(ours[z].p50 / theirs[z].p50).toFixed(2).padStart(9)}  ${(ours[z].p95 / theirs[z].p95).toFixed(2).padStart(9)}`);
      }
    }
  } finally {
    await pg?.stop();
  }
  console.log(`largest tile: ${Math.max(...ZOOMS.map((z) => ours[z].largest))} B (cap 500 KB)`);
  console.log(`warm: ${await warmThroughput(server.url)}`);
  console.log(`\nload average at the end (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
} finally {
  await server.close();
}
