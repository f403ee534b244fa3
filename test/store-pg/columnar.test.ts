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
});
