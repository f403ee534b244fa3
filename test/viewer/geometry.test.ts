// The landfill setback ring on the map: the site grown by the setback distance. Distances are
// checked with turf's haversine (the same sphere), so only the buffer itself is under test.
import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon, distance } from '@turf/turf';
import { setbackBuffer, setbackRings } from '../../viewer/src/lib/geometry.ts';

// An L-shaped site on the equator: arms 0.02° long and 0.005° wide, the notch to the north-east.
const L = { type: 'Polygon' as const, coordinates: [[[0, 0], [0.02, 0], [0.02, 0.005], [0.005, 0.005], [0.005, 0.02], [0, 0.02], [0, 0]]] };

describe('setback rings', () => {
  it('rings a point at 500 m: every vertex 500 m away (within 1 m)', () => {
    const ring = setbackBuffer({ type: 'Point', coordinates: [119.8, 28.9] }, 500) as { coordinates: number[][][] };
    expect(ring.coordinates[0].length).toBeGreaterThan(32);
    for (const p of ring.coordinates[0]) expect(distance([119.8, 28.9], p, { units: 'meters' })).toBeCloseTo(500, -0.3);
  });

  it('keeps the notch of a concave site: a point 1.1 km from the L (but 390 m from its hull) is outside', () => {
    const ring = setbackBuffer(L, 500);
    // (0.015, 0.015) is 0.01° = 1 112 m from the L's inner edges.
    expect(booleanPointInPolygon([0.015, 0.015], ring)).toBe(false);
    // 450 m east of the east arm's end is inside, 550 m is not.
    const east = (m: number) => [0.02 + m / 111_195.08, 0.0025];
    expect(booleanPointInPolygon(east(450), ring)).toBe(true);
    expect(booleanPointInPolygon(east(550), ring)).toBe(false);
  });

  it('rings every landfill except closed ones, and rejects a non-positive distance or a line', () => {
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: { id: 'F1', status: 'operating' }, geometry: L },
        { type: 'Feature' as const, properties: { id: 'F2', status: 'closed' }, geometry: L },
      ],
    };
    expect(setbackRings(fc, 500).features.map((f) => f.properties?.id)).toEqual(['F1']);
    expect(() => setbackBuffer(L, 0)).toThrow(/0 m must be > 0/);
    expect(() => setbackBuffer({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 10)).toThrow(/needs a Point or Polygon, got LineString/);
  });
});
