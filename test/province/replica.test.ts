// Reads from a streaming replica: with replay paused on the replica, a client that just uploaded a
// layer reads its own version (from the primary, on the node it wrote through by its token and on
// another node by the cookie), while everyone else reads the replica's older one; once the replica
// has replayed past the write, the writer reads from it too. A replica that is down: the primary
// answers. A read URL that is not a standby is refused at start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { startPgReplica, type PgReplica } from '../kit/pg-replica.ts';
import { PgStore } from '../../service/store/pg/index.ts';
import { createProvinceApp } from '../../service/province/app.ts';
import { bearer, fc, ledgerFeature, tileIds, type Node } from './nodes.ts';

let cluster: PgCluster;
let replica: PgReplica;
let a: Node;
let b: Node;
let token: string;

async function replicaNode(): Promise<Node> {
  const store = await PgStore.open(cluster.url, { max: 4, readUrl: replica.url });
  const { app } = await createProvinceApp(store, { maxUploadBytes: 5 * 1024 * 1024 });
  return { store, request: (path, init) => Promise.resolve(app.request(path, init)) };
}

beforeAll(async () => {
  cluster = await startPgCluster();
  replica = await startPgReplica(cluster);
  a = await replicaNode();
  b = await replicaNode();
  await a.store.addCounty('330723', '武义县');
  token = await a.store.users.add('enf', 'enforcer');
  await replica.catchUp(cluster.url);
}, 120_000);
afterAll(async () => {
  await a?.store.close();
  await b?.store.close();
  await replica?.stop();
  await cluster?.stop();
});

const P = '/c/330723';
async function ledger(node: Node, headers: Record<string, string> = {}) {
  const res = await node.request(`${P}/api/layers/ledger`, { headers });
  const body = (await res.json()) as { version: number; count: number };
  return { status: res.status, version: body.version, from: res.headers.get('groundtruth-read-from') };
}
async function itemIds(node: Node, headers: Record<string, string> = {}) {
  const res = await node.request(`${P}/collections/ledger/items`, { headers });
  return ((await res.json()) as { features: { properties: { id: string } }[] }).features.map((f) => f.properties.id).sort();
}
const upload = (node: Node, ids: string[]) =>
  node.request(`${P}/api/layers/ledger?filename=ledger.geojson`, { method: 'PUT', body: fc(ids.map((id, i) => ledgerFeature(id, 119.8 + i * 0.0002))), headers: bearer(token) });

describe('a node with a read replica', () => {
  it('refuses a read URL that is not a standby', async () => {
    await expect(PgStore.open(cluster.url, { readUrl: cluster.url })).rejects.toThrow(/not a standby/);
  });

  it('serves reads from the replica when nobody has written', async () => {
    expect(await ledger(a)).toEqual({ status: 200, version: 0, from: 'replica' });
  });

  it('gives the writer its own write at once while others read the replica', async () => {
    await replica.sql('SELECT pg_wal_replay_pause()');
    const res = await upload(a, ['V1-a', 'V1-b']);
    expect(res.status).toBe(200);
    const lsn = res.headers.get('groundtruth-write-lsn');
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    expect(decodeURIComponent(cookie)).toBe(`gt_wrote=${lsn}`);

    // The writer, by its token on the same node: version 1 from the primary, features and tile too.
    expect(await ledger(a, bearer(token))).toEqual({ status: 200, version: 1, from: 'primary' });
    expect(await itemIds(a, bearer(token))).toEqual(['V1-a', 'V1-b']);
    expect((await tileIds({ ...a, request: (p, i) => a.request(p, { ...i, headers: bearer(token) }) }, P, 'ledger', 119.80005, 28.90005)).ids).toEqual(['V1-a', 'V1-b']);
    // The writer's browser on the other node: the cookie carries the position.
    expect(await ledger(b, { cookie })).toEqual({ status: 200, version: 1, from: 'primary' });
    // An API client on the other node sending the header back.
    expect(await ledger(b, { 'groundtruth-min-lsn': lsn! })).toEqual({ status: 200, version: 1, from: 'primary' });
    // Everyone else, on either node: the replica, which has not replayed the upload.
    expect(await ledger(a)).toEqual({ status: 200, version: 0, from: 'replica' });
    expect(await ledger(b)).toEqual({ status: 200, version: 0, from: 'replica' });
    expect(await itemIds(b)).toEqual([]);
  });

  it('sends the writer back to the replica once it has replayed the write', async () => {
    await replica.sql('SELECT pg_wal_replay_resume()');
    await replica.catchUp(cluster.url);
    expect(await ledger(b)).toEqual({ status: 200, version: 1, from: 'replica' });
    expect(await ledger(a, bearer(token))).toEqual({ status: 200, version: 1, from: 'replica' });
    expect(await itemIds(b)).toEqual(['V1-a', 'V1-b']);
  });

  it('answers from the primary when the replica is down', async () => {
    expect((await upload(a, ['V2-a'])).status).toBe(200);
    await replica.catchUp(cluster.url);
    replica.halt();
    expect(await ledger(b)).toEqual({ status: 200, version: 2, from: 'primary' });
    expect(await itemIds(b)).toEqual(['V2-a']);
    expect(await ledger(a, bearer(token))).toEqual({ status: 200, version: 2, from: 'primary' });
  });
});
