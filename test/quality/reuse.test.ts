// Land use after teardown per township: demolished area and the share reused in time, on shapes
// drawn in EPSG:4549 metres (areas known by hand), and the month arithmetic.
import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { gaussKrugerZone } from '../../service/geo/gauss-kruger.ts';
import { addMonths, reuseByTownship } from '../../service/quality/reuse.ts';
import type { CheckFeature } from '../../service/checks/types.ts';

const toLonLat = proj4(gaussKrugerZone(4549)!.proj4, 'WGS84');
const rect = (x0: number, w: number, h: number): CheckFeature['geometry'] => ({
  type: 'Polygon',
  coordinates: [[[x0, 0], [x0 + w, 0], [x0 + w, h], [x0, h], [x0, 0]].map(([x, y]) => toLonLat.forward([480_000 + x, 3_300_000 + y]))],
});
const rec = (id: string, x: number, w: number, props: Record<string, string | null>): CheckFeature => ({
  id,
  props: { id, status: 'demolished', demolished_on: '2024-01-15', ...props },
  geometry: rect(x, w, 10),
});

describe('reuse after teardown', () => {
  it('adds months, clamping the day to a shorter month', () => {
    expect(addMonths('2024-01-15', 6)).toBe('2024-07-15');
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
  });

  it('counts demolished area per township and the share reused within the months', () => {
    const ledger = [
      rec('A', 0, 10, { township: '东镇', reuse: 'greening', reuse_on: '2024-07-15' }), // 100 m², on the last day: in time
      rec('B', 100, 20, { township: '东镇', reuse: 'parking', reuse_on: '2024-07-16' }), // 200 m², a day late
      rec('C', 200, 10, { township: '东镇', reuse: 'idle', reuse_on: '2024-02-01' }), // 100 m², idle is no use
      rec('D', 300, 30, { township: '西镇', reuse: 'farmland', reuse_on: null }), // 300 m², no date: not counted in time
      rec('E', 400, 10, { township: null, reuse: null }), // 100 m², the null group
      { ...rec('F', 500, 10, { township: '东镇', reuse: 'greening', reuse_on: '2024-02-01' }), props: { id: 'F', status: 'pending', township: '东镇' } },
    ];
    const { townships, total } = reuseByTownship(ledger, 6);
    const round = (r: { demolished_m2: number; reused_m2: number; reused_share: number }) => [r.demolished_m2, r.reused_m2, r.reused_share].map((v) => Math.round(v * 1e4) / 1e4);
    expect(townships.map((t) => t.township)).toEqual(['东镇', '西镇', null]);
    expect(townships[0]).toMatchObject({ demolished: 3 });
    expect(round(townships[0])).toEqual([400, 100, 0.25]);
    expect(round(townships[1])).toEqual([300, 0, 0]);
    expect(round(townships[2])).toEqual([100, 0, 0]);
    expect(round(total)).toEqual([800, 100, 0.125]);
    expect(Object.fromEntries(Object.entries(total.by_reuse).map(([k, v]) => [k, Math.round(v)]))).toEqual({ greening: 100, parking: 200, idle: 100, farmland: 300 });
    // Twelve months bring B in: (100 + 200) / 800.
    expect(round(reuseByTownship(ledger, 12).total)[2]).toBe(0.375);
  });
});
