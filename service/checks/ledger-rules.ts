// Facts about one ledger record that several checks share (docs/spec/checks.md §1 and "Measuring").
import type { CheckFeature } from './types.ts';

/**
 * Round-off of the lon/lat → metres projection (~1e-9 m) must not flip a rule: a gap below this
 * (metres) counts as touching, and a distance within this of a threshold counts as on it
 * (so "≤ 10 m" holds at 10.000000001 and "< 500 m" fails at 499.999999999).
 */
export const TOUCH_EPS_M = 1e-6;
/** "Distances within 1 mm are ties." */
export const TIE_EPS_M = 1e-3;

export function text(f: CheckFeature, key: string): string {
  const v = f.props[key];
  return v === null || v === undefined ? '' : String(v);
}

/** Demolished records no longer stand; every other status does. */
export function isStanding(f: CheckFeature): boolean {
  return text(f, 'status') !== 'demolished';
}

/** The date test of rule 2: `built_on`, else `recorded_on`, before the baseline (ISO strings compare as dates). */
export function builtBeforeBaseline(f: CheckFeature, baseline: string): boolean {
  const built = text(f, 'built_on');
  const date = built !== '' ? built : text(f, 'recorded_on');
  return date !== '' && date < baseline;
}

/** Code-point order, as the spec asks ("not localeCompare"). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function numberProp(f: CheckFeature, key: string): number | null {
  const v = f.props[key];
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}
