// Road-network distance at county scale, on a generated grid of roads:
//   npm run bench:network -- [--blocks 224] [--units 50000]
// A square grid of 100 m blocks (224 × 224 nodes ≈ 100,000 segments, every tenth street one-way),
// 10 stations with a 3 km radius, 500 candidates and 50,000 demand units. Times one station's
// 3 km service area (shortest-path tree with cut-off, then the reachable road parts), and the
// whole coverage check by road beside the same check by straight line.
import { parseArgs } from 'node:util';
import proj4 from 'proj4';
import { runCoverageCheck, type CheckData, type CheckFeature } from '../service/checks/index.ts';
import { MetricContext } from '../service/checks/metric-context.ts';
import { RoadNetwork } from '../service/checks/road-network.ts';
import { gaussKrugerZone } from '../service/geo/gauss-kruger.ts';

const { values } = parseArgs({ options: { blocks: { type: 'string', default: '224' }, units: { type: 'string', default: '50000' } } });
const N = Number(values.blocks);
const STEP = 100;
const toLonLat = proj4(gaussKrugerZone(4549)!.proj4, 'WGS84');
const ll = (x: number, y: number) => toLonLat.forward([480000 + x, 3300000 + y]) as [number, number];
let seed = 11;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const roads: CheckFeature[] = [];
for (let i = 0; i < N; i++) {
  for (const horizontal of [true, false]) {
    const pts = Array.from({ length: N }, (_, j) => (horizontal ? ll(j * STEP, i * STEP) : ll(i * STEP, j * STEP)));
    const id = `${horizontal ? 'H' : 'V'}${i}`;
    roads.push({ id, props: { id, oneway: i % 10 === 5 ? 'yes' : 'no' }, geometry: { type: 'LineString', coordinates: pts } });
  }
}
const size = (N - 1) * STEP;
const point = (id: string, props: Record<string, string | number>) => ({ id, props: { id, ...props }, geometry: { type: 'Point' as const, coordinates: ll(rand() * size, rand() * size) } });
const data: CheckData = {
  roads,
  transfer_stations: Array.from({ length: 10 }, (_, i) => point(`S${i}`, { capacity_tpd: 200, status: 'operating' })),
  demand: Array.from({ length: Number(values.units) }, (_, i) => point(`D${i}`, { population: 100 + Math.round(rand() * 900) })),
  candidates: Array.from({ length: 500 }, (_, i) => point(`C${i}`, { capacity_tpd: 100 })),
};

let t0 = performance.now();
const ctx = new MetricContext(data, 'EPSG:4549');
const network = new RoadNetwork(ctx.layer('roads'));
console.log(`network: ${network.edges} segments, ${network.nodes} nodes, built in ${(performance.now() - t0).toFixed(0)} ms`);

const times: number[] = [];
for (let k = 0; k < 20; k++) {
  const [x, y] = ctx.project(...ll(rand() * size, rand() * size));
  t0 = performance.now();
  const source = network.nearest(x, y)!;
  const dist = network.fromPoint(source, 3000);
  const parts = network.reachable(source, dist, 3000);
  times.push(performance.now() - t0);
  if (k === 0) console.log(`one 3 km area: ${parts.length} road parts`);
}
times.sort((a, b) => a - b);
console.log(`one station's 3 km service area: median ${times[10].toFixed(1)} ms, max ${times[19].toFixed(1)} ms (20 places)`);

for (const distance of ['straight', 'network'] as const) {
  t0 = performance.now();
  const doc = runCoverageCheck(data, { distance, sites_to_choose: 3, siting_method: 'greedy' });
  const s = (performance.now() - t0) / 1000;
  console.log(`coverage by ${distance}: ${s.toFixed(2)} s for ${doc.demand.length} units (covered share ${doc.summary.covered_tpd_share.toFixed(3)}), siting over 500 candidates included`);
}
