// Tiles cut from the pre-projected columns are byte for byte the tiles the encoder makes from the
// same features' GeoJSON (the SQL source): holes, rings crossing the tile edge, multipolygons,
// polygons too small to see, at every zoom and with the size cap forcing coarser steps.
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { CachedTileSource } from '../../service/layercache/tile-source.ts';
import { StoreTileSource } from '../../service/tilesource/duckdb-source.ts';
import { bufferedTileBbox, lonLatToTile, renderTile, DEFAULT_ENCODE_OPTIONS } from '../../service/tiles/index.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';
import { report, square, stream } from '../helpers.ts';

let store: Store;
let cached: CachedTileSource;
let sql: StoreTileSource;

function ring(cx: number, cy: number, r: number, n: number, phase = 0): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < n; k++) out.push([cx + r * Math.cos(phase + (2 * Math.PI * k) / n), cy + r * Math.sin(phase + (2 * Math.PI * k) / n)]);
  out.push(out[0]);
  return out;
}

beforeAll(async () => {
  store = await Store.open(':memory:');
  const { ctx } = await createApp(store);
  const features: LayerFeature[] = [
    // A ring with a hole, large enough to cross tile edges from zoom 12 on.
    { index: 0, geometry: { type: 'Polygon', coordinates: [ring(119.8, 28.9, 0.02, 40), ring(119.8, 28.9, 0.005, 12).reverse()] }, props: { id: 'holed', floors: 3 }, extra: {} },
    {
      index: 1,
      geometry: { type: 'MultiPolygon', coordinates: [(square(119.83, 28.91, 0.004) as Polygon).coordinates, [ring(119.84, 28.92, 0.003, 7, 0.3)]] },
      props: { id: 'multi', use: 'residential', height_m: 12.5 },
      extra: {},
    },
  ];
  // A grid of small footprints of varied size (some too small to see at low zoom), wound either way.
  let n = 2;
  for (let a = 0; a < 30; a++) {
    for (let b = 0; b < 30; b++) {
      const size = 0.00002 + ((a * 7 + b * 3) % 11) * 0.00003;
      const r = ring(119.78 + a * 0.0017, 28.88 + b * 0.0015, size, 4 + ((a + b) % 5), a * 0.1);
      features.push({ index: n, geometry: { type: 'Polygon', coordinates: [(a + b) % 2 ? r : r.reverse()] }, props: { id: `f${n}`, floors: a % 4 || null }, extra: {} });
      n++;
    }
  }
  await store.load('footprints', stream(features), report('footprints', features.length));
  cached = ctx.tiles as CachedTileSource;
  sql = new StoreTileSource(store);
  await ctx.runner.layers.get('footprints');
});
afterAll(() => store.close());

describe('tiles from pre-projected columns', () => {
  it('match the tiles made from the same features as GeoJSON, byte for byte', async () => {
    let nonEmpty = 0;
    for (const z of [8, 10, 12, 13, 14, 15, 16, 17]) {
      const c = lonLatToTile(119.8, 28.9, z);
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          const [x, y] = [c.x + dx, c.y + dy];
          const bbox = bufferedTileBbox(z, x, y, DEFAULT_ENCODE_OPTIONS.buffer, DEFAULT_ENCODE_OPTIONS.extent);
          const input = await cached.layerInput('footprints', bbox, z);
          expect(input.project).toBeTypeOf('function');
          const fromSql = { name: 'footprints', features: await sql.features('footprints', bbox, z) };
          for (const maxBytes of [DEFAULT_ENCODE_OPTIONS.maxBytes, 600]) {
            const ours = renderTile([input], z, x, y, { maxBytes });
            const theirs = renderTile([fromSql], z, x, y, { maxBytes });
            expect(ours.reduced, `${z}/${x}/${y}`).toBe(theirs.reduced);
            expect(Buffer.from(ours.bytes).equals(Buffer.from(theirs.bytes)), `${z}/${x}/${y} cap ${maxBytes}`).toBe(true);
            if (ours.bytes.byteLength) nonEmpty++;
          }
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(50);
  });
});
