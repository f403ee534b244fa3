// Golden tiles: fixed tiles of the fixture layers (in/*.geojson) rendered and decoded, compared
// as features with out/<case>.json. REGEN=1 rewrites the expected files — review the diff by hand.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeTile, renderTile } from '../../service/tiles/index.ts';
import { OUT_DIR, decodeAndCheck, fixtureFeatures } from './fixture.ts';

const LAYERS = ['ledger', 'fire_lanes', 'transfer_stations'];
const input = () => LAYERS.map((name) => ({ name, features: fixtureFeatures(name) }));

const CASES: { name: string; z: number; x: number; y: number; why: string }[] = [
  { name: 'z14-centre', z: 14, x: 13644, y: 6817, why: 'hole, wrong input winding, multipolygon, repeated points, tiny building merged, clipped line' },
  { name: 'z14-east', z: 14, x: 13645, y: 6817, why: 'the east parts of L3 and F1, clipped at the west edge into the buffer' },
  { name: 'z12-parent', z: 12, x: 3411, y: 1704, why: 'low zoom: small buildings merged into 2-px squares, simplified lines' },
  { name: 'z16-detail', z: 16, x: 54577, y: 27268, why: 'full detail: the 3 m building kept as drawn' },
];

describe('golden tiles', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.why}`, () => {
      const decoded = decodeAndCheck(encodeTile(input(), c.z, c.x, c.y));
      const file = join(OUT_DIR, `${c.name}.json`);
      if (process.env.REGEN) {
        writeFileSync(file, JSON.stringify({ tile: [c.z, c.x, c.y], layers: decoded }, null, 1) + '\n');
      }
      // A missing expected file is a failure, never a pass: REGEN=1 writes it, a person reviews it.
      expect(existsSync(file), `${file} is missing; run with REGEN=1 and review the diff`).toBe(true);
      const expected = JSON.parse(readFileSync(file, 'utf8'));
      expect({ tile: [c.z, c.x, c.y], layers: decoded }).toEqual(expected);
    });
  }
});

describe('encoder rules', () => {
  it('a tile with nothing in it is zero bytes', () => {
    expect(encodeTile(input(), 14, 0, 0).byteLength).toBe(0);
  });

  it('refuses two layers of one name', () => {
    expect(() => encodeTile([{ name: 'a', features: [] }, { name: 'a', features: [] }], 0, 0, 0)).toThrow(/layer name a appears twice/);
  });

  it('names the layer and feature of an unsupported geometry', () => {
    const bad = [{ name: 'ledger', features: [{ id: 7, geometry: { type: 'GeometryCollection', geometries: [] } as never, properties: {} }] }];
    expect(() => encodeTile(bad, 0, 0, 0)).toThrow(/layer ledger feature 7 has geometry type GeometryCollection/);
  });

  it('names a bad feature id', () => {
    const bad = [{ name: 'p', features: [{ id: -1, geometry: { type: 'Point' as const, coordinates: [0, 0] }, properties: {} }] }];
    expect(() => encodeTile(bad, 0, 0, 0)).toThrow(/layer p feature id -1/);
  });

  it('merges 100 buildings of 3 m × 3 m at z14 into 13 squares of (2 px)²', () => {
    // Each is 0.00003° square at 28.9°N: 9e-10 deg² × (2^14·4096/360)² / cos 28.9° ≈ 35.7 units²;
    // 100 of them ≈ 3572 units² = 13.95 × 256 units² (2 px of a 512-px tile = 16 units, squared).
    const features = [];
    for (let i = 0; i < 100; i++) {
      const lon = 119.800 + (i % 10) * 0.0001;
      const lat = 28.890 + Math.floor(i / 10) * 0.0001;
      const ring = [[lon, lat], [lon + 0.00003, lat], [lon + 0.00003, lat + 0.00003], [lon, lat + 0.00003], [lon, lat]];
      features.push({ id: i + 1, geometry: { type: 'Polygon' as const, coordinates: [ring] }, properties: { n: i } });
    }
    const tile = renderTile([{ name: 'b', features }], 14, 13644, 6817);
    expect(tile.merged).toBe(100);
    const decoded = decodeAndCheck(tile.bytes).b;
    expect(decoded.length).toBe(13);
    for (const f of decoded) {
      const [[x0, y0], [x1], [, y2]] = f.geometry[0];
      expect([x1 - x0, y2 - y0]).toEqual([16, 16]);
    }
  });

  it('shrinks a tile over the byte cap and says how many steps it took', () => {
    // 100 zigzag lines of 200 vertices (5 px teeth) in one z14 tile: well over a 20 kB cap at first.
    const features = [];
    for (let i = 0; i < 100; i++) {
      const coords: [number, number][] = [];
      for (let k = 0; k < 200; k++) coords.push([119.795 + k * 0.0001, 28.885 + i * 0.00015 + (k % 2) * 0.0002]);
      features.push({ id: i + 1, geometry: { type: 'LineString' as const, coordinates: coords }, properties: {} });
    }
    const full = renderTile([{ name: 'l', features }], 14, 13644, 6817, { maxBytes: Infinity });
    const capped = renderTile([{ name: 'l', features }], 14, 13644, 6817, { maxBytes: 20_000 });
    expect(full.reduced).toBe(0);
    expect(full.bytes.byteLength).toBeGreaterThan(20_000);
    expect(capped.reduced).toBeGreaterThan(0);
    expect(capped.bytes.byteLength).toBeLessThanOrEqual(20_000);
    decodeAndCheck(capped.bytes);
  });
});
