// The attribute rules of check 4 (spec/checks.md §4) that need no geometry: statuses, dates,
// declared against drawn area, and the per-township counts.
import { parseDate } from '../import/dates.ts';
import { compareIds, numberProp, text } from './ledger-rules.ts';
import type { CheckParams } from './params.ts';
import { QUALITY_KINDS, type DateProblem, type KindCounts, type QualityFinding, type TownshipQuality } from './quality-types.ts';
import type { CheckFeature } from './types.ts';

/** The violations a county still counts. */
const OPEN = new Set(['pending', 'retained', 'deferred']);

export function isOpen(f: CheckFeature): boolean {
  return OPEN.has(text(f, 'status'));
}

/** A date property as layers.md reads it ('YYYY-MM-DD'), or null: a month alone is its first day. */
export function dateOf(f: CheckFeature, key: string): string | null {
  return parseDate(f.props[key]) ?? null;
}

/** The default audit date: the latest patch detected_on, ledger recorded_on or demolished_on. */
export function latestDate(patches: CheckFeature[], ledger: CheckFeature[]): string | null {
  let best: string | null = null;
  const see = (d: string | null) => {
    if (d !== null && (best === null || d > best)) best = d;
  };
  for (const f of patches) see(dateOf(f, 'detected_on'));
  for (const f of ledger) {
    see(dateOf(f, 'recorded_on'));
    see(dateOf(f, 'demolished_on'));
  }
  return best;
}

/** Rule 6: every date problem of a record, sorted; a comparison with a missing date is none. */
export function dateProblems(f: CheckFeature, asOf: string | null): DateProblem[] {
  const built = dateOf(f, 'built_on');
  const recorded = dateOf(f, 'recorded_on');
  const demolished = dateOf(f, 'demolished_on');
  const demolishedStatus = text(f, 'status') === 'demolished';
  const out: DateProblem[] = [];
  const after = (a: string | null, b: string | null) => a !== null && b !== null && a > b;
  if (after(built, recorded)) out.push('built_after_recorded');
  if (after(recorded, demolished)) out.push('demolished_before_recorded');
  if (after(built, demolished)) out.push('demolished_before_built');
  if (demolishedStatus && demolished === null) out.push('missing_demolished_on');
  if (!demolishedStatus && demolished !== null) out.push('stray_demolished_on');
  if (after(built, asOf)) out.push('built_after_as_of');
  if (after(recorded, asOf)) out.push('recorded_after_as_of');
  if (after(demolished, asOf)) out.push('demolished_after_as_of');
  return out.sort(compareIds);
}

/** |a − v| ≤ max(area_tolerance × v, area_tolerance_m2). */
function matches(a: number, v: number, params: CheckParams): boolean {
  return Math.abs(a - v) <= Math.max(params.area_tolerance * v, params.area_tolerance_m2);
}

/** Rule 3: the declared area when it matches neither the occupied nor the floor area, else null. */
export function areaMismatch(f: CheckFeature, drawn: number, params: CheckParams): number | null {
  const declared = numberProp(f, 'area_m2');
  if (declared === null || !(declared > 0)) return null;
  if (matches(declared, drawn, params)) return null;
  const floors = numberProp(f, 'floors');
  if (floors !== null && floors >= 1 && matches(declared, drawn * floors, params)) return null;
  return declared;
}

function zeroCounts(): KindCounts {
  return Object.fromEntries(QUALITY_KINDS.map((k) => [k, 0])) as KindCounts;
}

/** A record's group: its own `township`; an empty string is none. */
export function townshipOf(f: CheckFeature): string | null {
  const t = text(f, 'township');
  return t === '' ? null : t;
}

/**
 * Counts per township (records, with_findings, share, by_kind), ranked by share, highest first,
 * ties by name with the null group after the names; and the same counts over all records.
 */
export function countFindings(ledger: CheckFeature[], findings: QualityFinding[]): { townships: TownshipQuality[]; summary: { records: number; with_findings: number; share: number; by_kind: KindCounts } } {
  const groups = new Map<string | null, TownshipQuality>();
  const group = (t: string | null) => {
    let g = groups.get(t);
    if (!g) groups.set(t, (g = { township: t, records: 0, with_findings: 0, share: 0, by_kind: zeroCounts() }));
    return g;
  };
  const summary = { records: ledger.length, with_findings: 0, share: 0, by_kind: zeroCounts() };
  const townshipOfId = new Map<string, string | null>();
  for (const f of ledger) {
    const t = townshipOf(f);
    townshipOfId.set(f.id, t);
    group(t).records++;
  }
  const seen = new Set<string>();
  for (const finding of findings) {
    const g = group(townshipOfId.get(finding.ledger_id) ?? null);
    g.by_kind[finding.kind]++;
    summary.by_kind[finding.kind]++;
    if (!seen.has(finding.ledger_id)) {
      seen.add(finding.ledger_id);
      g.with_findings++;
      summary.with_findings++;
    }
  }
  const townships = [...groups.values()];
  for (const g of townships) g.share = g.records ? g.with_findings / g.records : 0;
  summary.share = summary.records ? summary.with_findings / summary.records : 0;
  // Sort keys in the spec's order: share (highest first), then name, the null group after names.
  townships.sort((a, b) => {
    if (a.share !== b.share) return b.share - a.share;
    if ((a.township === null) !== (b.township === null)) return a.township === null ? 1 : -1;
    return compareIds(a.township ?? '', b.township ?? '');
  });
  return { townships, summary };
}
