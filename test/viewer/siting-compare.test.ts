// The what-if comparison of two coverage runs, and service-area polygons from reached roads.
import { describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import { afterDifference, compareRuns, siteFeatures, type CoverageDocument } from '../../viewer/src/lib/siting-compare.ts';
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

describe('a run\'s sites on its map', () => {
  const pt = (id: string, x: number, status?: string) => ({ type: 'Feature' as const, properties: { id, ...(status ? { status } : {}) }, geometry: { type: 'Point' as const, coordinates: [120 + x, 29] } });
  const candidates = { type: 'FeatureCollection' as const, features: [pt('C1', 0), pt('C2', 0.01), pt('C3', 0.02)] };
  const stations = { type: 'FeatureCollection' as const, features: [pt('S1', 0.03, 'operating'), pt('S2', 0.04, 'operating'), pt('S3', 0.05, 'closed')] };
  const relocated = (chosen: [string, 'candidate' | 'station'][], closed: string[]) =>
    ({
      params: { sites_to_choose: chosen.length, siting_existing: 'relocate' },
      summary: { covered_population_share: 0, covered_tpd_share: 0, uncovered_units: 0 },
      siting: { chosen: chosen.map(([id, kind]) => ({ id, kind, gain_tpd: 1 })), closed, unassigned_tpd: 0.5, covered_tpd_before: 0, covered_tpd_after: 2, method: 'exact', gap: 0, greedy_tpd_after: 2 },
    }) as unknown as CoverageDocument;

  it('marks chosen, only-here, kept and closed sites, and leaves closed-status stations out', () => {
    const [a, b] = compareRuns(
      { id: 1, doc: relocated([['S1', 'station'], ['C1', 'candidate']], ['S2']) },
      { id: 2, doc: relocated([['C1', 'candidate'], ['C2', 'candidate']], ['S1', 'S2']) },
    );
    const roles = (fc: ReturnType<typeof siteFeatures>) => fc.features.map((f) => `${f.properties.id}:${f.properties.role}`);
    expect(roles(siteFeatures(a, candidates, stations))).toEqual(['C2:candidate', 'C3:candidate', 'S2:closed', 'C1:chosen', 'S1:only']);
    expect(roles(siteFeatures(b, candidates, stations))).toEqual(['C3:candidate', 'S1:closed', 'S2:closed', 'C1:chosen', 'C2:only']);
    expect(a.keptStations).toEqual(['S1']);
    expect(b.unassigned).toBe(0.5);
    expect(b.existing).toBe('relocate');
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
