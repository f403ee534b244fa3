// Times exact siting against the greedy answer, side by side in one run:
//   npm run bench:siting -- [--dir var/large] [--k 3,5,10,20] [--limit 10]
// (--limit sets siting_time_limit_s: on a loaded machine the wall-clock limit cuts the search
// short long before its CPU seconds would, so CPU seconds are printed beside wall seconds.)
// 1. The large county (scripts/generate-county.ts --footprints 1000000): its 500 candidates and
//    50,206 demand units, the whole coverage check with siting_method greedy and exact.
// 2. A generated instance of 1,000 candidates × 10,000 demand units (ArcGIS's documented limit
//    for location-allocation), clustered demand, no stations, radius 3 km.
// The solver's share is the exact run's time minus the greedy run's.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import proj4 from 'proj4';
import { runCoverageCheck, type CheckData, type CheckFeature, type CheckParams } from '../service/checks/index.ts';
import { gaussKrugerZone } from '../service/geo/gauss-kruger.ts';

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'var/large' }, k: { type: 'string', default: '3,5,10,20' }, limit: { type: 'string', default: '10' } } });
const limit = Number(values.limit);
const ks = values.k!.split(',').map(Number);

function readLayers(dir: string, layers: string[]): CheckData {
  const data: Record<string, CheckFeature[]> = {};
  for (const layer of layers) {
    const file = `${dir}/${layer}.geojson`;
    if (!existsSync(file)) continue;
    const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: Record<string, string | number | null>; geometry: CheckFeature['geometry'] }[] };
    data[layer] = fc.features.map((f, i) => ({ id: String(f.properties?.id ?? i), props: f.properties ?? {}, geometry: f.geometry }));
  }
  return data as CheckData;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generated(candidates: number, units: number): CheckData {
  const toLonLat = proj4(gaussKrugerZone(4549)!.proj4, 'WGS84');
  const rand = random(7);
  const pt = (x: number, y: number): CheckFeature['geometry'] => ({ type: 'Point', coordinates: toLonLat.forward([480000 + x, 3300000 + y]) as [number, number] });
  const centres = Array.from({ length: 40 }, () => [rand() * 40000, rand() * 40000]);
  const demand: CheckFeature[] = [];
  for (let i = 0; i < units; i++) {
    const [cx, cy] = centres[Math.floor(rand() * centres.length)];
    const r = 4000 * Math.sqrt(rand());
    const a = rand() * 2 * Math.PI;
    demand.push({ id: `D${i}`, props: { id: `D${i}`, population: Math.round(50 + rand() * 2000) }, geometry: pt(cx + r * Math.cos(a), cy + r * Math.sin(a)) });
  }
  const sites: CheckFeature[] = Array.from({ length: candidates }, (_, i) => ({
    id: `C${i}`,
    props: { id: `C${i}`, capacity_tpd: 100 },
    geometry: pt(rand() * 40000, rand() * 40000),
  }));
  return { demand, candidates: sites };
}

function time(data: CheckData, params: Partial<CheckParams>) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const doc = runCoverageCheck(data, params);
  const cpu = process.cpuUsage(c0);
  return { s: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, doc };
}

function compare(label: string, data: CheckData, base: Partial<CheckParams>) {
  console.log(`\n${label}`);
  console.log('| k | greedy s | (cpu s) | exact s | (cpu s) | solver s | greedy t/d | exact t/d | method | gap |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  // One untimed run first: projections and indexes are built once per layer, as the service keeps them.
  time(data, { ...base, sites_to_choose: 1, siting_method: 'greedy' });
  for (const k of ks) {
    const g = time(data, { ...base, sites_to_choose: k, siting_method: 'greedy' });
    const e = time(data, { ...base, sites_to_choose: k, siting_method: 'exact', siting_time_limit_s: limit });
    const gain = (d: typeof g.doc) => (d.siting.covered_tpd_after - d.siting.covered_tpd_before).toFixed(3);
    const gap = e.doc.siting.gap === null ? '—' : `${(e.doc.siting.gap * 100).toFixed(2)} %`;
    console.log(`| ${k} | ${g.s.toFixed(2)} | ${g.cpu.toFixed(2)} | ${e.s.toFixed(2)} | ${e.cpu.toFixed(2)} | ${(e.s - g.s).toFixed(2)} | ${gain(g.doc)} | ${gain(e.doc)} | ${e.doc.siting.method} | ${gap} |`);
  }
}

if (existsSync(values.dir!)) {
  const t0 = performance.now();
  const data = readLayers(values.dir!, ['demand', 'candidates', 'transfer_stations', 'landfills', 'footprints', 'ledger']);
  const params = existsSync(`${values.dir}/dataset.json`) ? JSON.parse(readFileSync(`${values.dir}/dataset.json`, 'utf8')) : {};
  console.log(`read ${values.dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${data.candidates?.length} candidates × ${data.demand?.length} demand units`);
  compare(`${values.dir}: whole coverage check`, data, params);
} else {
  console.log(`${values.dir} not found (npm run generate:large): large county skipped`);
}
compare('generated 1,000 candidates × 10,000 demand units, radius 3 km', generated(1000, 10000), { service_radius_m: 3000 });
