// Tiles of layers without check results come from the cached columns once they are in memory:
// the same features, properties and geometry the SQL source gives, tiny ones left out below
// zoom 14, and SQL until the columns are read.
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import type { LayerCache } from '../../service/layercache/cache.ts';
import { CachedTileSource } from '../../service/layercache/tile-source.ts';
import { createApp } from '../../service/app.ts';
import { StoreTileSource } from '../../service/tilesource/duckdb-source.ts';
import type { TileFeature } from '../../service/tiles/index.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';
import { report, square, stream } from '../helpers.ts';

let store: Store;
let cache: LayerCache;
let cached: CachedTileSource;
let sql: StoreTileSource;

const byId = (fs: TileFeature[]) => [...fs].sort((a, b) => a.id - b.id);

beforeAll(async () => {
  store = await Store.open(':memory:');
  // The app's parts make the tables the SQL source joins (runs, verdicts).
  const { ctx } = await createApp(store);
  cache = ctx.runner.layers;
  const features: LayerFeature[] = [
    // 0.0001° ≈ 0.007 px at zoom 8 (half a pixel is 0.0069°): left out there, kept at 14.
    { index: 0, geometry: square(119.8, 28.9), props: { id: 'tiny', floors: 2, use: 'residential' }, extra: {} },
    { index: 1, geometry: square(119.81, 28.9, 0.01), props: { id: 'big', floors: null, structure: 'brick' }, extra: {} },
    {
      index: 2,
      geometry: { type: 'MultiPolygon', coordinates: [(square(119.9, 28.95, 0.02) as Polygon).coordinates, (square(119.95, 28.95, 0.02) as Polygon).coordinates] },
      props: { id: 'multi', height_m: 30 },
      extra: {},
    },
    { index: 3, geometry: square(121, 30, 0.01), props: { id: 'far' }, extra: {} },
  ];
  await store.load('footprints', stream(features), report('footprints', features.length));
  expect(ctx.tiles).toBeInstanceOf(CachedTileSource);
  cached = ctx.tiles as CachedTileSource;
  sql = new StoreTileSource(store);
});
afterAll(() => store.close());

describe('tiles from cached columns', () => {
  const bbox: [number, number, number, number] = [119.7, 28.8, 120.1, 29.1];

  it('answers from SQL until the columns are in memory, then from memory', async () => {
    expect(cache.peek('footprints', 1)).toBeUndefined();
    const first = await cached.features('footprints', bbox, 14);
    expect(byId(first)).toEqual(byId(await sql.features('footprints', bbox, 14)));
    await cache.get('footprints');
    expect(cache.peek('footprints', 1)).toBeDefined();
  });

  it('gives the features the SQL source gives, at every zoom', async () => {
    for (const z of [8, 10, 12, 14, 16]) {
      expect(byId(await cached.features('footprints', bbox, z))).toEqual(byId(await sql.features('footprints', bbox, z)));
    }
  });

  it('leaves the tiny footprint out below zoom 14 and the far one out of the box', async () => {
    const ids = async (z: number) => (await cached.features('footprints', bbox, z)).map((f) => f.properties.id);
    expect((await ids(8)).sort()).toEqual(['big', 'multi']);
    expect((await ids(14)).sort()).toEqual(['big', 'multi', 'tiny']);
    const multi = (await cached.features('footprints', bbox, 14)).find((f) => f.properties.id === 'multi')!;
    expect(multi.geometry.type).toBe('MultiPolygon');
    expect(multi.properties).toEqual({ id: 'multi', height_m: 30 });
  });
});
