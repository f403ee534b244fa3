// Behaviour of the engine beyond the fixtures: load errors, CRS choice, progress, repair.
import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import type { Geometry } from 'geojson';
import { runCoverageCheck, runFireCheck, runPatchesCheck, type CheckFeature } from '../../service/checks/index.ts';
import { gaussKrugerZone } from '../../service/geo/gauss-kruger.ts';
import { toFlat } from '../../service/checks/flat-geometry.ts';
import { toJsts } from '../../service/checks/jsts-geometry.ts';

const inverse = proj4(gaussKrugerZone(4549)!.proj4, 'WGS84');
const ll = (x: number, y: number) => inverse.forward([480_000 + x, 3_300_000 + y]);
const rect = (x0: number, y0: number, x1: number, y1: number): Geometry => ({ type: 'Polygon', coordinates: [[ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)]] });
const f = (id: string, geometry: Geometry, props: CheckFeature['props'] = {}): CheckFeature => ({ id, props, geometry });

describe('load errors', () => {
  it('a lane width ≤ 0 names the lane', () => {
    const data = {
      ledger: [f('B1', rect(0, 0, 10, 10), { status: 'pending', recorded_on: '2020-01-01' })],
      fire_lanes: [f('LX', { type: 'LineString', coordinates: [ll(0, -5), ll(50, -5)] }, { width_m: 0 })],
    };
    expect(() => runFireCheck(data, {})).toThrow(/fire_lanes feature 0 \(id "LX"\): width_m must be > 0, got 0/);
  });
  it('a station or candidate capacity ≤ 0 names the feature', () => {
    const pt = (x: number): Geometry => ({ type: 'Point', coordinates: ll(x, 0) });
    expect(() => runCoverageCheck({ transfer_stations: [f('T1', pt(0), { status: 'closed', capacity_tpd: 0 })] }, {})).toThrow(/transfer_stations feature 0 \(id "T1"\): capacity_tpd must be > 0/);
    expect(() => runCoverageCheck({ candidates: [f('C1', pt(0), { capacity_tpd: null })] }, {})).toThrow(/candidates feature 0 \(id "C1"\): capacity_tpd must be > 0/);
  });
  it('an unsupported geometry names the feature', () => {
    const bad = f('P1', { type: 'GeometryCollection', geometries: [] } as Geometry, { batch: 'b', detected_on: '2024-01-01' });
    expect(() => runPatchesCheck({ patches: [bad] }, {})).toThrow(/patches feature 0 \(id "P1"\): unsupported geometry type "GeometryCollection"/);
  });
});

describe('measuring', () => {
  it('picks the zone of the middle of the longitude range, or metric_crs', () => {
    const pt = (lon: number): CheckFeature => f(String(lon), { type: 'Point', coordinates: [lon, 30] }, { population: 1 });
    expect(runCoverageCheck({ demand: [pt(116.4), pt(118.0)] }, {}).params.metric_crs).toBe('EPSG:4548'); // 117.2 → 117°E
    expect(runCoverageCheck({ demand: [pt(118.4), pt(121.0)] }, {}).params.metric_crs).toBe('EPSG:4549'); // 119.7 → 120°E
    expect(runCoverageCheck({ demand: [pt(118.4)] }, { metric_crs: 'EPSG:4550' }).params.metric_crs).toBe('EPSG:4550');
  });
  it('repairs a bow-tie into both triangles (GEOS MakeValid), and a MultiPolygon bow-tie too', () => {
    const id = (x: number, y: number): [number, number] => [x, y];
    const bow = toJsts(toFlat({ type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] }, id, () => 'bow'));
    expect(bow.isValid()).toBe(true);
    expect(bow.getArea()).toBeCloseTo(2, 12);
    expect(bow.getNumGeometries()).toBe(2);
    const multi = toJsts(toFlat({ type: 'MultiPolygon', coordinates: [[[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]]] }, id, () => 'm'));
    expect(multi.getArea()).toBeCloseTo(3, 12);
    // An unclosed ring is closed, not rejected.
    const open = toJsts(toFlat({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4]]] }, id, () => 'open'));
    expect(open.getArea()).toBeCloseTo(16, 12);
  });
});

describe('progress', () => {
  it('reports done/total ending at total', () => {
    const calls: [number, number][] = [];
    const ledger = Array.from({ length: 3 }, (_, i) => f(`B${i}`, rect(i * 100, 0, i * 100 + 10, 10), { status: 'pending', recorded_on: '2020-01-01' }));
    runFireCheck({ ledger }, {}, (done, total) => calls.push([done, total]));
    expect(calls.at(-1)).toEqual([6, 6]);
  });
});

describe('gaussKrugerForward', () => {
  it('matches proj4 WGS84 → EPSG:4549/4550 to a nanometre', async () => {
    const { gaussKrugerForward } = await import('../../service/checks/metric-context.ts');
    for (const epsg of [4549, 4550, 4527]) {
      const zone = gaussKrugerZone(epsg)!;
      const fast = gaussKrugerForward(zone.proj4);
      const full = proj4('WGS84', zone.proj4);
      for (const [lon, lat] of [[119.2, 28.1], [120.0, 30.0], [121.4, 29.7], [122.9, 31.2]]) {
        const [x, y] = fast(lon, lat);
        const [ex, ey] = full.forward([lon, lat]);
        expect(Math.abs(x - ex)).toBeLessThan(1e-9);
        expect(Math.abs(y - ey)).toBeLessThan(1e-9);
      }
    }
  });
});

describe('degenerate geometry', () => {
  it('never crashes: zero-area patch, spike, repeated points, zero-length lane, figure-eight ledger', () => {
    const poly = (pts: [number, number][]): Geometry => ({ type: 'Polygon', coordinates: [[...pts.map(([x, y]) => ll(x, y)), ll(...pts[0])]] });
    const ledgerProps = { status: 'pending', recorded_on: '2010-01-01' };
    const data = {
      patches: [
        f('flat', poly([[0, 0], [10, 0], [10, 0]]), { batch: 'b', detected_on: '2024-01-01' }), // two distinct points: no area
        f('spike', poly([[0, 0], [10, 0], [15, 0], [10, 0], [10, 10], [0, 10]]), { batch: 'b', detected_on: '2024-01-01' }),
      ],
      ledger: [
        f('rep', poly([[0, 0], [10, 0], [10, 0], [10, 10], [0, 10]]), ledgerProps),
        f('eight', poly([[0, 0], [10, 10], [20, 0], [20, 10], [10, 0], [0, 10]]), ledgerProps),
      ],
      fire_lanes: [f('dot', { type: 'LineString', coordinates: [ll(5, 5), ll(5, 5)] }), f('ok', { type: 'LineString', coordinates: [ll(-5, 5), ll(30, 5)] })],
    };
    const patches = runPatchesCheck(data, {});
    expect(patches.patches.find((p) => p.id === 'flat')).toMatchObject({ class: 'new', overlap: 0, area_m2: 0 });
    // The spike is cut off; the square 0..10 is covered by both ledger records' union.
    expect(patches.patches.find((p) => p.id === 'spike')?.class).toBe('stock');
    const ledgerArea = Object.fromEntries(patches.ledger.map((l) => [l.id, l.area_m2]));
    expect(ledgerArea.rep).toBeCloseTo(100, 6);
    expect(ledgerArea.eight).toBeCloseTo(100, 6); // two 50 m² triangles of the figure-eight (10×10 square split along the crossing)
    const fire = runFireCheck(data, {});
    expect(fire.encroachments.map((e) => `${e.building_id}/${e.lane_id}`).sort()).toEqual(['eight/ok', 'rep/ok']);
  });
});

describe('regression: removal evidence listed a permitted record as ledger:<id>', () => {
  it('lists standing records of any status by their plain ids', () => {
    const data = {
      patches: [f('R1', rect(0, 0, 10, 10), { batch: 'b', detected_on: '2024-01-01', change_type: 'removal' })],
      ledger: [
        f('K1', rect(0, 0, 10, 6), { status: 'permitted', recorded_on: '2020-01-01' }),
        f('K2', rect(0, 6, 10, 10), { status: 'pending', recorded_on: '2020-01-01' }),
      ],
    };
    const [row] = runPatchesCheck(data, {}).patches;
    // K1 covers 0.6 and K2 0.4 of the 100 m² patch: both ≥ 0.3, union 1.0.
    expect(row).toMatchObject({ class: 'removal', ids: ['K1', 'K2'] });
    expect(row.overlap).toBeCloseTo(1, 6);
  });
});
