// Times the four checks on a large county and reports peak memory.
//   npm run bench:checks -- [--db var/large.duckdb] [--dir var/large | --synthetic] [--scale 1] [--seed 1] [--only patches,fire,coverage,quality] [--vs-postgis] [--pg-port N --pg-dir DIR]
// With --db (a database holding the county, from `groundtruth import <dir> --db …`) each check is
// timed through the service's HTTP API first (what a user waits for: see bench/api-checks.ts),
// twice (the second run finds its layers unchanged), with the engine alone on the same layers as a
// second column.
// Reads <dir>/<layer>.geojson (from scripts/generate-county.ts) when the directory exists, else
// generates a synthetic county of the benchmark's counts (1M footprints, 50k ledger, 20k patches,
// 20k lanes, 50k demand, 500 candidates) × scale. Engines are pluggable (see ENGINES) so a
// PostGIS runner (--vs-postgis) can be added beside the TypeScript one.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LAYER_NAMES, type LayerName } from '../service/layers/schema.ts';
import { runCoverageCheck, runFireCheck, runPatchesCheck, runQualityCheck, type CheckData, type CheckFeature, type CheckParams } from '../service/checks/index.ts';
import { LARGE_COUNTY, randomCounty, type CountySize } from '../test/kit/random-county.ts';

import { verifyPlanted, type Documents, type PlantedCase } from '../test/checks/planted.ts';

type CheckName = 'patches' | 'fire' | 'coverage' | 'quality';

/** One way of running a check; a PostGIS engine would implement the same. */
interface Engine {
  name: string;
  run(check: CheckName, data: CheckData, params: Partial<CheckParams>): { rows: number; doc?: unknown };
}

const typescriptEngine: Engine = {
  name: 'groundtruth (TS)',
  run(check, data, params) {
    if (check === 'patches') {
      const doc = runPatchesCheck(data, params);
      return { rows: doc.patches.length, doc };
    }
    if (check === 'fire') {
      const doc = runFireCheck(data, params);
      return { rows: doc.encroachments.length + doc.spacing.length, doc };
    }
    if (check === 'quality') {
      const doc = runQualityCheck(data, params);
      return { rows: doc.findings.length, doc };
    }
    const doc = runCoverageCheck(data, params);
    return { rows: doc.demand.length, doc };
  },
};

const ENGINES: Engine[] = [typescriptEngine];

function readDirectory(dir: string): CheckData {
  const data: CheckData = {};
  for (const layer of LAYER_NAMES) {
    const file = `${dir}/${layer}.geojson`;
    if (!existsSync(file)) continue;
    const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: Record<string, string | number | null>; geometry: CheckFeature['geometry'] }[] };
    data[layer as LayerName] = fc.features.map((f, i) => ({ id: String(f.properties?.id ?? f.properties?.name ?? i), props: f.properties ?? {}, geometry: f.geometry }));
  }
  return data;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
let apiEngineData: CheckData | undefined;
let apiParams: Record<string, unknown> = {};
const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'var/large' },
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string', default: 'patches,fire,coverage,quality' },
    synthetic: { type: 'boolean', default: false },
    'vs-postgis': { type: 'boolean', default: false },
    // Several benchmarks may share a machine: each PostGIS cluster on its own port and directory.
    'pg-port': { type: 'string' },
    'pg-dir': { type: 'string' },
    db: { type: 'string' },
  },
});

const apiRows: { check: string; cold: number; cpuCold: number; first: number; second: number; cpu: number; cpuAgain: number; served: number; phases: string; rows: number }[] = [];
let readyLine = '';
if (values.db) {
  const { startApiBench } = await import('./bench/api-checks.ts');
  const phasesOf = (t: { phases: Record<string, number> }) => Object.entries(t.phases).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
  // Kept ready, as `groundtruth serve` runs: the layers read, indexed and projected once per layer
  // version before the first run (timed apart, as PostGIS's load and index are).
  const bench = await startApiBench(values.db, { keepReady: true });
  readyLine = `api: layers kept ready (read, indexed, projected) in ${bench.ready!.seconds.toFixed(2)} s, cpu ${bench.ready!.cpuSeconds.toFixed(2)} s (not counted below); rss ${mb(process.memoryUsage().rss)} MB`;
  console.log(readyLine);
  try {
    for (const check of values.only!.split(',') as CheckName[]) {
      const first = await bench.run(check);
      const second = await bench.run(check);
      apiRows.push({ check, cold: NaN, cpuCold: NaN, first: first.seconds, second: second.seconds, cpu: first.cpuSeconds, cpuAgain: second.cpuSeconds, served: first.servedSeconds, phases: phasesOf(first), rows: first.rows });
      console.log(`api ${check}: ${first.seconds.toFixed(2)} s, cpu ${first.cpuSeconds.toFixed(2)} s (${phasesOf(first)}, ${first.layerReads} layers read); again ${second.seconds.toFixed(2)} s, cpu ${second.cpuSeconds.toFixed(2)} s (${phasesOf(second)}, ${second.layerReads} layers read); latest served in ${first.servedSeconds.toFixed(2)} s; ${first.rows} rows; rss ${mb(process.memoryUsage().rss)} MB`);
    }
  } finally {
    await bench.close();
  }
  // Cold, in a second service (its own check thread): each check's layers read from DuckDB when
  // the run asks for them. It runs second so that the first service's memory, collected meanwhile,
  // is not counted against the kept-ready runs.
  const coldBench = await startApiBench(values.db);
  try {
    for (const check of values.only!.split(',') as CheckName[]) {
      const t = await coldBench.run(check);
      Object.assign(apiRows.find((r) => r.check === check)!, { cold: t.seconds, cpuCold: t.cpuSeconds });
      console.log(`api cold ${check}: ${t.seconds.toFixed(2)} s, cpu ${t.cpuSeconds.toFixed(2)} s (${phasesOf(t)}); ${t.layerReads} layers read; ${t.rows} rows`);
    }
    // The engine alone on the very layers the service read, for the second column.
    const { loadCheckData } = await import('../service/runs/data.ts');
    const merged: CheckData = {};
    for (const check of values.only!.split(',') as CheckName[]) Object.assign(merged, await loadCheckData(coldBench.server.store, check));
    apiEngineData = merged;
    apiParams = await coldBench.server.store.datasetParams();
  } finally {
    await coldBench.close();
  }
}

let t0 = performance.now();
let data: CheckData;
let source: string;
let params: Partial<CheckParams> = {};
let planted: PlantedCase[] = [];
if (apiEngineData) {
  data = apiEngineData;
  source = values.db!;
  params = apiParams as Partial<CheckParams>;
  if (existsSync(`${values.dir}/PLANTED.json`)) planted = JSON.parse(readFileSync(`${values.dir}/PLANTED.json`, 'utf8')).cases;
} else if (!values.synthetic && existsSync(values.dir!)) {
  data = readDirectory(values.dir!);
  source = values.dir!;
  // dataset.json carries the run parameters as flat keys (other keys are ignored by resolveParams).
  if (existsSync(`${values.dir}/dataset.json`)) params = JSON.parse(readFileSync(`${values.dir}/dataset.json`, 'utf8'));
  if (existsSync(`${values.dir}/PLANTED.json`)) planted = JSON.parse(readFileSync(`${values.dir}/PLANTED.json`, 'utf8')).cases;
} else {
  const scale = Number(values.scale);
  const size = Object.fromEntries(Object.entries(LARGE_COUNTY).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))])) as unknown as CountySize;
  data = randomCounty(size, Number(values.seed));
  source = `synthetic ×${scale} (seed ${values.seed})`;
}
const counts = Object.entries(data).map(([k, v]) => `${k} ${v!.length}`).join(', ');
console.log(`data: ${source}: ${counts}`);
console.log(`prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s, rss ${mb(process.memoryUsage().rss)} MB`);

// CPU seconds beside wall seconds: on a shared 2-core machine the wall clock also counts other work.
const docs: Documents = {};
const rows: string[][] = [['engine', 'check', 'seconds', 'cpu s', 'rows', 'peak RSS MB']];
for (const engine of ENGINES) {
  for (const check of values.only!.split(',') as CheckName[]) {
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const { rows: n, doc } = engine.run(check, data, params);
    if (engine === typescriptEngine && check !== 'quality') docs[check] = doc as never;
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    rows.push([engine.name, check, seconds.toFixed(2), ((cpu.user + cpu.system) / 1e6).toFixed(2), String(n), mb(process.resourceUsage().maxRSS * 1024)]);
    console.log(rows[rows.length - 1].join('\t'));
  }
}
const total = rows.slice(1).reduce((s, r) => s + Number(r[2]), 0);
rows.push(['', 'total', total.toFixed(2), '', '', mb(process.resourceUsage().maxRSS * 1024)]);
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log('\n' + rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n'));

if (values['vs-postgis']) await comparePostgis();
const { loadavg } = await import('node:os');
console.log(`\nload average (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);

/**
 * The same checks in PostGIS 15 + PostGIS 3 (Debian), on the same files, in the same run:
 * loading and indexing are timed apart, then each check's SQL; the ratio is Groundtruth / PostGIS.
 */
async function comparePostgis() {
  if (!existsSync(values.dir!)) throw new Error('--vs-postgis needs the generated county directory (--dir)');
  const { startPostgis, loadLayers, runChecksSql } = await import('./postgis/index.ts');
  const pgis = await startPostgis({ log: (l) => console.log(`postgis: ${l}`), port: values['pg-port'] ? Number(values['pg-port']) : undefined, dir: values['pg-dir'] });
  try {
    const load = await loadLayers(pgis.client, values.dir!, [...LAYER_NAMES]);
    console.log(`\npostgis: loaded and indexed in ${load.seconds.toFixed(1)} s (not counted below)`);
    const only = values.only!.split(',') as CheckName[];
    const sql = await runChecksSql(pgis.client, params, only);
    const ours = Object.fromEntries(rows.slice(1, -1).map((r) => [r[1], Number(r[2])]));
    const ourCpu = Object.fromEntries(rows.slice(1, -1).map((r) => [r[1], Number(r[3])]));
    const api = Object.fromEntries(apiRows.map((r) => [r.check, r]));
    const f = (n: number | undefined, w: number) => (n === undefined ? '—' : n.toFixed(2)).padStart(w);
    // CPU seconds beside wall seconds: the fair ratio on a shared machine is the CPU one.
    console.log('\n(wall seconds; cpu = CPU seconds of the service process, all threads, or of the PostGIS backend)');
    if (readyLine) console.log(readyLine);
    console.log('check      cold s  cold cpu  API s  API cpu  again s  again cpu  engine s  engine cpu  postgis s  postgis cpu  cold/PG  API/PG  again/PG  engine/PG  cpu: cold/PG  API/PG  engine/PG');
    for (const check of only) {
      const theirs = sql[check];
      const cpu = sql.cpu[check];
      const a = api[check];
      console.log(
        `${check.padEnd(10)} ${f(a?.cold, 6)}  ${f(a?.cpuCold, 8)}  ${f(a?.first, 5)}  ${f(a?.cpu, 7)}  ${f(a?.second, 7)}  ${f(a?.cpuAgain, 9)}  ${f(ours[check], 8)}  ${f(ourCpu[check], 10)}  ${f(theirs, 9)}  ${f(cpu, 11)}` +
          `  ${f(a ? a.cold / theirs : undefined, 7)}  ${f(a ? a.first / theirs : undefined, 6)}  ${f(a ? a.second / theirs : undefined, 8)}  ${f(ours[check] / theirs, 9)}  ${f(a ? a.cpuCold / cpu : undefined, 12)}  ${f(a ? a.cpu / cpu : undefined, 6)}  ${f(ourCpu[check] / cpu, 9)}`,
      );
    }
  } finally {
    await pgis.stop();
  }
}

if (planted.length) {
  const { checked, skipped, failures } = verifyPlanted(planted, docs);
  console.log(`\nplanted cases: ${checked - failures.length}/${checked} agree (${skipped} not checked here)`);
  for (const f of failures) console.log(`  FAIL ${f}`);
}
