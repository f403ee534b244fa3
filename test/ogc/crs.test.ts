// Part 2: answers and bboxes in CRS84, EPSG:4326/4490 (latitude first) and the CGCS2000
// Gauss-Krüger zones (northing first). The EPSG:4549 numbers are PROJ's (gdaltransform of
// 120°E 29°N from EPSG:4490 gives 500000, 3209269.32379), not the service's own projection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../service/store/index.ts';
import { ids, ledgerApp } from './fixture.ts';

let store: Store;
let app: Awaited<ReturnType<typeof ledgerApp>>['app'];
beforeAll(async () => ({ store, app } = await ledgerApp()));
afterAll(() => store.close());

const EPSG = (n: number) => `http://www.opengis.net/def/crs/EPSG/0/${n}`;
const l1 = async (crs: string) => {
  const res = await app.request(`/collections/ledger/items?filter=${encodeURIComponent("id = 'L1'")}&crs=${encodeURIComponent(crs)}`);
  return { res, ring: (await res.json()).features[0].geometry.coordinates[0][0] as number[][] };
};

describe('crs', () => {
  it('CRS84 by default, longitude first, with Content-Crs', async () => {
    const { res, ring } = await l1('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(res.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
    expect(ring[0]).toEqual([120, 29]);
  });

  it.each([4326, 4490])('EPSG:%i is latitude, longitude', async (code) => {
    const { res, ring } = await l1(EPSG(code));
    expect(res.headers.get('content-crs')).toBe(`<${EPSG(code)}>`);
    expect(ring[0]).toEqual([29, 120]);
    expect(ring[1]).toEqual([29, 120.001]);
  });

  it('EPSG:4549 is northing, easting in metres, matching PROJ to a millimetre', async () => {
    const { res, ring } = await l1('EPSG:4549');
    expect(res.headers.get('content-crs')).toBe(`<${EPSG(4549)}>`);
    expect(Math.abs(ring[0][0] - 3209269.32379)).toBeLessThan(0.001);
    expect(Math.abs(ring[0][1] - 500000)).toBeLessThan(0.001);
  });

  it('EPSG:4528 (zone 40 with its prefix) puts the zone in the easting', async () => {
    const { ring } = await l1(EPSG(4528));
    expect(Math.abs(ring[0][1] - 40500000)).toBeLessThan(0.001);
    expect(Math.abs(ring[0][0] - 3209269.32379)).toBeLessThan(0.001);
  });

  it('refuses a CRS it does not offer, naming it', async () => {
    for (const crs of ['EPSG:3857', 'EPSG:4555', 'foo']) {
      const res = await app.request(`/collections/ledger/items?crs=${crs}`);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toContain(crs);
    }
  });
});

describe('bbox-crs', () => {
  it('EPSG:4326 bbox is latitude, longitude', async () => {
    const body = await (await app.request(`/collections/ledger/items?bbox=28.99,120.0095,29.01,120.0205&bbox-crs=${EPSG(4326)}`)).json();
    expect(ids(body)).toEqual(['L2', 'L3']);
  });

  it('EPSG:4549 bbox is northing, easting (around L1 only)', async () => {
    const body = await (await app.request(`/collections/ledger/items?bbox=3209260,499990,3209290,500050&bbox-crs=EPSG:4549`)).json();
    expect(ids(body)).toEqual(['L1']);
  });

  it('refuses numbers that disagree with bbox-crs', async () => {
    for (const [bbox, crs] of [
      ['120.0095,28.99,120.0205,29.01', EPSG(4326)],
      ['120.0095,28.99,120.0205,29.01', 'EPSG:4549'],
      ['499990,3209260,500050,3209290', 'EPSG:4549'],
    ]) {
      const res = await app.request(`/collections/ledger/items?bbox=${bbox}&bbox-crs=${encodeURIComponent(crs)}`);
      expect(res.status, `${bbox} in ${crs}`).toBe(400);
      expect((await res.json()).error).toMatch(/disagrees with bbox-crs/);
    }
    expect((await app.request('/collections/ledger/items?bbox-crs=EPSG:4326')).status).toBe(400);
  });
});
