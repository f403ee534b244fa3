// The export's tile plan: only tiles whose buffered bbox some feature bbox meets, in tile-id order.
import { describe, expect, it } from 'vitest';
import { planTiles } from '../../service/pmtiles/tile-plan.ts';

// 4096-unit tiles with a 64-unit buffer, as the encoder's defaults.
const plan = (boxes: number[], area: [number, number, number, number], z0: number, z1: number) => planTiles(new Float64Array(boxes), area, z0, z1, 64, 4096);

describe('tile plan', () => {
  it('one small feature: one tile per zoom, the tile holding it', () => {
    // lon 0.3, lat 0.3: at z8 tile x = floor(256 * 180.3/360) = 128; y = 127 (just north of the equator).
    // At z10: x = floor(1024 * 180.3 / 360) = 512, y = 511.
    const p = plan([0.3, 0.3, 0.3001, 0.3001], [0, 0, 1, 1], 8, 10);
    expect(p.tiles).toEqual([
      [8, 128, 127],
      [9, 256, 255],
      [10, 512, 511],
    ]);
    // The area touches y 127..128 at z8 (lat 0 is an edge): 2 tiles; z9: x 256..257, y 254..256: 6;
    // z10: x 512..514, y 509..512: 12. Twenty in all, three rendered.
    expect(p.skipped).toBe(17);
  });

  it('a feature on a tile edge appears in both tiles (the buffer)', () => {
    // lon 0 is the edge between x = 127 and x = 128 at z8.
    const p = plan([-0.0001, 0.3, 0.0001, 0.3001], [-1, 0, 1, 1], 8, 8);
    expect(p.tiles).toEqual([
      [8, 127, 127],
      [8, 128, 127],
    ]);
  });

  it('nothing near the area: no tile, every tile counted as skipped', () => {
    const p = plan([50, 50, 50.1, 50.1], [0.1, 0.1, 1, 1], 8, 9);
    expect(p.tiles).toEqual([]);
    // z8: lon 0.1..1 is x 128 only, lat 0.1..1 is y 127 only → 1; z9: x 256..257, y 254..255 → 4.
    expect(p.skipped).toBe(5);
  });

  it('keeps the area: a feature outside it plans nothing even at low zoom', () => {
    const p = plan([2, 0.3, 2.1, 0.4], [0, 0, 1, 1], 10, 10);
    expect(p.tiles).toEqual([]);
  });
});
