// Raster tile benchmark: cold 256-px tiles from a 20,000 × 20,000 px GeoTIFF in EPSG:4549 (tiled,
// deflate, internal overviews; made on first use with GDAL, which only this script needs) at z18
// and z12 — median and p95 with the time split into read, warp and encode — then warm tiles from
// the cache with autocannon on 127.0.0.1, bounded in time.
//   npm run bench:imagery [-- --tiles 60 --duration 10]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { Store } from '../service/store/index.ts';
import { startServer } from '../service/server.ts';
import { crsFromEpsg } from '../service/geo/crs.ts';
import { lonLatToTile } from '../service/tiles/tile-math.ts';
import type { Timings } from '../service/imagery/render.ts';

const { values } = parseArgs({ options: { tiles: { type: 'string', default: '60' }, duration: { type: 'string', default: '10' } } });
const SAMPLES = Number(values.tiles);
const DURATION = Number(values.duration);
const DIR = 'var/bench-imagery';
const TIFF = `${DIR}/ortho-20000-4549.tif`;
const SIZE = 20_000;
const RES = 0.5;
/** Top-left corner in EPSG:4549 (near 武义县): a 10 km square. */
const ULX = 480_000;
const ULY = 3_200_000;

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message} (install gdal-bin for the benchmark input)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
}

/** A textured seed picture enlarged by GDAL into the 20,000 px GeoTIFF with overviews. */
async function ensureTiff(): Promise<void> {
  if (existsSync(TIFF)) return;
  mkdirSync(DIR, { recursive: true });
  const seed = `${DIR}/seed.png`;
  console.log('bench: making the 20,000 × 20,000 px GeoTIFF (once) …');
  await sharp({ create: { width: 4000, height: 4000, channels: 3, background: { r: 110, g: 130, b: 90 }, noise: { type: 'gaussian', mean: 120, sigma: 45 } } })
    .blur(0.8)
    .png({ compressionLevel: 1 })
    .toFile(seed);
  run('gdal_translate', [
    '-q', '-of', 'COG', '-outsize', String(SIZE), String(SIZE), '-r', 'bilinear', '-a_srs', 'EPSG:4549',
    '-a_ullr', String(ULX), String(ULY), String(ULX + SIZE * RES), String(ULY - SIZE * RES),
    '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=YES', '-co', 'BLOCKSIZE=256', '-co', 'OVERVIEWS=AUTO', '-co', 'RESAMPLING=AVERAGE', '-co', 'NUM_THREADS=2',
    seed, TIFF,
  ]);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Tiles at zoom z whose centres fall inside the image, spread over it deterministically. */
function tilesInside(z: number, n: number): [number, number, number][] {
  const gk = crsFromEpsg(4549);
  const out: [number, number, number][] = [];
  const seen = new Set<string>();
  for (let k = 0; out.length < n && k < n * 20; k++) {
    // A low-discrepancy walk over the inner 90% of the image.
    const fx = 0.05 + 0.9 * ((k * 0.618034) % 1);
    const fy = 0.05 + 0.9 * ((k * 0.7548777) % 1);
    const [lon, lat] = gk.toWgs84(ULX + fx * SIZE * RES, ULY - fy * SIZE * RES);
    const t = lonLatToTile(lon, lat, z);
    const key = `${t.x}/${t.y}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push([z, t.x, t.y]);
    }
  }
  return out;
}

await ensureTiff();
const store = await Store.open(`${DIR}/bench.duckdb`);
const server = await startServer({ store, port: 0 });
const imagery = server.imagery;
if (!(await imagery.get('ortho'))) await imagery.importFile(TIFF, { name: 'ortho', date: '2024-05-01', user: 'bench' });
const row = (await imagery.get('ortho'))!;
console.log(`image: ${row.width} × ${row.height} px, ${row.source_crs}, zoom ${row.minzoom}–${row.maxzoom}; load average ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);

// The machine may be shared: CPU time per tile (this process, all threads) is shown beside wall time.
console.log('\nzoom  tiles  cold median ms  p95 ms   (median read / warp / encode ms)  median CPU ms');
for (const z of [18, 12]) {
  const tiles = tilesInside(z, SAMPLES);
  // Few tiles cover the image at z12: each is rendered several times, the cache emptied between.
  const jobs = Array.from({ length: Math.max(SAMPLES, tiles.length) }, (_, i) => tiles[i % tiles.length]);
  const total: number[] = [];
  const cpu: number[] = [];
  const parts: Record<keyof Timings, number[]> = { read: [], warp: [], encode: [] };
  for (const [tz, x, y] of jobs) {
    imagery.cache.clear();
    const times: Timings = { read: 0, warp: 0, encode: 0 };
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const tile = await imagery.tile('ortho', tz, x, y, 'webp', times);
    if (tile.status !== 200) throw new Error(`tile ${tz}/${x}/${y} answered ${tile.status}`);
    total.push(performance.now() - started);
    const used = process.cpuUsage(cpu0);
    cpu.push((used.user + used.system) / 1000);
    for (const k of ['read', 'warp', 'encode'] as const) parts[k].push(times[k]);
  }
  const med = (a: number[]) => quantile([...a].sort((p, q) => p - q), 0.5).toFixed(1);
  const sorted = [...total].sort((a, b) => a - b);
  console.log(
    `z${z}   ${String(tiles.length).padStart(5)}  ${quantile(sorted, 0.5).toFixed(1).padStart(14)}  ${quantile(sorted, 0.95).toFixed(1).padStart(6)}   (${med(parts.read)} / ${med(parts.warp)} / ${med(parts.encode)})  ${med(cpu).padStart(13)}`,
  );
}

// Warm: every tile of the set is in the cache before the load starts.
const paths = [...tilesInside(18, 50), ...tilesInside(16, 20)].map(([z, x, y]) => `/imagery/ortho/${z}/${x}/${y}.webp`);
for (const p of paths) await fetch(`${server.url}${p}`).then((r) => r.arrayBuffer());
const require = createRequire(import.meta.url);
if (!server.url.startsWith('http://127.0.0.1:')) throw new Error(`bench: the load must stay on 127.0.0.1, not ${server.url}`);
const opts = { url: server.url, connections: 32, duration: DURATION, requests: paths.map((path) => ({ method: 'GET', path })) };
// The load generator runs in its own process, so the server's CPU time per tile can be measured
// apart from it (the machine may be shared: tiles per CPU-second is the figure that travels).
const child = spawn(
  process.execPath,
  ['-e', `require(process.env.AUTOCANNON)(JSON.parse(process.env.OPTS)).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(String(e)); process.exit(1); })`],
  { env: { ...process.env, AUTOCANNON: require.resolve('autocannon'), OPTS: JSON.stringify(opts) }, stdio: ['ignore', 'pipe', 'inherit'] },
);
const guard = setTimeout(() => {
  console.error('bench: autocannon overran its time bound; exiting');
  child.kill();
  process.exit(2);
}, (DURATION + 30) * 1000);
const cpuBefore = process.cpuUsage();
let out = '';
child.stdout.on('data', (d) => (out += d));
const code = await new Promise<number | null>((r) => child.once('close', r));
const cpuUsed = process.cpuUsage(cpuBefore);
clearTimeout(guard);
if (code !== 0) throw new Error(`autocannon exited ${code}`);
const raw = JSON.parse(out) as { requests: { total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
const completed = raw.requests.total;
const cpuMsPerTile = (cpuUsed.user + cpuUsed.system) / 1000 / completed;
console.log(
  `\nwarm: ${(completed / DURATION).toFixed(0)} tiles/s, p50 ${raw.latency.p50} ms, p99 ${raw.latency.p99} ms, non-2xx ${raw.non2xx}, errors ${raw.errors} (${paths.length} webp tiles, 32 connections, ${DURATION} s)`,
);
console.log(`warm: server CPU ${cpuMsPerTile.toFixed(3)} ms per tile = ${(1000 / cpuMsPerTile).toFixed(0)} tiles per CPU-second`);
await server.close();
store.close();
process.exit(0);
