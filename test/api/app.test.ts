import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { patch, report, stream } from '../helpers.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  store = await Store.open(':memory:');
  for (const role of ['viewer', 'inspector', 'enforcer', 'planner', 'admin']) {
    tokens[role] = await store.users.add(`u_${role}`, role, `pw-${role}`);
  }
  const patches = Array.from({ length: 30 }, (_, i) => patch(i, i < 20 ? '2024Q1' : '2024Q2'));
  await store.load('patches', stream(patches), report('patches', patches.length));
  ({ app } = await createApp(store));
});
afterAll(() => store.close());

const get = (path: string, token?: string) =>
  app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('layers and health', () => {
  it('reports health and layers with counts, bbox and versions', async () => {
    expect((await (await get('/api/health')).json()).ok).toBe(true);
    const body = await (await get('/api/layers')).json();
    const p = body.layers.find((l: { name: string }) => l.name === 'patches');
    expect(p).toMatchObject({ count: 30, version: 1, title: { zh: '卫片图斑', en: 'Satellite patches' } });
    expect(p.bbox[0]).toBeCloseTo(119.8, 9);
    expect(body.layers).toHaveLength(11);
  });

  it('answers an unknown layer with 404', async () => {
    const res = await get('/api/layers/rivers');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/unknown layer "rivers"/);
  });
});

describe('OGC API - Features', () => {
  it('lists conformance and collections', async () => {
    expect((await (await get('/conformance')).json()).conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
    const cols = await (await get('/collections')).json();
    expect(cols.collections.map((c: { id: string }) => c.id)).toContain('ledger');
  });

  it('pages items with limit, offset, numberMatched and next links', async () => {
    const res = await get('/collections/patches/items?limit=10&offset=25');
    expect(res.headers.get('content-type')).toMatch(/geo\+json/);
    const fc = await res.json();
    expect(fc.numberMatched).toBe(30);
    expect(fc.numberReturned).toBe(5);
    expect(fc.links.find((l: { rel: string }) => l.rel === 'next')).toBeUndefined();
    expect(fc.links.find((l: { rel: string }) => l.rel === 'prev').href).toContain('offset=15');
  });

  it('clamps limit to 10000', async () => {
    const fc = await (await get('/collections/patches/items?limit=50000')).json();
    expect(fc.numberReturned).toBe(30);
    expect(fc.links[0].href).toContain('limit=10000');
  });

  it('filters by bbox and by property', async () => {
    const inBox = await (await get('/collections/patches/items?bbox=119.8005,28.8,119.8025,29')).json();
    expect(inBox.features.map((f: { id: string }) => f.id).sort()).toEqual(['2024Q1:P1', '2024Q1:P2']);
    const q2 = await (await get('/collections/patches/items?batch=2024Q2&limit=100')).json();
    expect(q2.numberMatched).toBe(10);
  });

  it('refuses unknown parameters and bad values with 400', async () => {
    const unknown = await get('/collections/patches/items?colour=red');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatch(/unknown query parameter "colour"/);
    expect((await get('/collections/patches/items?bbox=1,2,3')).status).toBe(400);
    expect((await get('/collections/patches/items?limit=-1')).status).toBe(400);
  });

  it('returns one feature by id, patches as batch:id', async () => {
    const res = await get('/collections/patches/items/2024Q2:P21');
    expect(res.status).toBe(200);
    const f = await res.json();
    expect(f.properties).toMatchObject({ id: 'P21', batch: '2024Q2', 监测编号: '33072321' });
    expect((await get('/collections/patches/items/nope')).status).toBe(404);
  });

  it('serves Arrow IPC with a WKB geometry column', async () => {
    const res = await get('/collections/patches/items?f=arrow&limit=7');
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.numRows).toBe(7);
    expect(table.schema.fields.map((f) => f.name)).toContain('geometry');
    expect(table.getChild('batch')!.get(0)).toMatch(/2024Q/);
    const wkb = table.getChild('geometry')!.get(0) as Uint8Array;
    expect(wkb[0]).toBe(1);
    expect(new DataView(wkb.buffer, wkb.byteOffset).getUint32(1, true)).toBe(3);
  });
});

describe('sign-in and roles', () => {
  it('signs in with name and password', async () => {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ name: 'u_planner', password: 'pw-planner' }),
      headers: { 'content-type': 'application/json' },
    });
    const session = await res.json();
    expect(session.user).toEqual({ name: 'u_planner', role: 'planner' });
    expect(await (await get('/api/auth/me', session.token)).json()).toEqual({ name: 'u_planner', role: 'planner' });
    const bad = await app.request('/api/auth/login', { method: 'POST', body: JSON.stringify({ name: 'u_planner', password: 'x' }) });
    expect(bad.status).toBe(401);
  });

  it('needs a token (401) and the right role (403) to write', async () => {
    const put = (layer: string, token?: string) =>
      app.request(`/api/layers/${layer}`, {
        method: 'PUT',
        body: '{"type":"FeatureCollection","features":[]}',
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    expect((await put('ledger')).status).toBe(401);
    const forbidden = await put('ledger', tokens.inspector);
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error).toMatch(/role "inspector" may not load the ledger layer; it needs enforcer/);
    expect((await put('patches', tokens.viewer)).status).toBe(403);
    expect((await put('footprints', tokens.planner)).status).toBe(403);
    const del = await app.request('/api/layers/patches', { method: 'DELETE', headers: { authorization: `Bearer ${tokens.enforcer}` } });
    expect(del.status).toBe(403);
    expect((await store.layer('patches')).count).toBe(30);
  });

  it('rejects a forged token with 401', async () => {
    expect((await get('/api/layers', 'gt_forged')).status).toBe(401);
  });

  it('can require a token for reads', async () => {
    const { app: closed } = await createApp(store, { readsNeedAuth: true });
    expect((await closed.request('/api/layers')).status).toBe(401);
    expect((await closed.request('/collections/patches/items')).status).toBe(401);
    const ok = await closed.request('/api/layers', { headers: { authorization: `Bearer ${tokens.viewer}` } });
    expect(ok.status).toBe(200);
  });

  it('lets only admins manage users', async () => {
    expect((await get('/api/auth/users', tokens.planner)).status).toBe(403);
    expect((await (await get('/api/auth/users', tokens.admin)).json()).users).toHaveLength(5);
  });
});

describe('serving the viewer', () => {
  it('answers unknown API paths with JSON 404, other paths with the single-page app', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dist = mkdtempSync(join(tmpdir(), 'gt-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>viewer</title>');
    const { app: withViewer } = await createApp(store, { viewerDist: dist });
    const api = await withViewer.request('/api/nothing-here');
    expect(api.status).toBe(404);
    expect((await api.json()).error).toMatch(/no route/);
    const page = await withViewer.request('/review/2024Q2');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>viewer</title>');
  });
});
