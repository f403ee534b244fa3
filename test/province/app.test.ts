// The province edition's HTTP API over a throwaway PostgreSQL cluster: counties chosen by path,
// the county edition's layer, feature and tile routes answering per county, roles limited to
// counties, bad county codes and bad files refused with nothing written, and the single-county
// paths when exactly one county is loaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { bearer, fc, ledgerFeature, startNode, tileIds, type Node } from './nodes.ts';
import { CountyLayerCache } from '../../service/province/layer-cache.ts';
import { CountyTileSource } from '../../service/province/tile-source.ts';
import { runInCounty } from '../../service/province/county-context.ts';

let cluster: PgCluster;
let node: Node;
let admin: string;
let enforcer: string;
let limited: string;

beforeAll(async () => {
  cluster = await startPgCluster();
  node = await startNode(cluster.url);
  await node.store.addCounty('330723', '武义县');
  await node.store.addCounty('330781', '兰溪市');
  admin = await node.store.users.add('admin', 'admin');
  enforcer = await node.store.users.add('enf', 'enforcer');
  limited = await node.store.users.add('enf-wuyi', 'enforcer', 'a-long-password');
  await node.store.users.limitToCounties('enf-wuyi', ['330723']);
}, 120_000);
afterAll(async () => {
  await node?.store.close();
  await cluster?.stop();
});

const put = (county: string, layer: string, body: string, token: string) =>
  node.request(`/c/${county}/api/layers/${layer}?filename=${layer}.geojson`, { method: 'PUT', body, headers: bearer(token) });
const json = async (res: Response) => ({ status: res.status, body: await res.json() });

describe('province API', () => {
  it('describes the county routes in its OpenAPI document', async () => {
    const doc = (await json(await node.request('/api/openapi.json'))).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/counties', '/c/{county}/api/layers/{layer}', '/c/{county}/tiles/{spec}/{z}/{x}/{file}']));
  });

  it('lists the counties for the switcher', async () => {
    expect(await json(await node.request('/api/counties'))).toEqual({
      status: 200,
      body: { counties: [{ code: '330723', name: '武义县' }, { code: '330781', name: '兰溪市' }] },
    });
  });

  it('answers a county\'s layers under /c/:county, every layer at version 0 before a load', async () => {
    const { status, body } = await json(await node.request('/c/330723/api/layers'));
    expect(status).toBe(200);
    expect(body.layers).toHaveLength(11);
    expect(body.layers.every((l: { version: number; count: number }) => l.version === 0 && l.count === 0)).toBe(true);
  });

  it('refuses unknown and malformed county codes, naming them', async () => {
    const unknown = await json(await node.request('/c/330799/api/layers'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('330799');
    const malformed = await json(await node.request('/c/33072x/tiles/ledger/14/0/0.mvt'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toContain('33072x');
    const prefecture = await json(await node.request('/c/330700/collections/ledger/items'));
    expect(prefecture.status).toBe(400);
    expect(prefecture.body.error).toContain('330700');
  });

  it('sends single-county paths to /c/:county while several counties are loaded', async () => {
    const { status, body } = await json(await node.request('/api/layers'));
    expect(status).toBe(404);
    expect(body.error).toContain('/c/<county>/api/layers');
    expect(body.error).toContain('330723, 330781');
  });

  it('loads a layer into one county only, and serves its features and tiles', async () => {
    const res = await json(await put('330723', 'ledger', fc([ledgerFeature('W1'), ledgerFeature('W2', 119.9)]), enforcer));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ committed: true, version: 1, loaded: 2 });
    const other = (await json(await node.request('/c/330781/api/layers/ledger'))).body;
    expect(other).toMatchObject({ version: 0, count: 0 });
    const items = (await json(await node.request('/c/330723/collections/ledger/items?status=pending'))).body;
    expect(items.numberMatched).toBe(2);
    expect(items.features.map((f: { properties: { id: string } }) => f.properties.id).sort()).toEqual(['W1', 'W2']);
    expect(await tileIds(node, '/c/330723', 'ledger', 119.80005, 28.90005)).toMatchObject({ status: 200, ids: ['W1'] });
    // The other county has nothing there: an empty tile, not the first county's.
    expect((await tileIds(node, '/c/330781', 'ledger', 119.80005, 28.90005)).status).toBe(204);
  });

  it('refuses a bad file with the problems named, keeping the previous version', async () => {
    const res = await json(await put('330723', 'ledger', fc([ledgerFeature('X1', 119.8, 28.9, { recorded_on: 'soon' })]), enforcer));
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.problems)).toContain('recorded_on');
    expect((await json(await node.request('/c/330723/api/layers/ledger'))).body).toMatchObject({ version: 1, count: 2 });
  });

  it('needs a token and the layer\'s role to write, and a role limited to counties writes only there', async () => {
    expect((await node.request('/c/330723/api/layers/ledger', { method: 'DELETE' })).status).toBe(401);
    const wrongCounty = await json(await put('330781', 'ledger', fc([ledgerFeature('L1')]), limited));
    expect(wrongCounty.status).toBe(403);
    expect(wrongCounty.body.error).toContain('330781');
    expect((await json(await node.request('/c/330781/api/layers/ledger'))).body).toMatchObject({ version: 0, count: 0 });
    const own = await json(await put('330723', 'ledger', fc([ledgerFeature('W3')]), limited));
    expect(own).toMatchObject({ status: 200, body: { version: 2, loaded: 1 } });
    // Reading another county stays open to the limited user.
    expect((await node.request('/c/330781/api/layers', { headers: bearer(limited) })).status).toBe(200);
  });

  it('writes the audit trail of a county\'s loads keyed by the county', async () => {
    const rows = await node.store.all(`SELECT county_code, actor, action, target FROM audit_log WHERE county_code = $1 ORDER BY seq`, ['330723']);
    expect(rows.map((r) => [r.actor, r.action, r.target])).toEqual([
      ['enf', 'layer.load', 'ledger'],
      ['enf', 'layer.load_refused', 'ledger'],
      ['enf-wuyi', 'layer.load', 'ledger'],
    ]);
  });

  it('signs in with tokens in the database', async () => {
    const login = await json(await node.request('/api/auth/login', { method: 'POST', body: JSON.stringify({ name: 'enf-wuyi', password: 'a-long-password' }), headers: { 'content-type': 'application/json' } }));
    expect(login.status).toBe(200);
    expect((await json(await node.request('/api/auth/me', { headers: bearer(login.body.token) }))).body).toEqual({ name: 'enf-wuyi', role: 'enforcer' });
    expect((await node.request('/api/auth/users', { method: 'POST', body: '{"name":"x","role":"admin"}', headers: { ...bearer(admin), 'content-type': 'application/json' } })).status).toBe(201);
  });

  it('refuses a lapsed token and keeps a token of the configured lifetime', async () => {
    const ttl = node.store.users.tokenTtlMs;
    expect(ttl).toBe(30 * 24 * 3600 * 1000);
    node.store.users.tokenTtlMs = -1000;
    const lapsed = await node.store.users.issueToken('enf-wuyi');
    node.store.users.tokenTtlMs = ttl;
    expect((await node.request('/api/auth/me', { headers: bearer(lapsed) })).status).toBe(401);
    const fresh = await node.store.users.issueToken('enf-wuyi');
    expect((await node.request('/api/auth/me', { headers: bearer(fresh) })).status).toBe(200);
    expect((await node.request('/api/auth/me', { headers: bearer(`gt_${'x'.repeat(300)}`) })).status).toBe(401);
  });

  it('refuses OGC datetime and CQL2 filters it cannot run on PostgreSQL, rather than ignoring them', async () => {
    const res = await json(await node.request('/c/330723/collections/ledger/items?filter=status%3D%27pending%27'));
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('filter');
  });

  it('cuts a tile from SQL while the columns are read exactly as from the columns', async () => {
    const county = await node.store.addCounty('330782', '义乌市');
    // At zoom 10 a feature must span about 0.0007° to be drawn: B1 does, S1 (0.0001°) does not.
    // Footprints: a layer without check results, so its tiles come from the columns once read.
    const big = (id: string, lon: number, size: number) => ({
      type: 'Feature',
      properties: { id },
      geometry: { type: 'Polygon', coordinates: [[[lon, 28.9], [lon + size, 28.9], [lon + size, 28.9 + size], [lon, 28.9]]] },
    });
    const res = await node.request('/c/330782/api/layers/footprints?filename=f.geojson', {
      method: 'PUT',
      body: fc([big('B1', 119.8, 0.002), big('S1', 119.81, 0.0001), big('B2', 119.82, 0.001), big('FAR', 121.5, 0.01)]),
      headers: bearer(admin),
    });
    expect(res.status).toBe(200);
    // Cold: columns that never arrive, so every tile comes from SQL.
    class Reading extends CountyLayerCache {
      override peek() {
        return undefined;
      }
      override get(): never {
        return new Promise(() => undefined) as never;
      }
    }
    const cache = new CountyLayerCache(node.store.pool);
    const box: [number, number, number, number] = [119.7, 28.8, 120.0, 29.0];
    const cut = (source: CountyTileSource) => async () => (await source.features('footprints', box, 10)).map((f) => [f.id, f.properties.id, f.geometry]);
    const cold = await runInCounty(county, cut(new CountyTileSource(new Reading(node.store.pool), node.store.pool)));
    await cache.get('330782', 'footprints', 1);
    const warm = await runInCounty(county, cut(new CountyTileSource(cache, node.store.pool)));
    expect(cache.size).toBe(1);
    expect(cold.map((f) => f[1])).toEqual(['B1', 'B2']);
    expect(warm).toEqual(cold);
  });

  it('has no restore without an archive, and says so', async () => {
    const res = await json(await node.request('/c/330723/api/layers/ledger/restore?version=1', { method: 'POST', headers: bearer(admin) }));
    expect(res.status).toBe(404);
    expect((await json(await node.request('/c/330723/api/layers/ledger/versions'))).body).toEqual({ layer: 'ledger', current: 2, archived: [] });
  });
});

describe('one county loaded', () => {
  let single: Node;
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE single');
    await admin.end();
    single = await startNode(cluster.url.replace(/\/postgres$/, '/single'));
    await single.store.addCounty('330723', '武义县');
    const token = await single.store.users.add('admin', 'admin');
    const res = await single.request('/c/330723/api/layers/ledger?filename=l.geojson', { method: 'PUT', body: fc([ledgerFeature('S1')]), headers: bearer(token) });
    expect(res.status).toBe(200);
  });
  afterAll(async () => single?.store.close());

  it('answers the single-county paths for it, as the county edition does', async () => {
    const layers = (await json(await single.request('/api/layers'))).body.layers;
    expect(layers.find((l: { name: string }) => l.name === 'ledger')).toMatchObject({ version: 1, count: 1 });
    const items = (await json(await single.request('/collections/ledger/items'))).body;
    expect(items.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(['S1']);
    expect(await tileIds(single, '', 'ledger', 119.80005, 28.90005)).toMatchObject({ status: 200, ids: ['S1'] });
    expect((await single.request('/c/330723/api/layers')).status).toBe(200);
    expect((await json(await single.request('/api/counties'))).body.counties).toEqual([{ code: '330723', name: '武义县' }]);
  });
});

describe('reads closed to visitors', () => {
  let closed: Node;
  beforeAll(async () => {
    closed = await startNode(cluster.url, { readsNeedAuth: true });
  });
  afterAll(async () => closed?.store.close());

  it('keeps the county list open (the viewer needs it to sign in) and closes county data', async () => {
    expect((await closed.request('/api/counties')).status).toBe(200);
    expect((await closed.request('/c/330723/api/layers')).status).toBe(401);
    expect((await closed.request('/c/330723/tiles/ledger/14/0/0.mvt')).status).toBe(401);
    expect((await closed.request('/c/330723/collections/ledger/items')).status).toBe(401);
    expect((await closed.request('/c/330723/api/layers', { headers: bearer(limited) })).status).toBe(200);
  });
});
