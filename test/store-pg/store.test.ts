// The PostgreSQL store against a throwaway cluster: loads and their versions, refused loads, two
// counties kept apart, county codes checked, and features read back as the DuckDB store gives them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { PgStore, CountyError, type PgCountyStore } from '../../service/store/pg/index.ts';
import { Store } from '../../service/store/index.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';
import type { FeatureQuery, LoadReportLike } from '../../service/store/index.ts';
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

let nextCounty = 330701;
/** A fresh county per test, so the tests share one cluster without sharing data. */
async function freshCounty(): Promise<PgCountyStore> {
  return store.addCounty(String(nextCounty++), null);
}

function footprint(i: number, lon: number, extra: Partial<LayerFeature['props']> = {}): LayerFeature {
  return {
    index: i,
    geometry: square(lon, 28.9 + i * 0.0003),
    props: { id: `F${i}`, use: 'residential', structure: 'brick', floors: i + 1, height_m: 3.5 * (i + 1), ...extra },
    extra: i % 2 ? { 幢号: `${i}`, note: 'tab\there\nline "q" \\ back' } : {},
  };
}

describe('PostgreSQL layer store', () => {
  it('loads a layer, bumps its version and reads it back typed', async () => {
    const c = await freshCounty();
    const out = await c.load('patches', stream([patch(0, '2024Q1'), patch(1, '2024Q1')]), report('patches', 2));
    expect(out).toEqual({ committed: true, version: 1, featureCount: 2 });
    const info = await c.layer('patches');
    expect(info.count).toBe(2);
    expect(info.bbox).toEqual([119.8, 28.9, 119.8011, 28.9001]);
    expect(info.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const [f] = await c.query('patches', { equals: { id: 'P1' } });
    expect(f.props).toMatchObject({ id: 'P1', batch: '2024Q1', detected_on: '2024-03-01', before_on: null });
    expect(f.extra).toEqual({ 监测编号: '3307231' });
    expect(f.geometry).toEqual(square(119.801, 28.9));
    expect((await c.versions()).patches).toBe(1);
    expect((await c.versions()).ledger).toBe(0);
  });

  it('replaces a layer with a new version', async () => {
    const c = await freshCounty();
    await c.load('footprints', stream([footprint(0, 119.8), footprint(1, 119.8)]), report('footprints', 2));
    const out = await c.load('footprints', stream([footprint(7, 119.9)]), report('footprints', 1));
    expect(out).toEqual({ committed: true, version: 2, featureCount: 1 });
    expect((await c.query('footprints', {})).map((f) => f.id)).toEqual(['F7']);
  });

  it('keeps the previous version whole when the report has rejects', async () => {
    const c = await freshCounty();
    await c.load('patches', stream([patch(0, '2024Q1')]), report('patches', 1));
    const refused = await c.load('patches', stream([patch(5, '2024Q1')]), report('patches', 2, 1));
    expect(refused).toEqual({ committed: false, version: 1, featureCount: 1 });
    expect((await c.query('patches', {})).map((f) => f.id)).toEqual(['P0']);
  });

  it('keeps the previous version whole when the feature stream fails midway', async () => {
    const c = await freshCounty();
    await c.load('patches', stream([patch(0, '2024Q1')]), report('patches', 1));
    async function* broken() {
      yield patch(1, '2024Q1');
      throw new Error('file truncated');
    }
    await expect(c.load('patches', broken(), report('patches', 2))).rejects.toThrow(/file truncated/);
    expect(await c.versions()).toMatchObject({ patches: 1 });
    expect((await c.query('patches', {})).map((f) => f.id)).toEqual(['P0']);
  });

  it('keeps the previous version when a row fails inside the swap', async () => {
    const c = await freshCounty();
    await c.load('patches', stream([patch(0, '2024Q1')]), report('patches', 1));
    // Not a date: COPY refuses it, and nothing of the load is kept.
    const bad = patch(1, '2024Q1', { detected_on: 'not a date' });
    await expect(c.load('patches', stream([bad]), report('patches', 1))).rejects.toThrow(/date/);
    expect((await c.query('patches', {})).map((f) => f.id)).toEqual(['P0']);
    expect((await c.layer('patches')).version).toBe(1);
  });

  it('replaces only the batches a patches file contains', async () => {
    const c = await freshCounty();
    await c.load('patches', stream([patch(0, '2024Q1'), patch(1, '2024Q1')]), report('patches', 2));
    await c.load('patches', stream([patch(2, '2024Q2')]), report('patches', 1));
    const r: LoadReportLike = report('patches', 2);
    await c.load('patches', stream([patch(3, '2024Q2'), patch(4, '2024Q2')]), r);
    expect(r.batches).toEqual(['2024Q2']);
    expect((await c.query('patches', {})).map((f) => f.id).sort()).toEqual(['P0', 'P1', 'P3', 'P4']);
    expect((await c.layer('patches')).version).toBe(3);
  });

  it('clears a layer as a new version', async () => {
    const c = await freshCounty();
    await c.load('footprints', stream([footprint(0, 119.8)]), report('footprints', 1));
    expect(await c.clear('footprints', 'admin')).toEqual({ committed: true, version: 2, featureCount: 0 });
    expect((await c.layer('footprints')).bbox).toBeNull();
    expect((await c.layer('footprints')).updated_by).toBe('admin');
  });

  it('keeps two counties apart: a load into 330781 leaves 330723 untouched', async () => {
    const wuyi = await store.addCounty('330723', '武义县');
    const lanxi = await store.addCounty('330781', '兰溪市');
    await wuyi.load('footprints', stream([footprint(0, 119.8), footprint(1, 119.8)]), report('footprints', 2));
    const before = await wuyi.query('footprints', {});
    const beforeInfo = await wuyi.layer('footprints');
    await lanxi.load('footprints', stream([footprint(0, 119.5)]), report('footprints', 1));
    await lanxi.load('footprints', stream([footprint(3, 119.5)]), report('footprints', 1));
    await lanxi.clear('patches', null);
    expect(await wuyi.query('footprints', {})).toEqual(before);
    expect(await wuyi.layer('footprints')).toEqual(beforeInfo);
    expect((await wuyi.versions()).patches).toBe(0);
    expect((await lanxi.versions()).footprints).toBe(2);
    expect((await lanxi.query('footprints', {})).map((f) => f.id)).toEqual(['F3']);
    expect(await lanxi.count('footprints', { equals: { id: 'F0' } })).toBe(0);
    expect((await store.counties()).filter((x) => ['330723', '330781'].includes(x.code))).toEqual([
      { code: '330723', name: '武义县' },
      { code: '330781', name: '兰溪市' },
    ]);
  });

  it('refuses malformed and unknown county codes with a message', async () => {
    await expect(store.county('33072')).rejects.toThrow(/"33072" is not a 6-digit/);
    await expect(store.county("330723' OR 1=1")).rejects.toThrow(/not a 6-digit/);
    await expect(store.county('330700')).rejects.toThrow(/ends in 00/);
    await expect(store.addCounty('abc')).rejects.toBeInstanceOf(CountyError);
    const err = await store.county('330799').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CountyError);
    expect((err as CountyError).status).toBe(404);
    expect((err as Error).message).toMatch(/unknown county "330799".*loaded: .*330723/);
    expect((await store.county('330723')).county).toBe('330723');
  });

  it('keeps dataset parameters per county', async () => {
    const a = await freshCounty();
    const b = await freshCounty();
    await a.setDatasetParams({ fire: { lane_m: 4 } });
    expect(await a.datasetParams()).toEqual({ fire: { lane_m: 4 } });
    expect(await b.datasetParams()).toEqual({});
  });

  it('keeps users and tokens across counties', async () => {
    const token = await store.users.add('inspector1', 'inspector', 'pw-secret');
    expect(await store.users.byToken(token)).toEqual({ name: 'inspector1', role: 'inspector' });
    expect(await store.users.login('inspector1', 'wrong')).toBeNull();
    const session = await store.users.login('inspector1', 'pw-secret');
    expect(session?.user).toEqual({ name: 'inspector1', role: 'inspector' });
    await store.users.revoke(token);
    expect(await store.users.byToken(token)).toBeNull();
    await expect(store.users.add('x', 'overlord')).rejects.toThrow(/unknown role "overlord"/);
    expect(await store.users.count()).toBe(1);
  });

  it('limits a role to counties: an inspector of 330723 does not act in 330781', async () => {
    await store.users.add('wuyi_inspector', 'inspector');
    expect(await store.users.actsIn('wuyi_inspector', '330781')).toBe(true);
    await store.users.limitToCounties('wuyi_inspector', ['330723']);
    expect(await store.users.counties('wuyi_inspector')).toEqual(['330723']);
    expect(await store.users.actsIn('wuyi_inspector', '330723')).toBe(true);
    expect(await store.users.actsIn('wuyi_inspector', '330781')).toBe(false);
    await expect(store.users.limitToCounties('wuyi_inspector', ['330723', '3307'])).rejects.toThrow(/"3307" is not a 6-digit/);
    expect(await store.users.counties('wuyi_inspector')).toEqual(['330723']);
    await expect(store.users.limitToCounties('nobody', ['330723'])).rejects.toThrow(/unknown user "nobody"/);
    await store.users.limitToCounties('wuyi_inspector', []);
    expect(await store.users.actsIn('wuyi_inspector', '330781')).toBe(true);
  });
});

describe('PostgreSQL and DuckDB stores agree', () => {
  const features = () => [
    footprint(0, 119.8),
    footprint(1, 119.8005),
    footprint(2, 119.801, { use: null, floors: null }),
    footprint(3, 119.7995, { structure: 'steel_shed' }),
    footprint(4, 119.8, { height_m: 12.25 }),
  ];
  const queries: FeatureQuery[] = [
    {},
    { bbox: [119.8, 28.9, 119.8005, 28.9006] },
    { equals: { floors: '2' } },
    { equals: { floors: '2.0' } },
    { equals: { floors: 'three' } },
    { equals: { use: 'residential' } },
    { limit: 2, offset: 1 },
  ];

  it('reads back what the DuckDB store gives for the same features', async () => {
    const duck = await Store.open(':memory:');
    try {
      const c = await freshCounty();
      expect(await c.load('footprints', stream(features()), report('footprints', 5))).toEqual(
        await duck.load('footprints', stream(features()), report('footprints', 5)),
      );
      const { updated_at: _a, ...pgInfo } = await c.layer('footprints');
      const { updated_at: _b, ...duckInfo } = await duck.layer('footprints');
      expect(pgInfo).toEqual(duckInfo);
      for (const q of queries) {
        const pgRows = await c.query('footprints', q);
        expect(pgRows.length, JSON.stringify(q)).toBeGreaterThan(q.equals?.floors === 'three' ? -1 : 0);
        expect(pgRows, JSON.stringify(q)).toEqual(await duck.query('footprints', q));
        expect(await c.count('footprints', q), JSON.stringify(q)).toBe(await duck.count('footprints', q));
      }
      const streamed = [];
      for await (const f of c.read('footprints')) streamed.push(f);
      expect(streamed).toEqual(await duck.query('footprints', {}));
    } finally {
      duck.close();
    }
  });

  it('streams a layer larger than one page in fid order', async () => {
    const c = await freshCounty();
    const many = Array.from({ length: 4500 }, (_, i) => ({ ...footprint(i, 119 + (i % 97) * 0.01), extra: {} }));
    await c.load('footprints', stream(many), report('footprints', many.length));
    const fids: number[] = [];
    for await (const f of c.read('footprints')) fids.push(f.fid);
    expect(fids).toEqual(Array.from({ length: 4500 }, (_, i) => i + 1));
    const paged: number[] = [];
    for await (const f of c.read('footprints', { offset: 1999, limit: 3 })) paged.push(f.fid);
    expect(paged).toEqual([2000, 2001, 2002]);
  });
});

describe('PostgreSQL store under concurrent use', () => {
  it('queues two loads of one county layer and keeps loads of other counties apart', async () => {
    const a = await freshCounty();
    const b = await freshCounty();
    const loads = await Promise.all([
      a.load('footprints', stream([footprint(0, 119.8)]), report('footprints', 1)),
      a.load('footprints', stream([footprint(1, 119.8), footprint(2, 119.8)]), report('footprints', 2)),
      b.load('footprints', stream([footprint(5, 119.5)]), report('footprints', 1)),
    ]);
    expect(loads.slice(0, 2).map((l) => l.version).sort()).toEqual([1, 2]);
    const last = loads[0].version === 2 ? ['F0'] : ['F1', 'F2'];
    expect((await a.query('footprints', {})).map((f) => f.id).sort()).toEqual(last);
    expect(loads[2]).toEqual({ committed: true, version: 1, featureCount: 1 });
  });

  it('streams from one snapshot while a load replaces the layer', async () => {
    const c = await freshCounty();
    const many = Array.from({ length: 2500 }, (_, i) => ({ ...footprint(i, 119 + (i % 50) * 0.01), extra: {} }));
    await c.load('footprints', stream(many), report('footprints', many.length));
    const ids: string[] = [];
    for await (const f of c.read('footprints')) {
      if (ids.length === 10) await c.load('footprints', stream([footprint(9999, 119.8)]), report('footprints', 1));
      ids.push(f.id);
    }
    expect(ids).toHaveLength(2500);
    expect((await c.query('footprints', {})).map((f) => f.id)).toEqual(['F9999']);
  });

  it('binds filter values and refuses unknown properties', async () => {
    const c = await freshCounty();
    await c.load('footprints', stream([footprint(0, 119.8)]), report('footprints', 1));
    expect(await c.count('footprints', { equals: { id: "x' OR '1'='1" } })).toBe(0);
    expect(await c.count('footprints', { equals: { use: 'residential' } })).toBe(1);
    await expect(c.query('footprints', { equals: { 'id; DROP TABLE users': '1' } })).rejects.toThrow(/unknown property/);
  });

  it('creates its schema once when several processes open a new database at the same moment', async () => {
    await store.pool.query('CREATE DATABASE together');
    const url = cluster.url.replace(/\/postgres$/, '/together');
    // As nodes and workers started together: each opens its store (creating the tables) at once.
    const opened = await Promise.allSettled(Array.from({ length: 6 }, () => PgStore.open(url, { max: 1 })));
    const failures = opened.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
    for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
    expect(failures).toEqual([]);
  });
});

