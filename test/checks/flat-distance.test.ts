// The flat-array distance used in the hot loops agrees with JSTS DistanceOp on random shapes.
import { describe, expect, it } from 'vitest';
import DistanceOp from 'jsts/org/locationtech/jts/operation/distance/DistanceOp.js';
import type { Geometry, Position } from 'geojson';
import { distance, pointInPolygonal } from '../../service/checks/flat-distance.ts';
import { toFlat } from '../../service/checks/flat-geometry.ts';
import { toJsts } from '../../service/checks/jsts-geometry.ts';
import { seededRandom } from '../kit/random-county.ts';

const id = (x: number, y: number): [number, number] => [x, y];
const flat = (g: Geometry) => toFlat(g, id, () => 'test');

describe('flat distance', () => {
  it('hand cases: apart, touching, crossing, containment, point, line', () => {
    const sq = (x: number, y: number, s: number): Geometry => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
    expect(distance(flat(sq(0, 0, 10)), flat(sq(13, 4, 2)))).toBe(3);
    expect(distance(flat(sq(0, 0, 10)), flat(sq(13, 14, 2)))).toBe(5); // corner to corner: 3-4-5
    expect(distance(flat(sq(0, 0, 10)), flat(sq(10, 0, 5)))).toBe(0);
    expect(distance(flat(sq(0, 0, 10)), flat(sq(2, 2, 3)))).toBe(0); // inside, no edge contact
    expect(distance(flat(sq(2, 2, 3)), flat(sq(0, 0, 10)))).toBe(0);
    expect(distance(flat(sq(0, 0, 10)), flat({ type: 'Point', coordinates: [5, 5] }))).toBe(0);
    expect(distance(flat(sq(0, 0, 10)), flat({ type: 'Point', coordinates: [5, 12] }))).toBe(2);
    expect(distance(flat(sq(0, 0, 10)), flat({ type: 'LineString', coordinates: [[-5, 15], [15, 15]] }))).toBe(5);
    expect(distance(flat(sq(0, 0, 10)), flat({ type: 'LineString', coordinates: [[-5, 5], [15, 5]] }))).toBe(0);
    const holed: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [8, 2], [8, 8], [2, 8], [2, 2]]] };
    expect(distance(flat(holed), flat({ type: 'Point', coordinates: [5, 5] }))).toBe(3); // in the hole
    expect(pointInPolygonal(flat(holed), 1, 1)).toBe(true);
    expect(pointInPolygonal(flat(holed), 5, 5)).toBe(false);
  });

  it('agrees with JSTS DistanceOp on 2,000 random pairs', () => {
    const rnd = seededRandom(7);
    const shape = (): Geometry => {
      const kind = rnd();
      const cx = rnd() * 40, cy = rnd() * 40;
      if (kind < 0.15) return { type: 'Point', coordinates: [cx, cy] };
      const n = 3 + Math.floor(rnd() * 6);
      // A star-shaped polygon around (cx, cy): simple, sometimes concave.
      const pts: Position[] = Array.from({ length: n }, (_, i) => {
        const a = (i / n) * 2 * Math.PI, r = 2 + rnd() * 10;
        return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
      });
      if (kind < 0.35) return { type: 'LineString', coordinates: pts.slice(0, 2 + Math.floor(rnd() * (n - 1))) };
      if (kind < 0.45) return { type: 'MultiPolygon', coordinates: [[[...pts, pts[0]]], [[[cx + 30, cy], [cx + 33, cy], [cx + 33, cy + 3], [cx + 30, cy]]]] };
      return { type: 'Polygon', coordinates: [[...pts, pts[0]]] };
    };
    let zeros = 0;
    for (let k = 0; k < 2000; k++) {
      const a = flat(shape()), b = flat(shape());
      const expected = DistanceOp.distance(toJsts(a), toJsts(b));
      const actual = distance(a, b);
      if (expected === 0) zeros++;
      expect(actual).toBeCloseTo(expected, 9);
    }
    expect(zeros).toBeGreaterThan(100); // overlaps and containments were exercised
  });
});
