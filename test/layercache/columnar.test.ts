// The layer cache's columns, read from DuckDB: offsets and boxes worked out by hand for each
// geometry type, the engine's planar geometry equal to toFlat's, and a cached layer that is read
// once per version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { LayerCache } from '../../service/layercache/cache.ts';
import { checkFeatures } from '../../service/layercache/engine-input.ts';
import { preparedOf } from '../../service/checks/prepared.ts';
import { toFlat } from '../../service/checks/flat-geometry.ts';
import { gaussKrugerForward } from '../../service/checks/metric-context.ts';
import type { LayerFeature, LayerName } from '../../service/layers/schema.ts';
import { report, stream } from '../helpers.ts';

let store: Store;
let cache: LayerCache;

async function load(layer: LayerName, features: Omit<LayerFeature, 'index'>[]) {
  const items = features.map((f, index) => ({ ...f, index }));
  await store.load(layer, stream(items), report(layer, items.length));
}

// Two polygons of the footprints layer: a square with a hole, and a two-part MultiPolygon.
const SQUARE_WITH_HOLE: LayerFeature['geometry'] = {
  type: 'Polygon',
  coordinates: [
    [[120, 29], [120.001, 29], [120.001, 29.001], [120, 29.001], [120, 29]],
    [[120.0004, 29.0004], [120.0004, 29.0006], [120.0006, 29.0006], [120.0006, 29.0004], [120.0004, 29.0004]],
  ],
};
const TWO_SQUARES: LayerFeature['geometry'] = {
  type: 'MultiPolygon',
  coordinates: [
    [[[120.01, 29], [120.011, 29], [120.011, 29.001], [120.01, 29.001], [120.01, 29]]],
    [[[120.02, 29], [120.021, 29], [120.021, 29.002], [120.02, 29.002], [120.02, 29]]],
  ],
};

beforeAll(async () => {
  store = await Store.open(':memory:');
  cache = new LayerCache(store);
  await load('footprints', [
    { geometry: SQUARE_WITH_HOLE, props: { id: 'F1', floors: 3, structure: 'brick' }, extra: {} },
    { geometry: TWO_SQUARES, props: { id: 'F2', floors: null, structure: null }, extra: {} },
  ]);
  await load('fire_lanes', [
    { geometry: { type: 'LineString', coordinates: [[120, 29], [120.002, 29], [120.002, 29.003]] }, props: { id: 'L1', width_m: 4 }, extra: {} },
  ]);
  await load('transfer_stations', [
    { geometry: { type: 'Point', coordinates: [120.5, 29.5] }, props: { id: 'T1', capacity_tpd: 10, status: 'operating' }, extra: {} },
  ]);
});
afterAll(() => store.close());

describe('columns read from DuckDB', () => {
  it('lays polygons out as groups, rings and closed vertex lists', async () => {
    const col = await cache.get('footprints');
    expect(col.size).toBe(2);
    const byId = Object.fromEntries(col.ids.map((id, i) => [id, i]));
    const f1 = byId.F1, f2 = byId.F2;
    // F1: one polygon of two rings, 5 + 5 vertices; F2: two polygons of one ring each.
    const groups = (i: number) => col.featureGroup[i + 1] - col.featureGroup[i];
    expect(groups(f1)).toBe(1);
    expect(groups(f2)).toBe(2);
    const g1 = col.featureGroup[f1];
    expect(col.groupPart[g1 + 1] - col.groupPart[g1]).toBe(2);
    const p = col.groupPart[g1];
    expect(col.partVertex[p + 1] - col.partVertex[p]).toBe(5);
    expect(col.partVertex[p + 2] - col.partVertex[p + 1]).toBe(5);
    expect(Array.from(col.box.subarray(4 * f1, 4 * f1 + 4))).toEqual([120, 29, 120.001, 29.001]);
    expect(Array.from(col.box.subarray(4 * f2, 4 * f2 + 4))).toEqual([120.01, 29, 120.021, 29.002]);
    expect(Array.from(col.dim)).toEqual([2, 2]);
    expect(col.props.floors[f1]).toBe(3);
    expect(col.props.floors[f2]).toBeNull();
    expect(col.props.structure[f1]).toBe('brick');
  });

  it('keeps a line as one part and a point as one vertex', async () => {
    const lanes = await cache.get('fire_lanes');
    expect(Array.from(lanes.dim)).toEqual([1]);
    expect(Array.from(lanes.partVertex)).toEqual([0, 3]);
    expect(Array.from(lanes.lonLat)).toEqual([120, 29, 120.002, 29, 120.002, 29.003]);
    expect(lanes.props.width_m).toEqual([4]);
    const stations = await cache.get('transfer_stations');
    expect(Array.from(stations.box)).toEqual([120.5, 29.5, 120.5, 29.5]);
    expect(stations.ids).toEqual(['T1']);
  });

  it('gives the engine the planar geometry toFlat makes from GeoJSON', async () => {
    const col = await cache.get('footprints');
    const features = checkFeatures(col);
    const prepared = preparedOf(features)!;
    const project = gaussKrugerForward('+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
    for (const [i, g] of [[col.ids.indexOf('F1'), SQUARE_WITH_HOLE], [col.ids.indexOf('F2'), TWO_SQUARES]] as const) {
      const mine = prepared.flat(i, 'EPSG:4549', project);
      const theirs = toFlat(g, project, () => 'fixture');
      expect(mine.dim).toBe(theirs.dim);
      expect(Array.from(mine.xy)).toEqual(Array.from(theirs.xy));
      expect(Array.from(mine.partStart)).toEqual(Array.from(theirs.partStart));
      expect(Array.from(mine.polyStart)).toEqual(Array.from(theirs.polyStart));
      expect([mine.minX, mine.minY, mine.maxX, mine.maxY]).toEqual([theirs.minX, theirs.minY, theirs.maxX, theirs.maxY]);
    }
  });
});

describe('the cache', () => {
  it('reads a layer once per version and again after a load', async () => {
    const a = await cache.get('fire_lanes');
    expect(await cache.get('fire_lanes')).toBe(a);
    expect(checkFeatures(a)).toBe(checkFeatures(a));
    await load('fire_lanes', [
      { geometry: { type: 'LineString', coordinates: [[121, 30], [121.001, 30]] }, props: { id: 'L2', width_m: 6 }, extra: {} },
    ]);
    const b = await cache.get('fire_lanes');
    expect(b).not.toBe(a);
    expect(b.version).toBe(a.version + 1);
    expect(b.ids).toEqual(['L2']);
  });
});
