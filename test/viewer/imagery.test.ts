// Choosing the before/after images of a patch, tile URLs, and the GCJ-02 tile shift.
// Dates and expected picks are worked out by hand from the lists below.
import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { absoluteTiles, pickPair, type ImageryInfo } from '../../viewer/src/lib/imagery.ts';
import { gcjPieces, lonLatToPixel, pixelToLonLat, tileUrl } from '../../viewer/src/lib/gcj02-tiles.ts';

const COUNTY: [number, number, number, number] = [119.7, 28.8, 119.9, 29.0];
const img = (name: string, date: string, bounds = COUNTY): ImageryInfo => ({
  name, date, bounds, minzoom: 10, maxzoom: 19, source: 'file', crs: 'EPSG:3857', tiles: [`/imagery/${name}/{z}/{x}/{y}.webp`],
});
const LIST = [img('d2024-04', '2024-04-02'), img('d2023-06', '2023-06-15'), img('d2022-11', '2022-11-20'), img('d2024-02', '2024-02-10'), img('elsewhere', '2023-12-01', [100, 20, 101, 21])];
const PATCH_BOX: [number, number, number, number] = [119.8, 28.9, 119.801, 28.901];
const names = (p: ReturnType<typeof pickPair>) => (p ? [p.before.name, p.after.name, p.fallback] : null);

describe('picking the images of a patch', () => {
  it('takes the image nearest on or before before_on and nearest on or after detected_on', () => {
    expect(names(pickPair(LIST, { before_on: '2023-07-01', detected_on: '2024-03-01' }, PATCH_BOX))).toEqual(['d2023-06', 'd2024-04', false]);
    // An image taken on the day itself counts on both sides.
    expect(names(pickPair(LIST, { before_on: '2023-06-15', detected_on: '2024-02-10' }, PATCH_BOX))).toEqual(['d2023-06', 'd2024-02', false]);
  });

  it('without before_on takes the latest image before detected_on', () => {
    expect(names(pickPair(LIST, { before_on: null, detected_on: '2024-03-01' }, PATCH_BOX))).toEqual(['d2024-02', 'd2024-04', false]);
  });

  it('ignores images that do not cover the patch', () => {
    // "elsewhere" (2023-12-01) would be nearest before 2024-01-01 if it counted.
    expect(names(pickPair(LIST, { before_on: '2024-01-01', detected_on: '2024-02-01' }, PATCH_BOX))).toEqual(['d2023-06', 'd2024-02', false]);
  });

  it('falls back to the two latest when either side has no image', () => {
    // Nothing after 2024-05-01.
    expect(names(pickPair(LIST, { before_on: '2024-01-01', detected_on: '2024-05-01' }, PATCH_BOX))).toEqual(['d2024-02', 'd2024-04', true]);
    // Nothing before 2022-01-01.
    expect(names(pickPair(LIST, { before_on: '2022-01-01', detected_on: '2023-01-01' }, PATCH_BOX))).toEqual(['d2024-02', 'd2024-04', true]);
  });

  it('needs two covering images, and refuses a malformed date', () => {
    expect(pickPair([LIST[0], LIST[4]], { detected_on: '2024-03-01' }, PATCH_BOX)).toBeNull();
    expect(pickPair([], { detected_on: '2024-03-01' }, null)).toBeNull();
    expect(() => pickPair(LIST, { detected_on: '2024/03/01' }, PATCH_BOX)).toThrow(/detected_on "2024\/03\/01" is not YYYY-MM-DD/);
  });

  it('does not depend on the order of the list', () => {
    const reversed = [...LIST].reverse();
    expect(names(pickPair(reversed, { before_on: '2023-07-01', detected_on: '2024-03-01' }, PATCH_BOX))).toEqual(['d2023-06', 'd2024-04', false]);
  });
});

describe('tile URLs', () => {
  it('makes relative templates absolute and keeps the placeholders', () => {
    expect(absoluteTiles(['/imagery/a/{z}/{x}/{y}.webp', 'https://t.example/{z}/{x}/{y}.png'], 'http://127.0.0.1:8787')).toEqual([
      'http://127.0.0.1:8787/imagery/a/{z}/{x}/{y}.webp',
      'https://t.example/{z}/{x}/{y}.png',
    ]);
    expect(tileUrl('/t/{z}/{x}/{y}.png', 18, 5, 7)).toBe('/t/18/5/7.png');
  });
});

describe('GCJ-02 tiles', () => {
  it('projects to Web Mercator pixels and back', () => {
    // z0: the world is 256 px; lon 0 lat 0 is its middle.
    expect(lonLatToPixel(0, 0, 0)).toEqual([128, 128]);
    const [lon, lat] = pixelToLonLat(...lonLatToPixel(119.8, 28.9, 18), 18);
    expect(lon).toBeCloseTo(119.8, 9);
    expect(lat).toBeCloseTo(28.9, 9);
  });

  it('draws each source tile moved by the GCJ-02 offset of the tile corner', () => {
    const z = 17;
    const [px, py] = lonLatToPixel(119.8, 28.9, z);
    const [x, y] = [Math.floor(px / 256), Math.floor(py / 256)];
    const pieces = gcjPieces(z, x, y);
    // A window one tile wide covers 1, 2 or 4 source tiles.
    expect([1, 2, 4]).toContain(pieces.length);
    // The ground at the tile's corner (WGS 84) is, in the GCJ-02 grid, at gcoord's GCJ-02 point.
    const corner = pixelToLonLat(x * 256, y * 256, z);
    const [gx, gy] = lonLatToPixel(...(gcoord.transform(corner, gcoord.WGS84, gcoord.GCJ02) as [number, number]), z);
    const first = pieces[0];
    expect(first.x * 256 - first.dx).toBeCloseTo(gx, -0.3);
    expect(first.y * 256 - first.dy).toBeCloseTo(gy, -0.3);
    // Near Wuyi the offset is a few hundred metres east and south-ish: hundreds of pixels at z17.
    expect(Math.hypot(gx - x * 256, gy - y * 256)).toBeGreaterThan(100);
    for (const p of pieces) {
      expect(p.dx).toBeGreaterThan(-256);
      expect(p.dx).toBeLessThan(256);
    }
  });
});
