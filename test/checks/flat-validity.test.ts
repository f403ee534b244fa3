// The quick validity test may only say "valid" where JSTS IsValidOp agrees.
import { describe, expect, it } from 'vitest';
import type { Geometry, Position } from 'geojson';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
import 'jsts/org/locationtech/jts/monkey.js';
import { toFlat } from '../../service/checks/flat-geometry.ts';
import { isSimpleSingleRing, simpleArea } from '../../service/checks/flat-validity.ts';
import { seededRandom } from '../kit/random-county.ts';

const id = (x: number, y: number): [number, number] => [x, y];
const ringGeom = (pts: Position[]): Geometry => ({ type: 'Polygon', coordinates: [[...pts, pts[0]]] });
const flat = (g: Geometry) => toFlat(g, id, () => 'test');
const gf = new GeometryFactory();
const jstsValid = (pts: Position[]) => gf.createPolygon(gf.createLinearRing([...pts, pts[0]].map((p) => new Coordinate(p[0], p[1])))).isValid();

describe('isSimpleSingleRing', () => {
  it('hand cases', () => {
    expect(isSimpleSingleRing(flat(ringGeom([[0, 0], [4, 0], [4, 3], [0, 3]])))).toBe(true);
    expect(simpleArea(flat(ringGeom([[0, 0], [4, 0], [4, 3], [0, 3]])))).toBe(12);
    expect(isSimpleSingleRing(flat(ringGeom([[0, 0], [2, 2], [2, 0], [0, 2]])))).toBe(false); // bow-tie
    expect(isSimpleSingleRing(flat(ringGeom([[0, 0], [4, 0], [6, 0], [4, 0], [4, 3]])))).toBe(false); // spike
    expect(isSimpleSingleRing(flat(ringGeom([[0, 0], [4, 0], [4, 0], [4, 3]])))).toBe(false); // repeated point: unsure
    expect(isSimpleSingleRing(flat(ringGeom([[0, 0], [4, 0], [8, 0]])))).toBe(false); // zero area
    // Two polygons (or holes): not judged here.
    expect(Number.isNaN(simpleArea(flat({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] })))).toBe(true);
    expect(simpleArea(flat({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }))).toBe(0.5);
  });
  it('never calls a ring valid that JSTS finds invalid (3,000 random rings)', () => {
    const rnd = seededRandom(11);
    let saidValid = 0, saidUnsure = 0;
    for (let k = 0; k < 3000; k++) {
      const n = 3 + Math.floor(rnd() * 6);
      // Integer grid points: plenty of collinear runs, touches and crossings.
      const pts: Position[] = Array.from({ length: n }, () => [Math.floor(rnd() * 6), Math.floor(rnd() * 6)]);
      const quick = isSimpleSingleRing(flat(ringGeom(pts)));
      if (quick) {
        saidValid++;
        expect(jstsValid(pts)).toBe(true);
      } else {
        saidUnsure++;
      }
    }
    expect(saidValid).toBeGreaterThan(200);
    expect(saidUnsure).toBeGreaterThan(200);
  });
});
