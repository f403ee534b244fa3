// The data-quality workspace's pure part: the latest quality run's findings as the service gives
// them (GET /api/quality/findings), the townships ranked by share, filtering, and what each kind
// of finding shows on the map. Node tests it.
import type { Geometry } from 'geojson';

export const QUALITY_KINDS = ['still_standing', 'not_seen', 'area_mismatch', 'duplicate', 'township_mismatch', 'dates', 'large_unverified'] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];

export interface Finding {
  ledger_id: string;
  kind: QualityKind;
  township: string | null;
  dismissed: { reason: string; dismissed_by: string; dismissed_at: string } | null;
  /** Kind-specific fields (docs/spec/checks.md §4): ids, overlap, other_id, problems… */
  [field: string]: unknown;
}

export interface TownshipQuality {
  township: string | null;
  records: number;
  with_findings: number;
  share: number;
  by_kind: Partial<Record<QualityKind, number>>;
}

export interface QualityDoc {
  townships: TownshipQuality[];
  summary: { records: number; with_findings: number; by_kind: Partial<Record<QualityKind, number>> };
}

export interface FindingFilter {
  kind: QualityKind | null;
  /** '' is the group without a township; null is every township. */
  township: string | null;
  showDismissed: boolean;
}

export function filterFindings(rows: readonly Finding[], f: FindingFilter): Finding[] {
  return rows.filter((r) => (f.kind === null || r.kind === f.kind) && (f.township === null || (r.township ?? '') === f.township) && (f.showDismissed || !r.dismissed));
}

/** Bar segments per kind for one township row: each kind's width in px on a bar of `width` for `records`. */
export function kindBars(t: TownshipQuality, width: number): { kind: QualityKind; n: number; px: number }[] {
  if (t.records <= 0) return [];
  return QUALITY_KINDS.filter((k) => (t.by_kind[k] ?? 0) > 0).map((k) => ({ kind: k, n: t.by_kind[k]!, px: (t.by_kind[k]! / t.records) * width }));
}

/** What the map shows with a finding: the footprints standing over it, or the imagery under it. */
export function mapView(f: Finding): { footprints: string[]; imagery: boolean; others: string[] } {
  const ids = Array.isArray(f.ids) ? (f.ids as unknown[]).map(String) : [];
  const others = Array.isArray(f.others) ? (f.others as unknown[]).map(String) : [];
  return {
    footprints: f.kind === 'still_standing' ? ids : [],
    imagery: f.kind === 'not_seen' || f.kind === 'large_unverified',
    others: f.kind === 'duplicate' ? others : [],
  };
}

/** A record may be written off (销号) when its open finding is not_seen. */
export const mayWriteOff = (f: Finding): boolean => f.kind === 'not_seen' && !f.dismissed;

/** The key facts of a finding, as short `name value` pairs for the list. */
export function facts(f: Finding): [string, string][] {
  const num = (v: unknown, d = 2) => (typeof v === 'number' ? String(Math.round(v * 10 ** d) / 10 ** d) : '—');
  switch (f.kind) {
    case 'still_standing':
      return [['overlap', num(f.overlap)], ['ids', ((f.ids as string[]) ?? []).join(', ')]];
    case 'not_seen':
      return [['footprint_overlap', num(f.footprint_overlap)], ['patch_overlap', num(f.patch_overlap)]];
    case 'area_mismatch':
      return [['declared', num(f.declared, 1)], ['drawn', num(f.drawn, 1)], ['ratio', num(f.ratio)]];
    case 'duplicate':
      return [['other_id', String(f.other_id ?? '—')], ['iou', num(f.iou)]];
    case 'township_mismatch':
      return [['township', String(f.township ?? '—')], ['found', String(f.found ?? '—')]];
    case 'dates':
      return [['problems', ((f.problems as string[]) ?? []).join(', ')]];
    case 'large_unverified':
      return [['drawn', num(f.drawn, 1)]];
  }
}

/** The latest image whose bounds contain the record's box, for showing the record over it. */
export function imageFor<T extends { date: string; bounds: [number, number, number, number] }>(images: readonly T[], bbox: [number, number, number, number] | null): T | null {
  if (!bbox) return null;
  const covering = images.filter((i) => i.bounds[0] <= bbox[2] && bbox[0] <= i.bounds[2] && i.bounds[1] <= bbox[3] && bbox[1] <= i.bounds[3]);
  return covering.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0] ?? null;
}

export type { Geometry };
