// Check 4 of docs/spec/checks.md: the ledger's data quality (违建数据质量核查). Findings are
// stored flat (one column per field any kind reports, null where a kind has none) so that CSV,
// xlsx and SQL read one shape; the document keeps each kind's own fields.
import { runQualityCheck } from '../quality.ts';
import { QUALITY_KINDS, type QualityFinding, type QualityResult, type TownshipQuality } from '../quality-types.ts';
import { defineCheck, table } from './types.ts';

/** A finding with every column present, in one order. */
export interface QualityRow {
  ledger_id: string;
  kind: string;
  township: string | null;
  overlap: number | null;
  ids: string[] | null;
  footprint_overlap: number | null;
  patch_overlap: number | null;
  declared: number | null;
  drawn: number | null;
  ratio: number | null;
  other_id: string | null;
  iou: number | null;
  others: string[] | null;
  found: string | null;
  problems: string[] | null;
}

export function qualityRow(f: QualityFinding): QualityRow {
  const g = f as Partial<Record<keyof QualityRow, unknown>>;
  const pick = <T>(k: keyof QualityRow) => (g[k] ?? null) as T | null;
  return {
    ledger_id: f.ledger_id,
    kind: f.kind,
    township: f.township,
    overlap: pick('overlap'),
    ids: pick('ids'),
    footprint_overlap: pick('footprint_overlap'),
    patch_overlap: pick('patch_overlap'),
    declared: pick('declared'),
    drawn: pick('drawn'),
    ratio: pick('ratio'),
    other_id: pick('other_id'),
    iou: pick('iou'),
    others: pick('others'),
    found: pick('found'),
    problems: pick('problems'),
  };
}

/** A township's counts with one column per kind. */
export type TownshipRow = Omit<TownshipQuality, 'by_kind'> & Record<string, number | string | null>;

function townshipRow(t: TownshipQuality): TownshipRow {
  return { township: t.township, records: t.records, with_findings: t.with_findings, share: t.share, ...t.by_kind };
}

export default defineCheck({
  name: 'quality',
  layers: ['ledger', 'footprints', 'patches', 'townships'],
  roles: ['enforcer', 'admin'],
  batched: false,
  engine: runQualityCheck,
  tables: [
    table<QualityResult, QualityRow>({
      name: 'findings',
      sqlName: 'quality_findings',
      rows: (d) => d.findings.map(qualityRow),
      columns: [
        ['ledger_id', 'text'], ['kind', 'text'], ['township', 'text'], ['overlap', 'double'], ['ids', 'text[]'],
        ['footprint_overlap', 'double'], ['patch_overlap', 'double'], ['declared', 'double'], ['drawn', 'double'],
        ['ratio', 'double'], ['other_id', 'text'], ['iou', 'double'], ['others', 'text[]'], ['found', 'text'], ['problems', 'text[]'],
      ],
      layer: 'ledger',
      idField: 'ledger_id',
    }),
    table<QualityResult, TownshipRow>({
      name: 'townships',
      sqlName: 'quality_townships',
      rows: (d) => d.townships.map(townshipRow),
      columns: [['township', 'text'], ['records', 'integer'], ['with_findings', 'integer'], ['share', 'double'], ...QUALITY_KINDS.map((k) => [k, 'integer'] as const)],
      layer: 'townships',
      idField: 'township',
    }),
  ],
  tiles: {
    // Before any run null (unknown); after one, 0 and '' where a record has no finding.
    ledger: (runs) => ({
      select: [
        'CASE WHEN ? >= 0 THEN coalesce(quality_f.n, 0) END AS quality_findings',
        `CASE WHEN ? >= 0 THEN coalesce(quality_f.kinds, '') END AS quality_kinds`,
      ],
      selectParams: [runs.newest, runs.newest],
      join: `LEFT JOIN (SELECT ledger_id, count(*) AS n, string_agg(kind, ',' ORDER BY kind) AS kinds
                        FROM result_quality_findings WHERE run_id = ? GROUP BY ledger_id) quality_f ON quality_f.ledger_id = t.id`,
      joinParams: [runs.newest],
      fields: { quality_findings: 'Number', quality_kinds: 'String' },
    }),
  },
});
