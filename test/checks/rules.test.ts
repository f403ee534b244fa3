// The small rule tables and parameter handling, each value checked against docs/spec/checks.md.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, fireClass, requiredSpacing, resolveParams, separationForCapacity, type CheckFeature } from '../../service/checks/index.ts';

const b = (props: CheckFeature['props']): CheckFeature => ({ id: 'x', props, geometry: { type: 'Point', coordinates: [120, 30] } });
const req = (p: CheckFeature['props'], q: CheckFeature['props']) => requiredSpacing(fireClass(b(p)), fireClass(b(q)));

describe('fire separation (GB 50016-2014 tables 5.2.2 and 3.4.1)', () => {
  it('civil pairs follow the grade table', () => {
    expect(req({ structure: 'concrete' }, { structure: 'steel_frame' })).toBe(6);
    expect(req({ structure: 'concrete' }, { structure: 'brick' })).toBe(7);
    expect(req({ structure: 'brick' }, { structure: 'timber' })).toBe(10);
    expect(req({ structure: 'simple' }, { structure: 'steel_shed' })).toBe(12);
    expect(req({ structure: 'brick' }, { structure: 'brick' })).toBe(8);
  });
  it('unknown structure counts as grade I/II', () => {
    expect(req({}, { structure: 'timber' })).toBe(9);
    expect(req({ structure: 'adobe' }, {})).toBe(6);
  });
  it('high-rise: floors ≥ 10 or height > 27 m', () => {
    expect(fireClass(b({ floors: 10 })).highRise).toBe(true);
    expect(fireClass(b({ floors: 9, height_m: 27 })).highRise).toBe(false);
    expect(fireClass(b({ height_m: 27.01 })).highRise).toBe(true);
    expect(req({ floors: 12 }, { height_m: 30 })).toBe(13);
    expect(req({ floors: 12 }, { structure: 'concrete' })).toBe(9);
    expect(req({ structure: 'brick' }, { floors: 12 })).toBe(11);
    expect(req({ floors: 12 }, { structure: 'simple' })).toBe(14);
  });
  it('two enterprise buildings: 10 m or 13 m, +2 per grade III, +4 per grade IV', () => {
    const e = { use: 'enterprise' };
    expect(req({ ...e, structure: 'concrete' }, { ...e, structure: 'concrete' })).toBe(10);
    expect(req({ ...e, structure: 'brick' }, { ...e, structure: 'concrete' })).toBe(12);
    expect(req({ ...e, structure: 'simple' }, { ...e, structure: 'brick' })).toBe(16);
    expect(req({ ...e, structure: 'simple', floors: 10 }, { ...e, structure: 'timber' })).toBe(21);
    expect(req({ ...e, floors: 12 }, { ...e })).toBe(13);
    // Only one enterprise: the civil rules.
    expect(req({ ...e, structure: 'simple' }, { use: 'residential', structure: 'simple' })).toBe(12);
  });
});

describe('transfer station separation (CJJ/T 47-2016)', () => {
  it('10 / 15 / 30 m with 150 and 450 inclusive in the middle class', () => {
    expect(separationForCapacity(149.9)).toBe(10);
    expect(separationForCapacity(150)).toBe(15);
    expect(separationForCapacity(450)).toBe(15);
    expect(separationForCapacity(450.1)).toBe(30);
  });
});

describe('resolveParams', () => {
  it('gives the defaults of docs/spec/checks.md', () => {
    expect(resolveParams()).toEqual({
      baseline_on: '2013-04-01', min_overlap: 0.3, required_lane_width_m: 4, min_encroach_area_m2: 1, service_radius_m: 3000,
      per_capita_kg: 1, landfill_setback_m: 500, sites_to_choose: 3, batch: null, metric_crs: null,
      area_tolerance: 0.2, area_tolerance_m2: 10, duplicate_iou: 0.8, large_area_m2: 1000, as_of: null,
      siting_method: 'exact', siting_time_limit_s: 10, siting_require: [], siting_exclude: [], siting_existing: 'keep', siting_keep_open: [], distance: 'straight',
      landfill_density_t_m3: 1, landfill_warn_years: 2,
    });
    expect(resolveParams()).toEqual(DEFAULT_PARAMS);
  });
  it('lets later sources win and skips undefined', () => {
    const p = resolveParams({ min_overlap: 0.5, batch: '2024Q1' }, { min_overlap: 0.4, batch: undefined }, { metric_crs: 'EPSG:4550' });
    expect(p.min_overlap).toBe(0.4);
    expect(p.batch).toBe('2024Q1');
    expect(p.metric_crs).toBe('EPSG:4550');
  });
  it('accepts numeric strings as dataset.json may carry them', () => {
    expect(resolveParams({ service_radius_m: '5000' as unknown as number }).service_radius_m).toBe(5000);
  });
  it('rejects bad values naming the parameter and the value', () => {
    expect(() => resolveParams({ min_overlap: 0 })).toThrow(/min_overlap: 0 out of range/);
    expect(() => resolveParams({ min_overlap: 1.5 })).toThrow(/min_overlap/);
    expect(() => resolveParams({ required_lane_width_m: -4 })).toThrow(/required_lane_width_m: -4/);
    expect(() => resolveParams({ sites_to_choose: 2.5 })).toThrow(/sites_to_choose: expected an integer, got 2.5/);
    expect(() => resolveParams({ service_radius_m: 'far' as unknown as number })).toThrow(/service_radius_m: expected a number, got "far"/);
    expect(() => resolveParams({ baseline_on: '2013/04/01' })).toThrow(/baseline_on: expected a YYYY-MM-DD date, got "2013\/04\/01"/);
    expect(() => resolveParams({ metric_crs: 'EPSG:3857' })).toThrow(/metric_crs.*EPSG:3857/);
    expect(() => resolveParams({ siting_method: 'fast' as 'exact' })).toThrow(/siting_method: expected one of exact, greedy, got "fast"/);
    expect(() => resolveParams({ distance: 'manhattan' as 'network' })).toThrow(/distance: expected one of straight, network/);
    expect(() => resolveParams({ siting_time_limit_s: 0 })).toThrow(/siting_time_limit_s: 0 out of range/);
    expect(() => resolveParams({ siting_require: 5 as unknown as string[] })).toThrow(/siting_require: expected a list of ids, got 5/);
    expect(() => resolveParams({ landfill_density_t_m3: 0 })).toThrow(/landfill_density_t_m3/);
  });
  it('reads id lists from JSON arrays or comma-separated text', () => {
    expect(resolveParams({ siting_require: 'C1, C2' as unknown as string[] }).siting_require).toEqual(['C1', 'C2']);
    expect(resolveParams({ siting_exclude: ['C3'] }).siting_exclude).toEqual(['C3']);
  });
});
