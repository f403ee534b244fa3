import { describe, expect, it } from 'vitest';
import { convexHull, hullBuffer, setbackRings } from '../../viewer/src/lib/geometry.ts';

const M_PER_DEG = 111_320;

describe('setback geometry', () => {
  it('finds the convex hull of a square with an inner point, counter-clockwise and closed', () => {
    const hull = convexHull([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 0]]);
    expect(hull).toEqual([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]);
  });

  it('refuses fewer than three points', () => {
    expect(() => convexHull([[0, 0], [1, 1]])).toThrow(/needs 3 points, got 2/);
  });

  it('rings a point at 500 m: every vertex 500 m away at the equator', () => {
    const ring = hullBuffer({ type: 'Point', coordinates: [0, 0] }, 500, 16).coordinates[0];
    expect(ring).toHaveLength(17);
    for (const [x, y] of ring) expect(Math.hypot(x, y) * M_PER_DEG).toBeCloseTo(500, 6);
  });

  it('widens longitude by 1/cos(lat): at 60° N the ring spans twice the degrees east-west', () => {
    const ring = hullBuffer({ type: 'Point', coordinates: [120, 60] }, 1000, 4).coordinates[0];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    expect((Math.max(...xs) - Math.min(...xs)) * M_PER_DEG * 0.5).toBeCloseTo(2000, 3);
    expect((Math.max(...ys) - Math.min(...ys)) * M_PER_DEG).toBeCloseTo(2000, 3);
  });

  it('rings every landfill except closed ones, and rejects a non-positive distance', () => {
    const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]] };
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: { id: 'F1', status: 'operating' }, geometry: square },
        { type: 'Feature' as const, properties: { id: 'F2', status: 'closed' }, geometry: square },
      ],
    };
    const rings = setbackRings(fc, 500);
    expect(rings.features.map((f) => f.properties?.id)).toEqual(['F1']);
    const xs = rings.features[0].geometry.coordinates[0].map((p) => p[0]);
    expect(Math.max(...xs)).toBeCloseTo(0.01 + 500 / M_PER_DEG, 6);
    expect(() => hullBuffer(square, 0)).toThrow(/0 m must be > 0/);
  });
});
