// Times the four checks on a large county and reports peak memory.
//   npm run bench:checks -- [--dir var/large | --synthetic] [--scale 1] [--seed 1] [--only patches,fire,coverage,quality] [--vs-postgis]
// Reads <dir>/<layer>.geojson (from scripts/generate-county.ts) when the directory exists, else
// generates a synthetic county of the benchmark's counts (1M footprints, 50k ledger, 20k patches,
// 20k lanes, 50k demand, 500 candidates) × scale. Engines are pluggable (see ENGINES) so a
// PostGIS runner (--vs-postgis) can be added beside the TypeScript one.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LAYER_NAMES, type LayerName } from '../service/layers/schema.ts';
import { runCoverageCheck, runFireCheck, runPatchesCheck, runQualityCheck, type CheckData, type CheckFeature, type CheckParams } from '../service/checks/index.ts';
import { LARGE_COUNTY, randomCounty, type CountySize } from '../service/checks/random-county.ts';

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
  },
});

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
let t0 = performance.now();
let data: CheckData;
let source: string;
let params: Partial<CheckParams> = {};
let planted: PlantedCase[] = [];
if (!values.synthetic && existsSync(values.dir!)) {
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

/**
 * The same three checks in PostGIS 15 + PostGIS 3 (Debian), on the same files, in the same run:
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
    console.log('\ncheck      groundtruth s  postgis s  ratio (GT/PostGIS)  groundtruth cpu s  postgis cpu s  cpu ratio');
    for (const check of only) {
      const theirs = sql[check];
      const cpu = sql.cpu[check];
      console.log(
        `${check.padEnd(10)} ${ours[check].toFixed(2).padStart(13)}  ${theirs.toFixed(2).padStart(9)}  ${(ours[check] / theirs).toFixed(2).padStart(18)}` +
          `  ${ourCpu[check].toFixed(2).padStart(17)}  ${cpu.toFixed(2).padStart(13)}  ${(ourCpu[check] / cpu).toFixed(2).padStart(9)}`,
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
