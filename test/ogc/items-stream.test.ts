// Items pages written straight from WKB: the same GeoJSON as the object path (hand-made ledger of
// in/ledger.geojson, five polygons L1–L5), next links that walk every feature once by fid, and
// the geometry text writer on every WKB type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { geometryToWkb } from '../../service/geo/wkb.ts';
import { wkbToGeoJsonText } from '../../service/ogc/wkb-json.ts';
import type { Store } from '../../service/store/index.ts';
import { LEDGER, ledgerApp } from './fixture.ts';

describe('WKB → GeoJSON text', () => {
  const cases: [Geometry, boolean, string][] = [
    [{ type: 'Point', coordinates: [119.5, 29.25] }, true, '{"type":"Point","coordinates":[119.5,29.25]}'],
    [{ type: 'LineString', coordinates: [[1, 2], [3, 4]] }, false, '{"type":"MultiLineString","coordinates":[[[1,2],[3,4]]]}'],
    [
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
      true,
      '{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}',
    ],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, false, '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}'],
    [
      { type: 'MultiPolygon', coordinates: [[[[0, 0], [2, 0], [0, 2], [0, 0]], [[0.1, 0.1], [0.5, 0.1], [0.1, 0.5], [0.1, 0.1]]], [[[5, 5], [6, 5], [5, 6], [5, 5]]]] },
      true,
      '{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[0,2],[0,0]],[[0.1,0.1],[0.5,0.1],[0.1,0.5],[0.1,0.1]]],[[[5,5],[6,5],[5,6],[5,5]]]]}',
    ],
    [{ type: 'MultiPoint', coordinates: [[1, 2], [-3.25, 4e-7]] }, true, '{"type":"MultiPoint","coordinates":[[1,2],[-3.25,4e-7]]}'],
    [
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[0, 0], [1, 1]] }] },
      true,
      '{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[0,0],[1,1]]}]}',
    ],
  ];
  for (const [g, promote, text] of cases) {
    it(`${g.type}${promote ? ' (promoted)' : ''}`, () => {
      expect(wkbToGeoJsonText(geometryToWkb(g), promote)).toBe(text);
    });
  }

  it('reads big-endian WKB', () => {
    const be = new Uint8Array([0, 0, 0, 0, 1, 0x40, 0x5e, 0, 0, 0, 0, 0, 0, 0xc0, 0x24, 0, 0, 0, 0, 0, 0]);
    expect(wkbToGeoJsonText(be, true)).toBe('{"type":"Point","coordinates":[120,-10]}');
  });
});

describe('items pages', () => {
  let store: Store;
  let app: Awaited<ReturnType<typeof ledgerApp>>['app'];
  beforeAll(async () => {
    ({ store, app } = await ledgerApp());
  });
  afterAll(() => store.close());
  const get = async (path: string) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    return res.json();
  };

  it('serves the input properties and one-part MultiPolygons', async () => {
    const fc = await get('/collections/ledger/items?limit=10');
    expect(fc.numberMatched).toBe(5);
    expect(fc.numberReturned).toBe(5);
    const l1 = fc.features.find((f: { id: string }) => f.id === 'L1');
    const src = LEDGER.features[0];
    expect(l1.geometry).toEqual({ type: 'MultiPolygon', coordinates: [(src.geometry as { coordinates: unknown }).coordinates] });
    expect(l1.properties).toMatchObject({ id: 'L1', status: 'pending', recorded_on: '2023-05-01', floors: 2, owner: '张三', township: '熟溪街道', demolished_on: null });
    expect(fc.links.find((l: { rel: string }) => l.rel === 'next')).toBeUndefined();
  });

  it('walks every feature once through next links of two per page', async () => {
    const seen: string[] = [];
    let url: string | null = '/collections/ledger/items?limit=2';
    let pages = 0;
    while (url) {
      const fc = await get(url.replace(/^https?:\/\/[^/]+/, ''));
      expect(fc.numberMatched).toBe(5);
      seen.push(...fc.features.map((f: { id: string }) => f.id));
      const next = fc.links.find((l: { rel: string }) => l.rel === 'next');
      if (next) expect(next.href).toMatch(/after=\d+/);
      url = next?.href ?? null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);
  });

  it('keeps filters on the next page', async () => {
    const first = await get(`/collections/ledger/items?limit=1&filter=${encodeURIComponent("status = 'pending'")}`);
    const next = first.links.find((l: { rel: string }) => l.rel === 'next');
    const all = await get(`/collections/ledger/items?limit=10&filter=${encodeURIComponent("status = 'pending'")}`);
    expect(all.numberReturned).toBeGreaterThan(1);
    const second = await get(next.href.replace(/^https?:\/\/[^/]+/, ''));
    expect(second.features[0].id).toBe(all.features[1].id);
    expect(second.features.every((f: { properties: { status: string } }) => f.properties.status === 'pending')).toBe(true);
  });

  it('refuses a cursor that is not a whole number', async () => {
    const res = await app.request('/collections/ledger/items?after=abc');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/after/);
  });
});
