// npm run bench (load part): time and peak memory of loading the generated large county's
// footprints from GeoJSON and from GeoParquet, each in a fresh process and a fresh database.
// Generates var/large first if it is missing:
//   npx tsx scripts/generate-county.ts --footprints 1000000 --out var/large --parquet
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'var/large';
const footprints = Number(process.env.BENCH_FOOTPRINTS ?? 1_000_000);

if (!existsSync(join(dir, 'footprints.parquet'))) {
  console.log(`generating ${footprints} footprints into ${dir} …`);
  const gen = spawnSync('npx', ['tsx', 'scripts/generate-county.ts', '--footprints', String(footprints), '--out', dir, '--parquet'], { stdio: 'inherit' });
  if (gen.status !== 0) process.exit(gen.status ?? 1);
}

function loadOnce(file: string) {
  const tmp = mkdtempSync(join(tmpdir(), 'gt-bench-'));
  const started = process.hrtime.bigint();
  const run = spawnSync('node', ['service/cli/bin.mjs', 'import', file, '--layer', 'footprints', '--db', join(tmp, 'bench.duckdb')], {
    env: { ...process.env, GROUNDTRUTH_REPORT_RSS: '1' },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(tmp, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`import of ${file} failed:\n${run.stderr}`);
  const rss = Number(/peak-rss-kb (\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1024;
  const loaded = /loaded (\d+)/.exec(run.stdout)?.[1];
  return { seconds, rssMb: rss, loaded: Number(loaded) };
}

const rows = [];
for (const ext of ['geojson', 'parquet']) {
  const file = join(dir, `footprints.${ext}`);
  const r = loadOnce(file);
  rows.push({ format: ext, file_mb: +(statSync(file).size / 1024 / 1024).toFixed(1), features: r.loaded, seconds: +r.seconds.toFixed(2), peak_rss_mb: Math.round(r.rssMb) });
}
console.table(rows);
console.log('aim: GeoJSON under 18 s and under 2 GB; GeoParquet faster still (PostGIS: ~36 s from GeoJSON)');
