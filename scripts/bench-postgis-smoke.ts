// Proves the PostGIS harness end to end on a small dataset: start the private cluster, load
// every layer, run the four checks, cut a few tiles, print timings, and always stop it.
// With --compare it also runs Groundtruth's TypeScript checks on the same files and diffs rows.
//   npx tsx scripts/bench-postgis-smoke.ts [--data data/sample] [--port 55432] [--dir var/postgis] [--compare]
import { existsSync, readFileSync } from 'node:fs';
import { Command } from 'commander';
import { runCoverageCheck, runFireCheck, runPatchesCheck, runQualityCheck, type CheckData, type CheckFeature } from '../service/checks/index.ts';
import { LAYER_NAMES, LAYERS } from '../service/layers/schema.ts';
import { compareWithGroundtruth } from './postgis/compare.ts';
import { fetchCheckRows, loadLayers, runChecksSql, startPostgis, tileSql } from './postgis/index.ts';

const o = new Command()
  .option('--data <dir>', 'dataset directory with <layer>.geojson', 'data/sample')
  .option('--port <n>', 'port on 127.0.0.1', '55432')
  .option('--dir <dir>', 'cluster directory', 'var/postgis')
  .option('--compare', 'diff the SQL rows against the TypeScript checks', false)
  .parse()
  .opts<{ data: string; port: string; dir: string; compare: boolean }>();

function readCheckData(dir: string): CheckData {
  const data: CheckData = {};
  for (const layer of LAYER_NAMES) {
    const file = `${dir}/${layer}.geojson`;
    if (!existsSync(file)) continue;
    const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: CheckFeature['props']; geometry: CheckFeature['geometry'] }[] };
    const idProp = LAYERS[layer].idProp;
    data[layer] = fc.features.map((f) => ({ id: String(f.properties[idProp]), props: f.properties, geometry: f.geometry }));
  }
  return data;
}

/** Web-mercator tile holding lon/lat at zoom z. */
function tileAt(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [z, x, y];
}

const t0 = performance.now();
const pgis = await startPostgis({ dir: o.dir, port: Number(o.port) });
console.error(`started in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
try {
  const load = await loadLayers(pgis.client, o.data, [...LAYER_NAMES]);
  console.log(JSON.stringify({ load }));
  const checks = await runChecksSql(pgis.client);
  console.log(JSON.stringify({ checks }));
  if (o.compare) {
    const sqlRows = await fetchCheckRows(pgis.client);
    const data = readCheckData(o.data);
    const started = performance.now();
    const gt = { patches: runPatchesCheck(data), fire: runFireCheck(data), coverage: runCoverageCheck(data), quality: runQualityCheck(data) };
    console.error(`groundtruth TS checks: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    console.log(JSON.stringify({ compare: compareWithGroundtruth(sqlRows, gt) }, null, 1));
  }
  const { rows } = await pgis.client.query<{ lon: number; lat: number }>(
    `SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (SELECT ST_Centroid(ST_Extent(geom)::geometry) AS c FROM footprints) s`,
  );
  const { lon, lat } = rows[0];
  const tiles: { layer: string; z: number; x: number; y: number; bytes: number; ms: number }[] = [];
  for (const layer of ['footprints', 'ledger', 'patches', 'fire_lanes']) {
    for (const z of [10, 12, 14, 16]) {
      const [tz, x, y] = tileAt(lon, lat, z);
      const started = performance.now();
      const tile = await tileSql(pgis.client, layer, tz, x, y);
      tiles.push({ layer, z, x, y, bytes: tile.byteLength, ms: +(performance.now() - started).toFixed(1) });
    }
  }
  console.log(JSON.stringify({ tiles }));
} finally {
  await pgis.stop();
  console.error('stopped');
}
