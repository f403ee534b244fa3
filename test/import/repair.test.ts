import { describe, expect, it } from 'vitest';
import type { Polygon, MultiPolygon, Position } from 'geojson';
import { repairGeometry, ringIsSimple } from '../../service/geo/repair.ts';

const area = (ring: Position[]) => {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2; // positive = counter-clockwise
};
const sortedRing = (ring: Position[]) => ring.slice(0, -1).map((p) => p.join(',')).sort();

describe('repairGeometry', () => {
  it('splits a bow-tie into its two triangles, both kept (PostGIS ST_MakeValid)', () => {
    const r = repairGeometry({ type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] });
    expect(r.repaired).toBe(true);
    const g = r.geometry as MultiPolygon;
    expect(g.type).toBe('MultiPolygon');
    expect(g.coordinates).toHaveLength(2);
    // Each lobe is a triangle with the crossing point (1, 1): area 1, counter-clockwise.
    const rings = g.coordinates.map((p) => p[0]);
    for (const ring of rings) expect(area(ring)).toBeCloseTo(1, 12);
    expect(rings.map(sortedRing).sort()).toEqual([
      ['0,0', '0,2', '1,1'],
      ['1,1', '2,0', '2,2'],
    ]);
  });

  it('closes an unclosed ring', () => {
    const r = repairGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] });
    expect(r.repaired).toBe(true);
    expect((r.geometry as Polygon).coordinates[0]).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
  });

  it('winds exteriors counter-clockwise and holes clockwise; a reversal counts only when asked', () => {
    const cw = { type: 'Polygon' as const, coordinates: [[[0, 0], [0, 4], [4, 4], [4, 0], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]] };
    const r = repairGeometry(cw, true);
    const [shell, hole] = (r.geometry as Polygon).coordinates;
    expect(area(shell)).toBe(16);
    expect(area(hole)).toBe(-1);
    expect(r.repaired).toBe(true);
    expect(repairGeometry(cw, false).repaired).toBe(false);
  });

  it('drops repeated points', () => {
    const r = repairGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 1], [0, 0]]] });
    expect(r.repaired).toBe(true);
    expect((r.geometry as Polygon).coordinates[0]).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
  });

  it('leaves a valid polygon alone and unreported', () => {
    const ring = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    const r = repairGeometry({ type: 'Polygon', coordinates: [ring] });
    expect(r.repaired).toBe(false);
    expect((r.geometry as Polygon).coordinates[0]).toBe(ring);
  });

  it('drops a hole too small to enclose anything, keeps the shell', () => {
    const r = repairGeometry({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 2], [1, 1]]] });
    expect(r.repaired).toBe(true);
    expect((r.geometry as Polygon).coordinates).toHaveLength(1);
  });

  // docs/spec/checks.md: repair as GEOS MakeValid's linework method does, which keeps faces by the
  // even-odd rule over all rings: where two parts overlap, the overlap is not covered.
  it('cuts the overlap out of overlapping MultiPolygon parts, as the linework method does', () => {
    const r = repairGeometry({
      type: 'MultiPolygon',
      coordinates: [[[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]], [[[1, 0], [3, 0], [3, 2], [1, 2], [1, 0]]]],
    });
    expect(r.repaired).toBe(true);
    const g = r.geometry as MultiPolygon;
    expect(g.coordinates).toHaveLength(2);
    expect(g.coordinates.map((p) => area(p[0])).sort()).toEqual([2, 2]);
  });

  it('returns null with a reason for a polygon with fewer than 3 distinct points or no area', () => {
    const few = repairGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] });
    expect(few.geometry).toBeNull();
    expect(few.reason).toMatch(/distinct points/);
    const flat = repairGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [2, 0], [0, 0]]] });
    expect(flat.geometry).toBeNull();
    expect(flat.reason).toMatch(/no area/);
  });

  it('cleans lines: repeated points dropped, a one-point line rejected', () => {
    const r = repairGeometry({ type: 'LineString', coordinates: [[0, 0], [0, 0], [1, 1]] });
    expect(r.repaired).toBe(true);
    expect(r.geometry).toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 1]] });
    expect(repairGeometry({ type: 'LineString', coordinates: [[0, 0], [0, 0]] }).geometry).toBeNull();
  });
});

describe('ringIsSimple', () => {
  it.each([
    ['square', [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], true],
    ['triangle', [[0, 0], [1, 0], [0, 1], [0, 0]], true],
    ['bow-tie', [[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]], false],
    ['spike', [[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]], false],
    ['touching itself at a vertex', [[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 1], [0, 0]], false],
    ['collinear (no area)', [[0, 0], [1, 0], [2, 0], [0, 0]], false],
  ])('%s → %s', (_name, ring, simple) => {
    expect(ringIsSimple(ring as Position[])).toBe(simple);
  });
});
