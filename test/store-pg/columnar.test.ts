// A county's layer read into columns from PostgreSQL equals the columns read from DuckDB for the
// same features: what a worker on the province store hands the check engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { PgStore } from '../../service/store/pg/index.ts';
import { Store } from '../../service/store/index.ts';
import { readColumnar } from '../../service/layercache/read.ts';
import { readColumnarPg } from '../../service/layercache/read-pg.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';
import { patch, report, square, stream } from '../helpers.ts';

let cluster: PgCluster;
let store: PgStore;
beforeAll(async () => {
  cluster = await startPgCluster();
  store = await PgStore.open(cluster.url);
});
afterAll(async () => {
  await store?.close();
  await cluster?.stop();
});

function lane(i: number): LayerFeature {
  return {
    index: i,
    geometry: { type: 'MultiLineString', coordinates: [[[119.8 + i * 0.001, 28.9], [119.801 + i * 0.001, 28.901]], [[119.8, 28.95], [119.9, 28.95 + i * 0.0001]]] },
    props: { id: `L${i}`, width_m: i % 2 ? 4 : null },
    extra: {},
  };
}

describe('columns from PostgreSQL', () => {
  it('equal the DuckDB columns for the same patches and lanes, per county', async () => {
    const duck = await Store.open(':memory:');
    try {
      const a = await store.addCounty('330723');
      const b = await store.addCounty('330781');
      const patches = () => stream([patch(0, '2024Q1'), patch(1, '2024Q2', { before_on: '2023-12-01' }), { ...patch(2, '2024Q2'), geometry: square(119.7, 28.8, 0.01) }]);
      await a.load('patches', patches(), report('patches', 3));
      await duck.load('patches', patches(), report('patches', 3));
      const lanes = Array.from({ length: 7 }, (_, i) => lane(i));
      await a.load('fire_lanes', stream(lanes), report('fire_lanes', 7));
      await duck.load('fire_lanes', stream(lanes), report('fire_lanes', 7));
      await b.load('patches', stream([patch(9, '2024Q1')]), report('patches', 1));
      const client = await store.pool.connect();
      try {
        for (const layer of ['patches', 'fire_lanes'] as const) {
          const fromPg = await readColumnarPg(client, '330723', layer);
          const fromDuck = await duck.db.with((conn) => readColumnar(conn, layer));
          expect(fromPg.size, layer).toBeGreaterThan(2);
          expect(fromPg, layer).toEqual(fromDuck);
        }
        const other = await readColumnarPg(client, '330781', 'patches');
        expect(other.ids).toEqual(['P9']);
        expect(other.version).toBe(1);
        await expect(readColumnarPg(client, '330799', 'patches')).rejects.toThrow(/county 330799 has no layer patches/);
      } finally {
        client.release();
      }
    } finally {
      duck.close();
    }
  });

  it('equal the DuckDB columns for MultiPolygons, NULLs, Chinese text, numbers and dates, over many COPY chunks', async () => {
    const duck = await Store.open(':memory:');
    try {
      const county = await store.addCounty('330782');
      const ring = (x: number, y: number, w: number) => [[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]];
      // Enough rows that the COPY stream arrives in many chunks, rows cut across them.
      const footprints: LayerFeature[] = Array.from({ length: 3000 }, (_, i) => ({
        index: i,
        geometry:
          i % 3 === 0
            ? { type: 'MultiPolygon', coordinates: [[ring(120 + i * 1e-4, 29.3, 5e-5), ring(120.00001 + i * 1e-4, 29.30001, 1e-5)], [ring(120 + i * 1e-4, 29.31, 3e-5)]] }
            : { type: 'Polygon', coordinates: [ring(120 + i * 1e-4, 29.3, 5e-5)] },
        props: {
          id: i % 2 ? `义乌-${i}` : `F${i}`,
          use: i % 5 === 0 ? null : 'residential',
          structure: i % 4 === 0 ? null : 'brick',
          floors: i % 6 === 0 ? null : 1 + (i % 9),
          height_m: i % 7 === 0 ? null : 2.95 + i / 3,
        },
        extra: { 备注: `第${i}栋` },
      }));
      const ledger: LayerFeature[] = Array.from({ length: 40 }, (_, i) => ({
        index: i,
        geometry: { type: 'MultiPolygon', coordinates: [[ring(120.1 + i * 1e-3, 29.2, 2e-4)], [ring(120.1005 + i * 1e-3, 29.2, 1e-4)]] },
        props: {
          id: `WJ${i}`,
          recorded_on: `2024-0${1 + (i % 9)}-1${i % 10}`,
          built_on: i % 3 ? '2019-06-01' : null,
          status: 'pending',
          demolished_on: null,
          floors: i % 2 ? 3 : null,
          height_m: 9.6,
          area_m2: i * 12.25,
          owner: i % 4 ? `张${i}` : null,
          address: '浙江省金华市义乌市稠城街道',
          township: '稠城街道',
        },
        extra: {},
      }));
      for (const [layer, rows] of [['footprints', footprints], ['ledger', ledger]] as const) {
        await county.load(layer, stream(rows), report(layer, rows.length));
        await duck.load(layer, stream(rows), report(layer, rows.length));
      }
      const client = await store.pool.connect();
      try {
        for (const layer of ['footprints', 'ledger'] as const) {
          const fromPg = await readColumnarPg(client, '330782', layer);
          const fromDuck = await duck.db.with((conn) => readColumnar(conn, layer));
          expect(fromPg.size, layer).toBe(layer === 'footprints' ? 3000 : 40);
          expect(fromPg, layer).toEqual(fromDuck);
        }
        const f = await readColumnarPg(client, '330782', 'footprints');
        // Spot values read back by hand: NULLs stay NULL, numbers stay numbers, text stays whole.
        const at = f.ids.indexOf('义乌-7');
        expect(at).toBeGreaterThanOrEqual(0);
        expect([f.props.use[at], f.props.structure[at], f.props.floors[at], f.props.height_m[at]]).toEqual(['residential', 'brick', 8, null]);
        const l = await readColumnarPg(client, '330782', 'ledger');
        const w = l.ids.indexOf('WJ3');
        expect([l.props.recorded_on[w], l.props.built_on[w], l.props.owner[w], l.props.area_m2[w]]).toEqual(['2024-04-13', null, '张3', 36.75]);
        // The county code reaches the COPY only as six checked digits.
        await expect(readColumnarPg(client, "330782') TO STDOUT; --", 'ledger')).rejects.toThrow(/not a 6-digit/);
      } finally {
        client.release();
      }
    } finally {
      duck.close();
    }
  });
});
