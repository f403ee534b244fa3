// Reads the rows the SQL checks left in their temp tables (same session) in the field names of
// docs/spec/checks.md "Output", so they can be diffed against Groundtruth's results.
import type pg from 'pg';

export interface SqlPatchRow { id: string; class: string; overlap: number; ids: string[] }
export interface SqlEncroachmentRow { building_id: string; lane_id: string; encroach_area_m2: number; distance_m: number; remaining_width_m: number; blocked: boolean }
export interface SqlSpacingRow { building_id: string; neighbor_id: string; neighbor_layer: string; spacing_m: number; required_m: number; violations: number }
export interface SqlDemandRow { id: string; station_id: string | null; distance_m: number | null; covered: boolean; demand_tpd: number; in_landfill_setback: boolean }

export interface SqlQualityRow {
  ledger_id: string; kind: string; overlap: number | null; ids: string[] | null; footprint_overlap: number | null; patch_overlap: number | null;
  declared: number | null; drawn: number | null; ratio: number | null; other_id: string | null; iou: number | null; others: string[] | null;
  found: string | null; problems: string[] | null;
}

export interface SqlCheckRows {
  patches: SqlPatchRow[];
  ledger: { id: string; class: string }[];
  encroachments: SqlEncroachmentRow[];
  spacing: SqlSpacingRow[];
  demand: SqlDemandRow[];
  stations: { id: string; assigned_tpd: number; capacity_tpd: number; utilization: number; overloaded: boolean }[];
  siting: { chosen: { id: string; gain_tpd: number }[] };
  quality: SqlQualityRow[];
}

/** Call after runChecksSql on the same client (the temp tables live in that session). */
export async function fetchCheckRows(client: pg.Client): Promise<SqlCheckRows> {
  const q = async <T>(sql: string): Promise<T[]> => (await client.query(sql)).rows as T[];
  return {
    patches: await q<SqlPatchRow>('SELECT id, class, overlap, ids FROM gt_patch_result ORDER BY id COLLATE "C"'),
    ledger: await q('SELECT id, class FROM gt_ledger_class ORDER BY id COLLATE "C"'),
    encroachments: await q<SqlEncroachmentRow>(
      'SELECT * FROM gt_fire_enc ORDER BY building_id COLLATE "C", lane_id COLLATE "C"',
    ),
    spacing: (await q<SqlSpacingRow & { violations: string }>('SELECT * FROM gt_fire_spacing ORDER BY building_id COLLATE "C"')).map(
      (r) => ({ ...r, violations: Number(r.violations) }),
    ),
    demand: await q<SqlDemandRow>(
      'SELECT id, station_id, distance_m, covered, demand_tpd, in_landfill_setback FROM gt_demand ORDER BY id COLLATE "C"',
    ),
    stations: await q('SELECT * FROM gt_station_use ORDER BY id COLLATE "C"'),
    siting: { chosen: await q('SELECT id, gain_tpd FROM gt_siting ORDER BY ord') },
    quality: await q<SqlQualityRow>('SELECT * FROM gt_quality ORDER BY ledger_id COLLATE "C", kind COLLATE "C"'),
  };
}
