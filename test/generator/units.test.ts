// Small stages of the generator with hand-computed answers.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../scripts/county/rng.ts';
import { addMonths, dateBetween, monthOf } from '../../scripts/county/dates.ts';
import { scaleFor } from '../../scripts/county/scale.ts';
import { patchAround } from '../../scripts/county/patches.ts';
import { polygonArea, polygonDistance, rectIn, pointPolygonDistance } from '../../scripts/county/shapes.ts';

describe('rng', () => {
  it('repeats for a seed and differs between seeds and forks', () => {
    const a = createRng('s');
    const b = createRng('s');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(createRng('t').next()).not.toBe(seqA[0]);
    expect(createRng('s').fork('x').next()).not.toBe(createRng('s').fork('y').next());
  });
  it('int covers both ends and nothing outside', () => {
    const r = createRng('ints');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(1, 4));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('dates', () => {
  it('moves by months, clamping the day to 28', () => {
    expect(addMonths('2024-05-31', -3)).toBe('2024-02-28');
    expect(addMonths('2024-01-15', -3)).toBe('2023-10-15');
    expect(addMonths('2023-11-02', 3)).toBe('2024-02-02');
    expect(monthOf('2012-06-17')).toBe('2012-06-01');
  });
  it('draws within the range, and the end when the range is empty', () => {
    const r = createRng('d');
    for (let i = 0; i < 100; i++) {
      const d = dateBetween(r, '2024-04-01', '2024-06-30');
      expect(d >= '2024-04-01' && d <= '2024-06-30').toBe(true);
    }
    expect(dateBetween(r, '2024-07-01', '2024-06-30')).toBe('2024-06-30');
  });
});

describe('scale', () => {
  it('passes through the sample and the benchmark county', () => {
    expect(scaleFor(30_000)).toMatchObject({ ledger: 3000, patchesPerBatch: 300, demand: 300, candidates: 30 });
    expect(scaleFor(1_000_000)).toMatchObject({ ledger: 50_000, patchesPerBatch: 10_000, demand: 50_000, candidates: 500 });
  });
  it('rejects a non-integer or tiny footprint count, naming it', () => {
    expect(() => scaleFor(12.5)).toThrow(/12.5/);
    expect(() => scaleFor(10)).toThrow(/10/);
  });
});

describe('shapes', () => {
  const f = { x: 1000, y: 2000, angle: 0.3 };
  it('rotated rectangles keep their area and are counter-clockwise', () => {
    const r = rectIn(f, 0, 0, 12, 10);
    expect(polygonArea(r.coordinates)).toBeCloseTo(120, 9);
  });
  it('a patch octagon has the grown rectangle area less four corner triangles', () => {
    // 10 × 8 grown by 1 → 12 × 10 = 120, minus 4 × (1.5² / 2) = 4.5.
    const p = patchAround(f, 0, 0, 10, 8, 1, 1.5);
    expect(polygonArea(p.coordinates)).toBeCloseTo(115.5, 9);
  });
  it('measures the gap between facing rectangles and from a point', () => {
    const a = rectIn(f, 0, 0, 10, 10);
    const b = rectIn(f, 16.5, 2, 26.5, 8);
    expect(polygonDistance(a.coordinates, b.coordinates)).toBeCloseTo(6.5, 9);
    expect(polygonDistance(a.coordinates, rectIn(f, 5, 5, 20, 20).coordinates)).toBe(0);
    expect(pointPolygonDistance([f.x, f.y], b.coordinates)).toBeCloseTo(Math.hypot(16.5, 2), 9);
  });
});
