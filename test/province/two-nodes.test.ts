// Two service nodes on one database, nothing shared but it: a write through node A is what node B
// serves next (tiles from B's in-memory columns, features, layer versions), even when B had the
// old version in memory, and a sign-in on A is valid on B.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { lonLatToTile } from '../../service/tiles/index.ts';
import { bearer, fc, ledgerFeature, startNode, tileIds, type Node } from './nodes.ts';

let cluster: PgCluster;
let a: Node;
let b: Node;
let token: string;

beforeAll(async () => {
  cluster = await startPgCluster();
  a = await startNode(cluster.url);
  b = await startNode(cluster.url);
  await a.store.addCounty('330723', '武义县');
  await a.store.addCounty('330781', '兰溪市');
  await a.store.users.add('enf', 'enforcer', 'a-long-password');
}, 120_000);
afterAll(async () => {
  await a?.store.close();
  await b?.store.close();
  await cluster?.stop();
});

const ids = (body: { features: { properties: { id: string } }[] }) => body.features.map((f) => f.properties.id).sort();
const upload = (node: Node, ledger: object[]) =>
  node.request('/c/330723/api/layers/ledger?filename=ledger.geojson', { method: 'PUT', body: fc(ledger), headers: bearer(token) });

describe('two service nodes', () => {
  it('accepts on B a token signed in on A', async () => {
    const res = await a.request('/api/auth/login', { method: 'POST', body: JSON.stringify({ name: 'enf', password: 'a-long-password' }), headers: { 'content-type': 'application/json' } });
    token = ((await res.json()) as { token: string }).token;
    expect((await b.request('/api/auth/me', { headers: bearer(token) })).status).toBe(200);
  });

  it('serves from B the version written through A, never the one B held', async () => {
    expect((await upload(a, [ledgerFeature('V1-a'), ledgerFeature('V1-b', 119.80002, 28.90002)])).status).toBe(200);
    // B reads version 1 into its columns and caches the rendered tile.
    const first = await tileIds(b, '/c/330723', 'ledger', 119.80005, 28.90005);
    expect(first).toMatchObject({ status: 200, ids: ['V1-a', 'V1-b'] });
    expect((await tileIds(b, '/c/330723', 'ledger', 119.80005, 28.90005)).etag).toBe(first.etag);

    expect((await upload(a, [ledgerFeature('V2-a')])).status).toBe(200);
    const second = await tileIds(b, '/c/330723', 'ledger', 119.80005, 28.90005);
    expect(second).toMatchObject({ status: 200, ids: ['V2-a'] });
    expect(second.etag).not.toBe(first.etag);
    // A client revalidating with B's old ETag gets the new tile, not a 304.
    const { x, y } = lonLatToTile(119.80005, 28.90005, 14);
    const revalidated = await b.request(`/c/330723/tiles/ledger/14/${x}/${y}.mvt`, { headers: { 'if-none-match': first.etag! } });
    expect(revalidated.status).toBe(200);
    const layer = (await (await b.request('/c/330723/api/layers/ledger')).json()) as { version: number; count: number };
    expect(layer).toMatchObject({ version: 2, count: 1 });
    expect(ids((await (await b.request('/c/330723/collections/ledger/items')).json()) as never)).toEqual(['V2-a']);
  });

  it('keeps tiles of two counties apart on a node that serves both', async () => {
    await a.store.users.add('admin', 'admin');
    const admin = await a.store.users.issueToken('admin');
    const res = await a.request('/c/330781/api/layers/ledger?filename=l.geojson', { method: 'PUT', body: fc([ledgerFeature('L1')]), headers: bearer(admin) });
    expect(res.status).toBe(200);
    const wuyi = await tileIds(b, '/c/330723', 'ledger', 119.80005, 28.90005);
    const lanxi = await tileIds(b, '/c/330781', 'ledger', 119.80005, 28.90005);
    // Both counties are at version 2 vs 1 of their own ledger; the keys and ETags name the county.
    expect(wuyi.ids).toEqual(['V2-a']);
    expect(lanxi.ids).toEqual(['L1']);
    expect(lanxi.etag).not.toBe(wuyi.etag);
  });
});
