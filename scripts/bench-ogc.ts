// npm run bench:ogc — desktop-GIS figures on a county's database:
//   1. ogr2ogr -f GPKG -oo PAGE_SIZE=10000 of the footprints through OAPIF: seconds, counts equal?
//   2. tiles export (PMTiles, z8–z16, footprints + ledger + fire lanes + townships): seconds, MB.
// Usage: npx tsx scripts/bench-ogc.ts [dataset-dir (default /work/main/var/large → var/large)] [--skip-pmtiles] [--pages-only]
// The database is var/bench-ogc-<name>.duckdb, loaded from the dataset directory on first use.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Store } from '../service/store/index.ts';
import { startServer } from '../service/server.ts';
import { geoJsonFeature } from '../service/ogc/items.ts';

const dir = resolve(process.argv.find((a, i) => i > 1 && !a.startsWith('--')) ?? 'var/large');
const skipPmtiles = process.argv.includes('--skip-pmtiles');
// Only the service-side page comparison (no ogr2ogr, no export).
const pagesOnly = process.argv.includes('--pages-only');
const db = `var/bench-ogc-${basename(dir)}.duckdb`;

// The generated county has each layer as GeoJSON and GeoParquet: load the Parquet ones.
if (!existsSync(db)) {
  const t = performance.now();
  for (const layer of ['townships', 'footprints', 'ledger', 'fire_lanes']) {
    const file = join(dir, `${layer}.parquet`);
    if (!existsSync(file)) continue;
    const r = spawnSync('node', ['service/cli/bin.mjs', '--db', db, 'import', file, '--layer', layer], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`import of ${file} failed: ${r.stderr}`);
  }
  if (!existsSync(db)) throw new Error(`no layer files (*.parquet) in ${dir}`);
  console.log(`loaded ${dir} into ${db} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const tmp = mkdtempSync(join(tmpdir(), 'gt-bench-ogc-'));
// First, while no process holds the database: the export is a CLI run of its own.
if (!skipPmtiles && !pagesOnly) {
  const out = join(tmp, 'county.pmtiles');
  const t1 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'node', 'service/cli/bin.mjs', '--db', db, 'tiles', 'export', '--layers', 'townships,footprints,ledger,fire_lanes', '--out', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tiles export failed: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  console.table([{ dataset: dir, pmtiles_seconds: +((performance.now() - t1) / 1000).toFixed(1), pmtiles_cpu_s: childCpu(r.stderr), pmtiles_mb: +(statSync(out).size / 1e6).toFixed(2), summary: lines.find((l) => l.includes('.pmtiles:')) }]);
}
const store = await Store.open(db);
const server = await startServer({ store, port: 0, viewerDist: '/nonexistent' });

// The service side alone, side by side in one run: ten pages of 10,000 footprints (five from the
// start, five from the end) as the items route used to make them (OFFSET, a feature object each,
// JSON.stringify) and as it streams them now (keyset cursor, text from WKB).
{
  const total = (await store.count('footprints', {})) as number;
  const offsets = [0, 1, 2, 3, 4].flatMap((k) => [k * 10_000, Math.max(0, total - (k + 1) * 10_000)]);
  const measure = async (label: string, page: (offset: number) => Promise<number>) => {
    const t = performance.now();
    const c = process.cpuUsage();
    let bytes = 0;
    for (const o of offsets) bytes += await page(o);
    const u = process.cpuUsage(c);
    return { path: label, pages: offsets.length, seconds: +((performance.now() - t) / 1000).toFixed(1), cpu_s: +((u.user + u.system) / 1e6).toFixed(1), mb: +(bytes / 1e6).toFixed(1) };
  };
  const fids = (await store.all('SELECT fid FROM layer_footprints ORDER BY fid')).map((r) => Number(r.fid));
  const old = await measure('OFFSET + objects (before)', async (offset) => {
    const fs = await store.query('footprints', { limit: 10_000, offset });
    return JSON.stringify({ type: 'FeatureCollection', features: fs.map((f) => geoJsonFeature('footprints', f)) }).length;
  });
  const now = await measure('keyset + streamed text (now)', async (offset) => {
    const after = offset ? `&after=${fids[offset - 1]}` : '';
    return (await (await fetch(`${server.url}/collections/footprints/items?limit=10000${after}`)).arrayBuffer()).byteLength;
  });
  console.table([old, now]);
}
if (pagesOnly) {
  await server.close();
  store.close();
  process.exit(0);
}
const expected = (await (await fetch(`${server.url}/collections/footprints/items?limit=1`)).json()).numberMatched as number;
const gpkg = join(tmp, 'footprints.gpkg');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
// Asynchronous: the server answering ogr2ogr runs in this process. /usr/bin/time gives the
// client's CPU seconds on its last stderr line.
const run = await new Promise<{ status: number | null; stderr: string }>((done) => {
  const child = spawn('/usr/bin/time', ['-f', '%U %S', 'ogr2ogr', '-f', 'GPKG', gpkg, `OAPIF:${server.url}`, '-oo', 'PAGE_SIZE=10000', 'footprints']);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.on('close', (status: number | null) => done({ status, stderr }));
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
if (run.status !== 0) throw new Error(`ogr2ogr failed: ${run.stderr}`);
const clientCpu = childCpu(run.stderr);
const warnings = run.stderr.trim().split('\n').slice(0, -1).join('\n');
const got = Number(/Feature Count: (\d+)/.exec(execFileSync('ogrinfo', ['-ro', '-so', gpkg, 'footprints'], { encoding: 'utf8' }))?.[1]);
await server.close();
store.close();
console.table([{ dataset: dir, footprints: expected, ogr2ogr_seconds: +seconds.toFixed(1), service_cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(1), ogr2ogr_cpu_s: clientCpu, gdal_count: got, counts_equal: got === expected, warnings: warnings || 'none' }]);

rmSync(tmp, { recursive: true, force: true });

/** User + system seconds from `/usr/bin/time -f '%U %S'` (the last line of stderr). */
function childCpu(stderr: string): number {
  const [u, sys] = stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return +(u + sys).toFixed(1);
}
