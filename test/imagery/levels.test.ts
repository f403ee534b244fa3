// Tiled, deflated GeoTIFFs with overviews (as sharp writes them, georeferenced by the sample
// generator's tag writer): the fast window read equals geotiff.js's own readRGB across tile
// edges, overviews are found and chosen by zoom, and a low-zoom tile reads an overview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { addGeoTags } from '../../scripts/county/geotiff-tags.ts';
import { openRaster, type Raster } from '../../service/imagery/tiff.ts';
import { readWindow } from '../../service/imagery/window.ts';
import { levelFor, projectorFor, renderRgba } from '../../service/imagery/render.ts';
import { drawArea, rasterExtent } from '../../service/imagery/extent.ts';

let dir: string;
let raster: Raster;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gt-imagery-levels-'));
  // 1000 × 700 px of noise (every pixel differs from its neighbours) at 1 m, EPSG:4549.
  const tiff = await sharp({ create: { width: 1000, height: 700, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .tiff({ tile: true, tileWidth: 256, tileHeight: 256, compression: 'deflate', predictor: 'horizontal', pyramid: true })
    .toBuffer();
  const file = join(dir, 'noise.tif');
  writeFileSync(file, addGeoTags(tiff, { pixelScale: [1, 1], topLeft: [481000, 3197000], projectedEpsg: 4549 }));
  raster = await openRaster(file);
});
afterAll(async () => {
  await raster.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('levels and windows', () => {
  it('finds the overviews, halving each time (libvips stops once a level fits one tile)', () => {
    expect(raster.crs.code).toBe('EPSG:4549');
    expect(raster.levels.map((l) => l.width)).toEqual([1000, 500, 250]);
    expect(raster.levels[1].resX).toBeCloseTo(2, 9);
    expect(raster.originX).toBe(481000);
    expect(raster.originY).toBe(3197000);
  });

  it('reads the same pixels as geotiff.js readRGB, across tile edges and at the image edge', async () => {
    for (const [level, win] of [[0, [200, 230, 530, 520]], [0, [900, 600, 1000, 700]], [1, [100, 50, 400, 350]]] as const) {
      const image = raster.levels[level].image;
      const fast = await readWindow(image, win[0], win[1], win[2], win[3], false);
      const slow = await image.readRGB({ window: [...win], interleave: true });
      expect(fast.channels).toBe(3);
      expect(fast.data.length).toBe(slow.length);
      expect(Buffer.from(fast.data).equals(Buffer.from(slow as unknown as Uint8Array))).toBe(true);
    }
  });

  it('picks the coarsest level still as fine as the tile', () => {
    expect(levelFor(raster, 0.5)).toBe(0);
    expect(levelFor(raster, 1.9)).toBe(0);
    expect(levelFor(raster, 2)).toBe(1);
    expect(levelFor(raster, 3.7)).toBe(1);
    expect(levelFor(raster, 5)).toBe(2);
    expect(levelFor(raster, 100)).toBe(2);
  });

  it('renders a low-zoom tile from an overview without reading the full image', async () => {
    const ext = rasterExtent(raster);
    expect(ext.minzoom).toBe(0);
    const t = { raster, project: projectorFor(raster), area: drawArea(ext.bounds) };
    const reads: number[] = [];
    const original = raster.levels.map((l) => l.image.getTileOrStrip.bind(l.image));
    raster.levels.forEach((l, i) => {
      l.image.getTileOrStrip = (...args: Parameters<typeof l.image.getTileOrStrip>) => {
        reads.push(i);
        return original[i](...args);
      };
    });
    try {
      // z14 pixels are ~8.4 m here: the coarsest level (4 m, 250 px wide) is read, nothing finer.
      const rgba = await renderRgba(t, 14, 13644, 6817, { read: 0, warp: 0, encode: 0 });
      expect(rgba).not.toBeNull();
      expect(new Set(reads)).toEqual(new Set([2]));
    } finally {
      raster.levels.forEach((l, i) => (l.image.getTileOrStrip = original[i]));
    }
  });
});
