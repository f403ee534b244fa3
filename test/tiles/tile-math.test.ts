import { describe, expect, it } from 'vitest';
import { bufferedTileBbox, lonLatToTile, tileBbox, tileCoordError } from '../../service/tiles/index.ts';

describe('tile math', () => {
  it('z0 is the whole Mercator square', () => {
    const [w, s, e, n] = tileBbox(0, 0, 0);
    expect([w, e]).toEqual([-180, 180]);
    expect(n).toBeCloseTo(85.0511287798, 9);
    expect(s).toBeCloseTo(-85.0511287798, 9);
  });

  it('z1/1/0 is the north-east quarter', () => {
    const [w, s, e, n] = tileBbox(1, 1, 0);
    expect([w, e]).toEqual([0, 180]);
    expect(s).toBeCloseTo(0, 12);
    expect(n).toBeCloseTo(85.0511287798, 9);
  });

  it('puts the county centre in the tile OSM gives (z14 119.8E 28.9N → 13644/6817)', () => {
    expect(lonLatToTile(119.8, 28.9, 14)).toEqual({ z: 14, x: 13644, y: 6817 });
  });

  it('round-trips every tile to z8: bbox centre → same tile, corners shared with neighbours', () => {
    for (let z = 0; z <= 8; z++) {
      const n = 2 ** z;
      for (let x = 0; x < n; x++) {
        for (let y = 0; y < n; y++) {
          const [w, s, e, no] = tileBbox(z, x, y);
          const t = lonLatToTile((w + e) / 2, (s + no) / 2, z);
          if (t.x !== x || t.y !== y) expect(t).toEqual({ z, x, y });
          // A hair inside each corner still belongs to this tile.
          const inner = lonLatToTile(w + 1e-9, no - 1e-9, z);
          if (inner.x !== x || inner.y !== y) expect(inner).toEqual({ z, x, y });
          const innerSE = lonLatToTile(e - 1e-9, s + 1e-9, z);
          if (innerSE.x !== x || innerSE.y !== y) expect(innerSE).toEqual({ z, x, y });
          if (x + 1 < n) expect(tileBbox(z, x + 1, y)[0]).toBe(e);
          if (y + 1 < n) expect(tileBbox(z, x, y + 1)[3]).toBe(s);
        }
      }
    }
  });

  it('grows a bbox by the buffer: 64 of 4096 units = 1/64 of the tile each side', () => {
    const [w, s, e, n] = tileBbox(14, 13644, 6817);
    const [bw, bs, be, bn] = bufferedTileBbox(14, 13644, 6817, 64, 4096);
    expect(w - bw).toBeCloseTo((e - w) / 64, 12);
    expect(be - e).toBeCloseTo((e - w) / 64, 12);
    expect(bn).toBeGreaterThan(n);
    expect(bs).toBeLessThan(s);
    // The world edge is not crossed.
    expect(bufferedTileBbox(0, 0, 0, 64, 4096)[0]).toBe(-180);
  });

  it('names what is wrong with tile coordinates', () => {
    expect(tileCoordError(40, 0, 0, 22)).toBe('zoom 40 is outside 0..22');
    expect(tileCoordError(3, -1, 0, 22)).toBe('x -1 is outside 0..7 at zoom 3');
    expect(tileCoordError(3, 0, 8, 22)).toBe('y 8 is outside 0..7 at zoom 3');
    expect(tileCoordError(3, 0.5, 0, 22)).toMatch(/x 0.5/);
    expect(tileCoordError(3, 7, 7, 22)).toBeNull();
  });
});
