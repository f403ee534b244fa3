// The what-if comparison of two coverage runs, and service-area polygons from reached roads.
import { describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import { afterDifference, compareRuns, type CoverageDocument } from '../../viewer/src/lib/siting-compare.ts';
import { areaPolygons } from '../../viewer/src/lib/service-areas.ts';

const doc = (k: number, chosen: [string, number][], after: number, distance = 'straight'): CoverageDocument =>
  ({
    params: { sites_to_choose: k, distance },
    summary: { covered_population_share: 0.5, covered_tpd_share: 0.6, uncovered_units: 3 },
    siting: {
      chosen: chosen.map(([id, gain]) => ({ id, gain_tpd: gain, assigned_tpd: gain, capacity_tpd: 100, overloaded: false })),
      covered_tpd_before: 10,
      covered_tpd_after: after,
      infeasible: [],
      excluded: [],
      method: 'exact',
      gap: 0,
      greedy_tpd_after: after,
    },
  }) as unknown as CoverageDocument;

describe('siting comparison', () => {
  it('lists the sites only one run chose, and the difference in covered tonnage', () => {
    const sides = compareRuns({ id: 1, doc: doc(2, [['C1', 3], ['C2', 2]], 15) }, { id: 2, doc: doc(2, [['C1', 3], ['C7', 4]], 17, 'network') });
    expect(sides[0].only).toEqual(['C2']);
    expect(sides[1].only).toEqual(['C7']);
    expect(sides[1].distance).toBe('network');
    expect(afterDifference(sides)).toBe(2);
  });
});

describe('service-area polygons', () => {
  it('buffer the reached roads by the roadside distance, and skip stations that reach none', () => {
    // 0.01° of longitude at 29°N is about 973 m; a 150 m roadside each way gives about 300 m × 973 m + two caps.
    const fc = areaPolygons({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { station_id: 'S1', radius_m: 500, road_m: 973 }, geometry: { type: 'MultiLineString', coordinates: [[[120, 29], [120.01, 29]]] } },
        { type: 'Feature', properties: { station_id: 'S2', radius_m: 500, road_m: 0 }, geometry: { type: 'MultiLineString', coordinates: [] } },
      ],
    });
    expect(fc.features.map((f) => f.properties.station_id)).toEqual(['S1']);
    const m2 = area(fc.features[0]);
    expect(m2).toBeGreaterThan(973 * 300);
    expect(m2).toBeLessThan(973 * 300 + Math.PI * 150 * 150 * 1.05);
  });
});
