// Records as the planner reads them: declared area, else the measured outline (holes removed),
// centres in the checks' metric zone.
import { describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { areaAndCentre, loadPlanSource } from '../../service/teardown/records.ts';
import { toFlat } from '../../service/checks/flat-geometry.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';
import { RUNS_SQL } from '../../service/runs/tables.ts';
import { report, square, stream } from '../helpers.ts';

describe('area and centre of an outline', () => {
  it('subtracts holes whatever their winding', () => {
    const id = (x: number, y: number): [number, number] => [x, y];
    // 10 × 10 square with a 2 × 2 hole in its middle: 96 m², centred at (5, 5).
    const shell = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
    for (const hole of [[[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]], [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]]) {
      const f = toFlat({ type: 'Polygon', coordinates: [shell, hole] }, id, () => 'test');
      expect(areaAndCentre(f)).toEqual({ area: 96, x: 5, y: 5 });
    }
    // An L of two unit squares side by side and one above the first: 3 m², centre (5/6, 5/6).
    const l = toFlat({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] }, id, () => 'test');
    const m = areaAndCentre(l);
    expect(m.area).toBe(3);
    expect(m.x).toBeCloseTo(5 / 6, 12);
    expect(m.y).toBeCloseTo(5 / 6, 12);
  });
});

describe('loadPlanSource', () => {
  it('reads pending records, measuring those without a declared area', async () => {
    const store = await Store.open(':memory:');
    await store.migrate(RUNS_SQL);
    const f = (id: string, status: string, area: number | null): LayerFeature => ({
      index: 0, geometry: square(120, 29, 0.0002), props: { id, recorded_on: '2020-01-01', status, area_m2: area, township: '熟溪街道' }, extra: {},
    });
    await store.load('ledger', stream([f('A', 'pending', 55), f('B', 'pending', null), f('C', 'demolished', 10)]), report('ledger', 3));
    const src = await loadPlanSource(store);
    store.close();
    expect(src.metric_crs).toBe('EPSG:4549');
    expect(src.records.map((r) => r.id)).toEqual(['A', 'B']);
    expect(src.records[0].area_m2).toBe(55);
    // 0.0002° square at 29°N on the central meridian: ~19.48 m east-west × ~22.19 m north-south.
    expect(src.records[1].area_m2).toBeGreaterThan(425);
    expect(src.records[1].area_m2).toBeLessThan(440);
    // On the central meridian the easting is the false easting, 500 000 m (plus half the width).
    expect(src.records[1].x).toBeCloseTo(500_000 + 9.74, 0);
    expect(src.townships.has('熟溪街道')).toBe(true);
  });
});
