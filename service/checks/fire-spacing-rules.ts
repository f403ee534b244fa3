// GB 50016-2014 tables 5.2.2 (civil) and 3.4.1 (factories) as docs/spec/checks.md §2 reads them.
import { numberProp, text } from './ledger-rules.ts';
import type { CheckFeature } from './types.ts';

/** Fire resistance grade: 1 = I/II, 3 = III, 4 = IV. */
export type Grade = 1 | 3 | 4;

export interface FireClass {
  grade: Grade;
  highRise: boolean;
  enterprise: boolean;
}

const GRADE_OF_STRUCTURE: Record<string, Grade> = {
  concrete: 1,
  steel_frame: 1,
  brick: 3,
  steel_shed: 4,
  timber: 4,
  simple: 4,
};

export function fireClass(f: CheckFeature): FireClass {
  const floors = numberProp(f, 'floors');
  const height = numberProp(f, 'height_m');
  return {
    // Unknown structure → I/II, the least strict: a missing field never invents a violation.
    grade: GRADE_OF_STRUCTURE[text(f, 'structure')] ?? 1,
    highRise: (floors !== null && floors >= 10) || (height !== null && height > 27),
    enterprise: text(f, 'use') === 'enterprise',
  };
}

/** Table 5.2.2 for two low/multi-storey civil buildings, indexed by grade. */
const CIVIL_TABLE: Record<Grade, Record<Grade, number>> = {
  1: { 1: 6, 3: 7, 4: 9 },
  3: { 1: 7, 3: 8, 4: 10 },
  4: { 1: 9, 3: 10, 4: 12 },
};
/** One high-rise civil building: by the other's grade. */
const ONE_HIGH_RISE: Record<Grade, number> = { 1: 9, 3: 11, 4: 14 };
/** Table 3.4.1 surcharge per building of the pair by grade. */
const ENTERPRISE_EXTRA: Record<Grade, number> = { 1: 0, 3: 2, 4: 4 };

export function requiredSpacing(a: FireClass, b: FireClass): number {
  if (a.enterprise && b.enterprise) {
    return (a.highRise || b.highRise ? 13 : 10) + ENTERPRISE_EXTRA[a.grade] + ENTERPRISE_EXTRA[b.grade];
  }
  if (a.highRise && b.highRise) return 13;
  if (a.highRise) return ONE_HIGH_RISE[b.grade];
  if (b.highRise) return ONE_HIGH_RISE[a.grade];
  return CIVIL_TABLE[a.grade][b.grade];
}

/** The largest spacing any neighbour could require of `a`: the search radius around it. */
export function maxRequiredSpacing(a: FireClass): number {
  let max = 0;
  for (const grade of [1, 3, 4] as Grade[]) {
    for (const highRise of [false, true]) {
      for (const enterprise of [false, true]) max = Math.max(max, requiredSpacing(a, { grade, highRise, enterprise }));
    }
  }
  return max;
}
