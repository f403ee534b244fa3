// npm run bench:load [-- DIR] [--no-postgis]: load the generated large county's footprints through
// the real import path (`groundtruth import FILE --layer footprints --db …`, a fresh process and a
// fresh database each) from GeoJSON and from GeoParquet, and in the same run the same GeoJSON into
// a throwaway PostGIS cluster with ogr2ogr plus its GiST index (GDAL 3.6 from Debian has no
// Parquet driver). Wall seconds, CPU seconds (user + system, every thread; for PostGIS ogr2ogr's
// and the cluster's), peak RSS, and the ratio to PostGIS. Makes var/large first if it is missing:
//   npx tsx scripts/generate-county.ts --footprints 1000000 --out var/large --parquet
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPgCluster, type PgCluster } from '../test/kit/pg-cluster.ts';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? 'var/large';
const withPostgis = !args.includes('--no-postgis');
const footprints = Number(process.env.BENCH_FOOTPRINTS ?? 1_000_000);

if (!existsSync(join(dir, 'footprints.parquet'))) {
  console.log(`generating ${footprints} footprints into ${dir} …`);
  const gen = spawnSync('npx', ['tsx', 'scripts/generate-county.ts', '--footprints', String(footprints), '--out', dir, '--parquet'], { stdio: 'inherit' });
  if (gen.status !== 0) process.exit(gen.status ?? 1);
}

interface Timed {
  seconds: number;
  cpu: number;
  rssMb: number;
  stdout: string;
}

/** Runs a command under GNU time: wall, user + system CPU of it and its children, peak RSS. */
function timed(cmd: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const run = spawnSync('/usr/bin/time', ['-f', 'gnu-time %e %U %S %M', ...cmd], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /gnu-time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !m) throw new Error(`${cmd.join(' ')} failed:\n${run.stderr.slice(-2000)}`);
  return { seconds: +m[1], cpu: +m[2] + +m[3], rssMb: +m[4] / 1024, stdout: run.stdout };
}

function loadOnce(file: string) {
  const tmp = mkdtempSync(join(tmpdir(), 'gt-bench-'));
  try {
    const r = timed(['node', 'service/cli/bin.mjs', 'import', file, '--layer', 'footprints', '--db', join(tmp, 'bench.duckdb')]);
    return { ...r, loaded: Number(/loaded (\d+)/.exec(r.stdout)?.[1]) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** CPU seconds so far of a cluster: the postmaster, the children it reaped, and those still running. */
function clusterCpu(cluster: PgCluster): number {
  const pid = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const tick = 100;
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [ppid, utime, stime, cutime, cstime] = [+f[1], +f[11], +f[12], +f[13], +f[14]];
    if (Number(entry) === pid) total += utime + stime + cutime + cstime;
    else if (ppid === pid) total += utime + stime;
  }
  return total / tick;
}

function postgisLoad(cluster: PgCluster, file: string) {
  const conn = `PG:host=127.0.0.1 port=${cluster.port} user=postgres dbname=postgres`;
  const cpu0 = clusterCpu(cluster);
  const load = timed([
    'ogr2ogr', '-f', 'PostgreSQL', conn, file, '-nln', 'footprints', '-overwrite', '-lco', 'GEOMETRY_NAME=geom',
    '-lco', 'SPATIAL_INDEX=NONE', '-nlt', 'PROMOTE_TO_MULTI', '-gt', '65536', '--config', 'PG_USE_COPY', 'YES',
  ]);
  const index = timed([
    'psql', '-X', '-q', '-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', '-d', 'postgres', '-c',
    `SET maintenance_work_mem = '1GB'; CREATE INDEX footprints_geom ON footprints USING GIST (geom); ANALYZE footprints; SELECT count(*) FROM footprints;`,
    '-t',
  ]);
  const serverCpu = clusterCpu(cluster) - cpu0;
  return {
    seconds: load.seconds + index.seconds,
    cpu: load.cpu + index.cpu + serverCpu,
    rssMb: load.rssMb,
    loaded: Number(index.stdout.trim()),
    loadSeconds: load.seconds,
    indexSeconds: index.seconds,
  };
}

const rows: Record<string, string | number>[] = [];
const load = (l: string) => readFileSync('/proc/loadavg', 'utf8').split(' ')[0] + ` (${l})`;
const loads = [load('start')];
const ours = ['geojson', 'parquet'].map((ext) => {
  const file = join(dir, `footprints.${ext}`);
  const r = loadOnce(file);
  return { format: ext, file, mb: statSync(file).size / 1024 / 1024, ...r };
});
let pgRow: ReturnType<typeof postgisLoad> | null = null;
if (withPostgis) {
  const cluster = await startPgCluster();
  try {
    pgRow = postgisLoad(cluster, join(dir, 'footprints.geojson'));
  } finally {
    await cluster.stop();
  }
}
loads.push(load('end'));
for (const r of ours) {
  rows.push({
    load: `groundtruth ${r.format}`,
    file_mb: +r.mb.toFixed(1),
    features: r.loaded,
    seconds: +r.seconds.toFixed(2),
    cpu_s: +r.cpu.toFixed(2),
    peak_rss_mb: Math.round(r.rssMb),
    ...(pgRow ? { 'seconds / PostGIS': +(r.seconds / pgRow.seconds).toFixed(2), 'cpu / PostGIS': +(r.cpu / pgRow.cpu).toFixed(2) } : {}),
  });
}
if (pgRow) {
  rows.push({
    load: 'PostGIS geojson (ogr2ogr + GiST)',
    file_mb: +ours[0].mb.toFixed(1),
    features: pgRow.loaded,
    seconds: +pgRow.seconds.toFixed(2),
    cpu_s: +pgRow.cpu.toFixed(2),
    peak_rss_mb: Math.round(pgRow.rssMb),
  });
  console.log(`PostGIS: ogr2ogr ${pgRow.loadSeconds.toFixed(2)} s, GiST index + ANALYZE ${pgRow.indexSeconds.toFixed(2)} s; its peak RSS is ogr2ogr's`);
}
console.table(rows);
console.log(`load average: ${loads.join(', ')} on ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores`);
console.log('aim: GeoParquet ≤ 5 s, GeoJSON ≤ 12 s, peak RSS ≤ 2 GB');
