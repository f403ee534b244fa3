// Loads N generated footprints per county into the PostgreSQL store (COPY into staging, one-
// transaction swap) for a few counties, on a throwaway cluster, and the same N into DuckDB:
// seconds and rows per second for each, reading a county back into check columns from each, and
// the PostgreSQL database size per million rows.
// Usage: tsx scripts/bench-pg-load.ts [footprints per county, default 200000] [counties, default 2]
import { startPgCluster } from '../test/kit/pg-cluster.ts';
import { PgStore } from '../service/store/pg/index.ts';
import { Store } from '../service/store/index.ts';
import type { LayerFeature } from '../service/layers/schema.ts';
import { seededRandom } from '../test/kit/random-county.ts';
import { readColumnarPg } from '../service/layercache/read-pg.ts';
import { readColumnar } from '../service/layercache/read.ts';

const N = Number(process.argv[2] ?? 200_000);
const COUNTIES = Number(process.argv[3] ?? 2);

async function* footprints(seed: number): AsyncGenerator<LayerFeature> {
  const rnd = seededRandom(seed);
  for (let i = 0; i < N; i++) {
    const lon = 119.6 + rnd() * 0.5;
    const lat = 28.7 + rnd() * 0.4;
    const w = 0.0001 + rnd() * 0.0002;
    yield {
      index: i,
      geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + w, lat], [lon + w, lat + w], [lon, lat + w], [lon, lat]]] },
      props: { id: `F${i}`, use: 'residential', structure: 'brick', floors: 1 + (i % 6), height_m: 3 * (1 + (i % 6)) },
      extra: {},
    };
  }
}

const report = () => ({ file: 'footprints.geojson', layer: 'footprints' as const, read: N, loaded: 0, rejected: 0, repaired: 0, problems: [] });

const cluster = await startPgCluster();
try {
  const store = await PgStore.open(cluster.url);
  for (let c = 0; c < COUNTIES; c++) {
    const county = await store.addCounty(String(330701 + c));
    const t0 = performance.now();
    await county.load('footprints', footprints(c + 1), report());
    const s = (performance.now() - t0) / 1000;
    console.log(`postgres county ${county.county}: ${N} footprints in ${s.toFixed(1)} s (${Math.round(N / s)} rows/s)`);
  }
  // A refused load stages everything and swaps nothing: its time is the COPY's share.
  const staging = await store.county('330701');
  const t3 = performance.now();
  await staging.load('footprints', footprints(7), { ...report(), rejected: 1 });
  const s3 = (performance.now() - t3) / 1000;
  console.log(`postgres COPY into staging alone (refused load): ${s3.toFixed(1)} s (${Math.round(N / s3)} rows/s)`);
  const again = await store.county('330701');
  const t1 = performance.now();
  await again.load('footprints', footprints(99), report());
  const s1 = (performance.now() - t1) / 1000;
  console.log(`postgres replace 330701 beside the others: ${s1.toFixed(1)} s (${Math.round(N / s1)} rows/s)`);
  const client = await store.pool.connect();
  const t4 = performance.now();
  const cols = await readColumnarPg(client, '330701', 'footprints');
  const s4 = (performance.now() - t4) / 1000;
  client.release();
  console.log(`postgres read 330701 into check columns: ${cols.size} features in ${s4.toFixed(1)} s (${Math.round(cols.size / s4)} rows/s)`);
  const [{ bytes }] = await store.all(`SELECT pg_total_relation_size('layer_footprints')::float8 AS bytes`);
  console.log(`postgres layer_footprints: ${((bytes as number) / 1e6).toFixed(0)} MB for ${N * COUNTIES} rows = ${(((bytes as number) / (N * COUNTIES)) * 1e6 / 1e9).toFixed(2)} GB per million`);
  await store.close();
} finally {
  await cluster.stop();
}
const duck = await Store.open(':memory:');
const t2 = performance.now();
await duck.load('footprints', footprints(1), report());
const s2 = (performance.now() - t2) / 1000;
console.log(`duckdb: ${N} footprints in ${s2.toFixed(1)} s (${Math.round(N / s2)} rows/s)`);
const t5 = performance.now();
const duckCols = await duck.db.with((conn) => readColumnar(conn, 'footprints'));
const s5 = (performance.now() - t5) / 1000;
console.log(`duckdb read into check columns: ${duckCols.size} features in ${s5.toFixed(1)} s (${Math.round(duckCols.size / s5)} rows/s)`);
duck.close();
