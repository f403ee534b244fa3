// Uploading layer files over HTTP: raw and multipart bodies, the size limit, and bad files that
// are refused with a message naming file, feature and field while the previous version stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
let admin: string;
let inspector: string;

const sample = (layer: string) => readFile(new URL(`../../data/sample/${layer}.geojson`, import.meta.url));

const fc = (features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });
const ledgerFeature = (id: string, props: object = {}) => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[[119.8, 28.9], [119.8001, 28.9], [119.8001, 28.9001], [119.8, 28.9]]] },
  properties: { id, recorded_on: '2020-01-01', status: 'pending', ...props },
});

beforeAll(async () => {
  store = await Store.open(':memory:');
  admin = await store.users.add('admin', 'admin');
  inspector = await store.users.add('insp', 'inspector');
  ({ app } = await createApp(store, { maxUploadBytes: 5 * 1024 * 1024 }));
});
afterAll(() => store.close());

const put = (layer: string, body: BodyInit, token = admin, query = '', headers: Record<string, string> = {}) =>
  app.request(`/api/layers/${layer}${query}`, { method: 'PUT', body, headers: { authorization: `Bearer ${token}`, ...headers } });

describe('PUT /api/layers/:layer', () => {
  it('loads a raw GeoJSON body and reports it', async () => {
    const res = await put('ledger', await sample('ledger'), admin, '?filename=ledger.geojson');
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({ layer: 'ledger', committed: true, version: 1, rejected: 0 });
    expect(report.loaded).toBe(report.read);
    expect(report.repaired).toBeGreaterThan(0);
    expect((await store.layer('ledger')).count).toBe(report.loaded);
  });

  it('loads a multipart upload', async () => {
    const form = new FormData();
    form.append('file', new Blob([await sample('patches')]), 'patches.geojson');
    const res = await put('patches', form, inspector);
    expect(res.status).toBe(200);
    expect((await res.json()).batches).toEqual(['2024Q1', '2024Q2']);
  });

  it('refuses a file with bad features, naming every problem, and keeps the previous version', async () => {
    const before = await store.layer('ledger');
    const bad = fc([
      ledgerFeature('A1'),
      ledgerFeature('A2', { recorded_on: 'soon' }),
      { ...ledgerFeature('A3'), properties: { id: 'A3', status: 'pending' } },
      ledgerFeature('A1'),
    ]);
    const res = await put('ledger', bad, admin, '?filename=bad-ledger.geojson');
    expect(res.status).toBe(422);
    const report = await res.json();
    expect(report.committed).toBe(false);
    const text = JSON.stringify(report.problems);
    expect(report.problems.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/bad-ledger\.geojson/);
    expect(report.problems.some((p: { index: number; field: string }) => p.index === 1 && p.field === 'recorded_on')).toBe(true);
    expect(report.problems.some((p: { index: number; field: string }) => p.index === 2 && p.field === 'recorded_on')).toBe(true);
    expect(report.problems.some((p: { index: number; message: string }) => p.index === 3 && /duplicate/i.test(p.message))).toBe(true);
    expect(await store.layer('ledger')).toMatchObject({ version: before.version, count: before.count });
  });

  it('loads the valid features when allow_rejects=true', async () => {
    const res = await put('permits', fc([
      { type: 'Feature', geometry: ledgerFeature('x').geometry, properties: { id: 'P1' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [119.8, 28.9] }, properties: { id: 'P2' } },
    ]), admin, '?filename=permits.geojson&allow_rejects=true');
    const report = await res.json();
    expect(report).toMatchObject({ committed: true, loaded: 1, rejected: 1 });
    expect(report.problems[0]).toMatchObject({ index: 1 });
  });

  it('refuses a truncated file and projected coordinates without a CRS', async () => {
    const before = await store.layer('ledger');
    const truncated = (await sample('ledger')).subarray(0, 5000);
    const cut = await put('ledger', truncated, admin, '?filename=ledger.geojson');
    expect(cut.status).toBe(422);
    expect(JSON.stringify(await cut.json())).toMatch(/ledger\.geojson/);
    const projected = fc([{ ...ledgerFeature('G1'), geometry: { type: 'Polygon', coordinates: [[[515000, 3350000], [515010, 3350000], [515010, 3350010], [515000, 3350000]]] } }]);
    const proj = await put('ledger', projected, admin, '?filename=gk.geojson');
    expect(proj.status).toBe(422);
    expect(JSON.stringify(await proj.json())).toMatch(/not longitude\/latitude|CRS/i);
    const declared = await put('ledger', projected, admin, '?filename=gk.geojson&crs=EPSG:4549');
    expect(declared.status).toBe(200);
    const [f] = await store.query('ledger', { equals: { id: 'G1' } });
    const [lon, lat] = (f.geometry as { coordinates: number[][][] }).coordinates[0][0];
    expect(lon).toBeCloseTo(120.156, 2);
    expect(lat).toBeCloseTo(30.265, 2);
    expect((await store.layer('ledger')).version).toBe(before.version + 1);
  });

  it('refuses an upload over the size limit with 413 and keeps the layer', async () => {
    const before = await store.layer('patches');
    const big = new Uint8Array(6 * 1024 * 1024).fill(32);
    const res = await put('patches', big, inspector, '?filename=big.geojson');
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/size limit/);
    expect(await store.layer('patches')).toMatchObject({ version: before.version, count: before.count });
  });

  it('refuses an unknown format with a message', async () => {
    const res = await put('permits', 'hello', admin, '?filename=notes.txt');
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toMatch(/notes\.txt/);
  });
});
