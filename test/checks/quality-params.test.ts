// Check 4's parameters: defaults, and every bad value refused with its name and the value.
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../service/checks/index.ts';

describe('quality parameters', () => {
  it('has the defaults of checks.md', () => {
    const p = resolveParams();
    expect([p.area_tolerance, p.area_tolerance_m2, p.duplicate_iou, p.large_area_m2, p.as_of]).toEqual([0.2, 10, 0.8, 1000, null]);
  });

  it('accepts the edges of each range', () => {
    const p = resolveParams({ area_tolerance: 0, area_tolerance_m2: 0, duplicate_iou: 1, large_area_m2: 0.01, as_of: '2024-02-29' });
    expect([p.area_tolerance, p.area_tolerance_m2, p.duplicate_iou, p.large_area_m2, p.as_of]).toEqual([0, 0, 1, 0.01, '2024-02-29']);
    expect(resolveParams({ as_of: '' }).as_of).toBeNull();
  });

  const bad: [string, unknown, RegExp][] = [
    ['area_tolerance', -0.1, /area_tolerance: -0\.1/],
    ['area_tolerance_m2', -1, /area_tolerance_m2: -1/],
    ['duplicate_iou', 0, /duplicate_iou: 0 /],
    ['duplicate_iou', 1.01, /duplicate_iou: 1\.01/],
    ['large_area_m2', 0, /large_area_m2: 0 /],
    ['large_area_m2', 'big', /large_area_m2: expected a number, got "big"/],
    ['as_of', '2024-13-01', /as_of: .*"2024-13-01"/],
    ['as_of', '2023-02-29', /as_of: .*"2023-02-29"/],
    ['as_of', 'yesterday', /as_of: .*"yesterday"/],
  ];
  for (const [key, value, message] of bad) {
    it(`refuses ${key} = ${JSON.stringify(value)}`, () => {
      expect(() => resolveParams({ [key]: value })).toThrow(message);
    });
  }
});
