// Reading one county's footprints into check columns: from PostgreSQL as the workers do now
// (service/layercache/read-pg.ts, one COPY … TO STDOUT (FORMAT binary) of the county's rows),
// as they did before (text protocol, bytea as hex, 5,000-row keyset pages; kept here as the
// baseline), and from DuckDB (read.ts). Wall and CPU seconds: the reading process's own
// (process.cpuUsage) and the PostgreSQL backend's (from /proc, its pid by pg_backend_pid()).
// Usage: tsx scripts/bench-pg-read.ts [footprints, default 200000] [repeats, default 3]
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type pg from 'pg';
import { startPgCluster } from '../test/kit/pg-cluster.ts';
import { PgStore } from '../service/store/pg/index.ts';
import { Store } from '../service/store/index.ts';
import { LAYERS, type LayerFeature, type LayerName, type PropValue } from '../service/layers/schema.ts';
import { seededRandom } from '../test/kit/random-county.ts';
import { readColumnarPg } from '../service/layercache/read-pg.ts';
import { readColumnar } from '../service/layercache/read.ts';
import { ColumnarBuilder, type ColumnarLayer } from '../service/layercache/columnar.ts';
import { Q, layerReads, selectFeatures } from '../service/store/pg/queries.ts';

const N = Number(process.argv[2] ?? 200_000);
const REPEATS = Number(process.argv[3] ?? 3);
const COUNTY = '330701';

async function* footprints(seed: number): AsyncGenerator<LayerFeature> {
  const rnd = seededRandom(seed);
  for (let i = 0; i < N; i++) {
    const lon = 119.6 + rnd() * 0.5;
    const lat = 28.7 + rnd() * 0.4;
    const w = 0.0001 + rnd() * 0.0002;
    const ring = (x: number) => [[x, lat], [x + w, lat], [x + w, lat + w], [x, lat + w], [x, lat]];
    yield {
      index: i,
      // One in ten a two-part MultiPolygon, as a courtyard house's wings come.
      geometry: i % 10 === 0 ? { type: 'MultiPolygon', coordinates: [[ring(lon)], [ring(lon + 2 * w)]] } : { type: 'Polygon', coordinates: [ring(lon)] },
      props: { id: `F${i}`, use: i % 7 ? 'residential' : null, structure: i % 3 ? 'brick' : '砖混', floors: 1 + (i % 6), height_m: 3 * (1 + (i % 6)) },
      extra: {},
    };
  }
}

/** The read as it was: text results in 5,000-row keyset pages. */
async function readTextPages(client: pg.PoolClient, county: string, layer: LayerName): Promise<ColumnarLayer> {
  const def = LAYERS[layer];
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const meta = (await client.query(Q.metaOne.sql, [county, layer])).rows[0];
    const wkbBytes = (await client.query(layerReads(layer).wkbBytes.sql, [county])).rows[0].n as number;
    const builder = new ColumnarBuilder(layer, meta.version as number, def.props.map((p) => p.name), meta.feature_count as number, wkbBytes);
    let after = 0;
    for (;;) {
      const { sql, params } = selectFeatures(layer, { afterFid: after, limit: 5000 }, county);
      const { rows } = await client.query(sql, params);
      for (const r of rows) {
        for (const p of def.props) builder.props[p.name].push(r[p.name] ?? null as PropValue);
        const id = r[def.idProp];
        builder.ids.push(id === null || id === undefined ? '' : String(id));
        builder.fid.push(r.fid as number);
        builder.addGeometry(r.wkb as Uint8Array, r.fid);
      }
      if (rows.length < 5000) break;
      after = rows[rows.length - 1].fid as number;
    }
    await client.query('COMMIT');
    return builder.finish();
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

const ticks = 100; // USER_HZ
function backendCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}
function load(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

async function timed(label: string, backend: number | null, read: () => Promise<ColumnarLayer>): Promise<ColumnarLayer> {
  let out!: ColumnarLayer;
  for (let r = 0; r < REPEATS; r++) {
    const b0 = backend ? backendCpu(backend) : 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    out = await read();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    const server = backend ? ` + ${(backendCpu(backend) - b0).toFixed(2)} CPU s PostgreSQL backend` : '';
    console.log(`${label}: ${out.size} features in ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} CPU s reader${server} (${Math.round(out.size / wall)} rows/s; load ${load()})`);
  }
  return out;
}

console.log(`${N} footprints, ${REPEATS} reads each; load average ${load()}`);
const cluster = await startPgCluster();
const duck = await Store.open(':memory:');
try {
  const store = await PgStore.open(cluster.url);
  const county = await store.addCounty(COUNTY);
  const report = { file: 'footprints.geojson', layer: 'footprints' as const, read: N, loaded: 0, rejected: 0, repaired: 0, problems: [] };
  await county.load('footprints', footprints(1), report);
  await duck.load('footprints', footprints(1), { ...report });
  const client = await store.pool.connect();
  const backend = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  const before = await timed('postgres, text pages (before)', backend, () => readTextPages(client, COUNTY, 'footprints'));
  const after = await timed('postgres, binary COPY (now)', backend, () => readColumnarPg(client, COUNTY, 'footprints'));
  const fromDuck = await timed('duckdb', null, () => duck.db.with((conn) => readColumnar(conn, 'footprints')));
  client.release();
  // The three reads must agree, or the timings compare different work.
  const same = (a: ColumnarLayer, b: ColumnarLayer) => isDeepStrictEqual({ ...a, version: 0 }, { ...b, version: 0 });
  console.log(`columns equal: binary COPY = text pages ${same(after, before)}, = DuckDB ${same(after, fromDuck)}`);
  await store.close();
} finally {
  duck.close();
  await cluster.stop();
}
