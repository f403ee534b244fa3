// Convex clipping agrees with a JSTS overlay on random simple polygons.
import { describe, expect, it } from 'vitest';
import type { Geometry, Position } from 'geojson';
import { clipArea, convexRingOf } from '../../service/checks/flat-clip.ts';
import { toFlat } from '../../service/checks/flat-geometry.ts';
import { isSimpleSingleRing } from '../../service/checks/flat-validity.ts';
import { intersectionArea, toJsts } from '../../service/checks/jsts-geometry.ts';
import { seededRandom } from '../kit/random-county.ts';

const id = (x: number, y: number): [number, number] => [x, y];
const flat = (pts: Position[]) => toFlat({ type: 'Polygon', coordinates: [[...pts, pts[0]]] } as Geometry, id, () => 'test');

describe('clipArea', () => {
  it('hand cases: overlap, containment, apart, clockwise clip', () => {
    const sq = (x: number, y: number, s: number) => flat([[x, y], [x + s, y], [x + s, y + s], [x, y + s]]);
    expect(clipArea(sq(0, 0, 10), convexRingOf(sq(5, 5, 10))!)).toBe(25);
    expect(clipArea(sq(2, 2, 2), convexRingOf(sq(0, 0, 10))!)).toBe(4);
    expect(clipArea(sq(0, 0, 1), convexRingOf(sq(5, 5, 1))!)).toBe(0);
    const cw = flat([[0, 0], [0, 10], [10, 10], [10, 0]]);
    expect(clipArea(sq(5, -5, 10), convexRingOf(cw)!)).toBe(25);
    expect(convexRingOf(flat([[0, 0], [10, 0], [5, 2], [5, 10]]))).toBeNull(); // reflex vertex
  });
  it('agrees with JSTS on 2,000 random pairs (concave subjects, convex clips)', () => {
    const rnd = seededRandom(5);
    const star = (n: number, convex: boolean): Position[] => {
      const cx = rnd() * 20, cy = rnd() * 20;
      const r0 = 3 + rnd() * 8;
      return Array.from({ length: n }, (_, i) => {
        const a = (i / n) * 2 * Math.PI + rnd() * 0.3, r = convex ? r0 : 2 + rnd() * 10;
        return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
      });
    };
    let overlapping = 0;
    for (let k = 0; k < 2000; k++) {
      const subject = flat(star(3 + Math.floor(rnd() * 8), false));
      const clip = flat(star(3 + Math.floor(rnd() * 6), true));
      const ring = convexRingOf(clip);
      if (!ring || !isSimpleSingleRing(subject)) continue;
      const expected = intersectionArea(toJsts(subject), toJsts(clip));
      if (expected > 0) overlapping++;
      expect(clipArea(subject, ring)).toBeCloseTo(expected, 8);
    }
    expect(overlapping).toBeGreaterThan(500);
  });
});

describe('regression: areas lost centimetres to raw products of Gauss-Krüger coordinates', () => {
  it('measures a 10 × 17.3344546 m rectangle near 3.2 million metres north to 1e-8 m²', async () => {
    const { toFlat } = await import('../../service/checks/flat-geometry.ts');
    const { ringArea } = await import('../../service/checks/flat-validity.ts');
    const x = 511_234.567, y = 3_211_987.654, w = 10, h = 17.3344546;
    const g = toFlat({ type: 'Polygon', coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]] }, (lon, lat) => [lon, lat], () => 'test');
    expect(Math.abs(ringArea(g, 0) - w * h)).toBeLessThan(1e-8);
  });
});
