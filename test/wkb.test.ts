import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { geometryToWkb, wkbToGeometry } from '../service/geo/wkb.ts';

const cases: Geometry[] = [
  { type: 'Point', coordinates: [119.8, 28.9] },
  { type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] },
  { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]], [[0.2, 0.1], [0.3, 0.1], [0.3, 0.2], [0.2, 0.1]]] },
  { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] },
  { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] },
  { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] },
];

describe('WKB', () => {
  it.each(cases.map((g) => [g.type, g] as const))('round-trips %s', (_t, g) => {
    expect(wkbToGeometry(geometryToWkb(g))).toEqual(g);
  });
  it('writes the OGC layout of a point', () => {
    const hex = Buffer.from(geometryToWkb({ type: 'Point', coordinates: [1, 2] })).toString('hex');
    expect(hex).toBe('0101000000000000000000f03f0000000000000040');
  });
});

describe('WKB from other writers', () => {
  it('reads big-endian and ISO Z geometries as 2D', () => {
    // POINT Z (1 2 3), big-endian ISO: 00 000003e9 then three doubles.
    const be = Buffer.alloc(1 + 4 + 24);
    be.writeUInt8(0, 0);
    be.writeUInt32BE(1001, 1);
    be.writeDoubleBE(1, 5);
    be.writeDoubleBE(2, 13);
    be.writeDoubleBE(3, 21);
    expect(wkbToGeometry(be)).toEqual({ type: 'Point', coordinates: [1, 2] });
  });
});
