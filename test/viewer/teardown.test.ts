import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { areaByStatus, bboxOf, filterRows, rowsToCsv, rowsToGeoJSON, sortRows, teardownRows } from '../../viewer/src/lib/teardown.ts';

const sq = (x: number, y: number) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + 1, y], [x + 1, y + 2], [x, y + 2], [x, y]]] });
const LEDGER: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'L-1', status: 'pending', township: '甲', area_m2: 100, address: 'a, "1"' }, geometry: sq(0, 0) },
    { type: 'Feature', properties: { id: 'L-2', status: 'demolished', township: '甲', area_m2: 500 }, geometry: sq(2, 0) },
    { type: 'Feature', properties: { id: 'L-3', status: 'retained', township: '乙', area_m2: 300 }, geometry: sq(4, 0) },
    { type: 'Feature', properties: { id: 'L-4', status: 'pending', township: '乙', area_m2: null }, geometry: sq(6, 0) },
  ],
};
const FIRE = {
  encroachments: [
    { building_id: 'L-1', blocked: true, encroach_area_m2: 5 },
    { building_id: 'L-3', blocked: false, encroach_area_m2: 2 },
  ],
  spacing: [{ building_id: 'L-1', violations: 2 }, { building_id: 'L-4', violations: 0 }],
};
const PATCHES = { ledger: [{ id: 'L-1', class: 'new' as const }, { id: 'L-3', class: 'stock' as const }] };

describe('teardownRows', () => {
  const rows = teardownRows(LEDGER, FIRE, PATCHES);
  it('keeps standing records only, with danger and class joined by id', () => {
    expect(rows.map((r) => [r.id, r.status, r.class, r.danger])).toEqual([
      ['L-1', 'pending', 'new', ['blocked', 'spacing']],
      ['L-3', 'retained', 'stock', ['encroach']],
      ['L-4', 'pending', null, []],
    ]);
    expect(rows[0].bbox).toEqual([0, 0, 1, 2]);
  });
  it('works before any run', () => {
    expect(teardownRows(LEDGER, null, null).map((r) => [r.class, r.danger.length])).toEqual([[null, 0], [null, 0], [null, 0]]);
  });
  it('throws on a record without id, naming its index', () => {
    expect(() => teardownRows({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: sq(0, 0) }] }, null, null)).toThrow('ledger feature 0');
  });

  it('sorts by area both ways with missing values last', () => {
    expect(sortRows(rows, { key: 'area_m2', desc: true }).map((r) => r.id)).toEqual(['L-3', 'L-1', 'L-4']);
    expect(sortRows(rows, { key: 'area_m2', desc: false }).map((r) => r.id)).toEqual(['L-1', 'L-3', 'L-4']);
  });
  it('sorts by danger: more dangers first when descending', () => {
    expect(sortRows(rows, { key: 'danger', desc: true }).map((r) => r.id)).toEqual(['L-1', 'L-3', 'L-4']);
  });
  it('filters by township, status and danger', () => {
    expect(filterRows(rows, { township: '乙', status: null, danger: null }).map((r) => r.id)).toEqual(['L-3', 'L-4']);
    expect(filterRows(rows, { township: null, status: 'pending', danger: null }).map((r) => r.id)).toEqual(['L-1', 'L-4']);
    expect(filterRows(rows, { township: null, status: null, danger: 'any' }).map((r) => r.id)).toEqual(['L-1', 'L-3']);
    expect(filterRows(rows, { township: null, status: null, danger: 'spacing' }).map((r) => r.id)).toEqual(['L-1']);
  });
  it('sums area by status per township, largest township first', () => {
    expect(areaByStatus(rows)).toEqual([
      { township: '乙', total: 300, byStatus: { retained: 300, pending: 0 } },
      { township: '甲', total: 100, byStatus: { pending: 100 } },
    ]);
  });
  it('exports CSV with a BOM, quoting and the dangers joined', () => {
    expect(rowsToCsv(rows.slice(0, 1))).toBe('\ufeffid,township,address,status,class,area_m2,danger\r\nL-1,甲,"a, ""1""",pending,new,100,blocked;spacing\r\n');
  });
  it('exports GeoJSON with the ledger geometry', () => {
    const fc = rowsToGeoJSON(rows.slice(1, 2), LEDGER);
    expect(fc.features).toEqual([{ type: 'Feature', id: 'L-3', geometry: sq(4, 0), properties: { id: 'L-3', township: '乙', address: null, status: 'retained', class: 'stock', area_m2: 300, danger: 'encroach' } }]);
  });
});

describe('bboxOf', () => {
  it('covers points, multipolygons and nothing', () => {
    expect(bboxOf({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4, 3, 4]);
    expect(bboxOf({ type: 'MultiPolygon', coordinates: [sq(0, 0).coordinates, sq(5, -1).coordinates] })).toEqual([0, -1, 6, 2]);
    expect(bboxOf(null)).toBeNull();
  });
});
