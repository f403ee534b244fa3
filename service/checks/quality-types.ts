// The output of check 4 (spec/checks.md §4 and "Output"): one finding per record and kind, the
// counts per township and over the whole ledger. Field names are the contract.
import type { CheckParams } from './params.ts';

export const QUALITY_KINDS = ['still_standing', 'not_seen', 'area_mismatch', 'duplicate', 'township_mismatch', 'dates', 'large_unverified'] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];

export const DATE_PROBLEMS = [
  'built_after_recorded',
  'demolished_before_recorded',
  'demolished_before_built',
  'missing_demolished_on',
  'stray_demolished_on',
  'built_after_as_of',
  'recorded_after_as_of',
  'demolished_after_as_of',
] as const;
export type DateProblem = (typeof DATE_PROBLEMS)[number];

interface FindingBase {
  ledger_id: string;
  /** The record's own `township` (null when absent or empty): what the groups and tiles use. */
  township: string | null;
}

export type QualityFinding = FindingBase &
  (
    | { kind: 'still_standing'; overlap: number; ids: string[] }
    | { kind: 'not_seen'; footprint_overlap: number; patch_overlap: number }
    | { kind: 'area_mismatch'; declared: number; drawn: number; ratio: number | null }
    | { kind: 'duplicate'; other_id: string; iou: number; others: string[] }
    | { kind: 'township_mismatch'; found: string | null }
    | { kind: 'dates'; problems: DateProblem[] }
    | { kind: 'large_unverified'; drawn: number }
  );

export type KindCounts = Record<QualityKind, number>;

export interface TownshipQuality {
  township: string | null;
  records: number;
  with_findings: number;
  share: number;
  by_kind: KindCounts;
}

export interface QualityResult {
  params: CheckParams;
  findings: QualityFinding[];
  townships: TownshipQuality[];
  summary: { records: number; with_findings: number; share: number; by_kind: KindCounts };
}
