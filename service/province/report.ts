// The province's monthly bulletin (每月一通报、一月一排名) across counties: one SQL aggregate grouped
// by county_code and township, which under Citus runs on each shard and is summed on the
// coordinator. It counts what the county bulletin counts (reports/monthly-data.ts, and
// bulletin-queries.ts on PostgreSQL) with the same rules, shared as SQL fragments: patches by their
// latest verdict, write-offs by ledger update or in the file, teardowns and reuse without them, so
// a county's rows here are that county's own bulletin.
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { MONTHLY_COLUMNS, MONTHLY_TITLES, monthRange, NO_TOWNSHIP } from '../reports/monthly.ts';
import { DEFAULT_REUSE_WITHIN_MONTHS } from '../reports/monthly-data.ts';
import type { Statement } from '../store/pg/queries.ts';
import { reuseDeadline, writtenOffIds, writtenOffInMonth } from './bulletin-queries.ts';

export const PROVINCE_COLUMNS = MONTHLY_COLUMNS.filter((c) => c !== 'reused_share') as Exclude<(typeof MONTHLY_COLUMNS)[number], 'reused_share'>[];
type Column = (typeof PROVINCE_COLUMNS)[number];

const title = (c: Column | 'reused_share') => `${MONTHLY_TITLES[c].zh} ${MONTHLY_TITLES[c].en}`;

// $1 first day, $2 first day of the next month, $3 last day, $4 county-code prefix or null,
// $5 reuse months from the request or null (then dataset.json's, then the default).
const DATE = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;
const CHOSEN = 'county_code IN (SELECT county_code FROM c)';
const DUE = reuseDeadline('l.demolished_on', 'c.within');
export const MONTHLY_SQL: Statement = {
  name: 'provinceMonthly',
  scope: 'province',
  sql: `WITH c AS (
    SELECT k.county_code, k.name,
      coalesce(CASE WHEN (m.value->>'baseline_on') ~ ${DATE} THEN (m.value->>'baseline_on')::date END, DATE '2013-04-01') AS baseline,
      coalesce($5::int, CASE WHEN (m.value->>'reuse_within_months') ~ '^[0-9]+$' THEN (m.value->>'reuse_within_months')::int END, ${DEFAULT_REUSE_WITHIN_MONTHS}) AS within
    FROM counties k LEFT JOIN dataset_meta m ON m.county_code = k.county_code AND m.key = 'params'
    WHERE $4::text IS NULL OR starts_with(k.county_code, $4::text)),
  fire AS (
    SELECT DISTINCT ON (r.county_code) r.county_code, r.id FROM check_runs r JOIN c USING (county_code)
    WHERE r."check" = 'fire' AND r.status = 'done' ORDER BY r.county_code, r.id DESC),
  on_lanes AS (
    SELECT DISTINCT e.county_code, e.building_id FROM result_encroachments e JOIN fire f ON f.county_code = e.county_code AND f.id = e.run_id),
  v AS (
    SELECT DISTINCT ON (pv.county_code, pv.batch, pv.id) pv.county_code, pv.batch, pv.id, pv.verdict
    FROM patch_verdicts pv JOIN c USING (county_code) ORDER BY pv.county_code, pv.batch, pv.id, pv.seq DESC),
  wo AS (${writtenOffIds(CHOSEN, CHOSEN)}),
  wo_month AS (${writtenOffInMonth(CHOSEN, CHOSEN, ['$1', '$2', '$1', '$3'])}),
  led AS (
    SELECT l.county_code, l.township, coalesce(l.area_m2, 0) AS area,
      (l.recorded_on >= $1::date AND l.recorded_on < $2::date AND coalesce(l.built_on, l.recorded_on) >= c.baseline) AS is_new,
      (l.status = 'demolished' AND w.id IS NULL AND l.demolished_on >= $1::date AND l.demolished_on < $2::date) AS is_demolished,
      (l.status = 'demolished' AND w.id IS NULL AND ${DUE} <= $3::date) AS is_due,
      (l.reuse IS NOT NULL AND l.reuse <> 'idle' AND l.reuse_on <= ${DUE}) AS is_reused,
      (m.id IS NOT NULL) AS is_written_off,
      (l.status <> 'demolished' AND o.building_id IS NOT NULL) AS on_lane
    FROM layer_ledger l JOIN c USING (county_code)
    LEFT JOIN wo w ON w.county_code = l.county_code AND w.id = l.id
    LEFT JOIN wo_month m ON m.county_code = l.county_code AND m.id = l.id
    LEFT JOIN on_lanes o ON o.county_code = l.county_code AND o.building_id = l.id),
  facts AS (
    -- seen: the row would be counted by one of the county bulletin's queries, which list a
    -- township only when one of them (or the townships layer) names it.
    SELECT p.county_code, p.township, 1 AS patches,
      (v.verdict IS NOT DISTINCT FROM 'legal')::int AS legal, (v.verdict IS NOT DISTINCT FROM 'illegal')::int AS illegal,
      (v.verdict IS NOT DISTINCT FROM 'false_change')::int AS false_change, (v.verdict IS NULL)::int AS undecided,
      0 AS new_violations, 0 AS demolished, 0::float8 AS demolished_m2, 0 AS written_off, 0 AS fire_lane_remaining,
      0::float8 AS reuse_due_m2, 0::float8 AS reused_m2, 1 AS seen
    FROM layer_patches p JOIN c USING (county_code)
    LEFT JOIN v ON v.county_code = p.county_code AND v.batch = p.batch AND v.id = p.id
    WHERE p.detected_on >= $1::date AND p.detected_on < $2::date
    UNION ALL
    SELECT l.county_code, l.township, 0, 0, 0, 0, 0, l.is_new::int, l.is_demolished::int,
      CASE WHEN l.is_demolished THEN l.area ELSE 0 END, l.is_written_off::int, l.on_lane::int,
      CASE WHEN l.is_due THEN l.area ELSE 0 END, CASE WHEN l.is_due AND l.is_reused THEN l.area ELSE 0 END,
      (l.is_new OR l.is_demolished OR l.is_due OR l.is_written_off OR l.on_lane)::int
    FROM led l
    UNION ALL
    SELECT t.county_code, t.name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 FROM layer_townships t JOIN c USING (county_code) WHERE t.name IS NOT NULL)
  SELECT f.county_code, min(c.name) AS county_name, coalesce(f.township, '${NO_TOWNSHIP}') AS township,
    sum(patches)::float8 AS patches, sum(legal)::float8 AS legal, sum(illegal)::float8 AS illegal,
    sum(false_change)::float8 AS false_change, sum(undecided)::float8 AS undecided,
    sum(new_violations)::float8 AS new_violations, sum(demolished)::float8 AS demolished,
    round(sum(demolished_m2)::numeric, 2)::float8 AS demolished_m2, sum(written_off)::float8 AS written_off,
    sum(fire_lane_remaining)::float8 AS fire_lane_remaining, round(sum(reuse_due_m2)::numeric, 2)::float8 AS reuse_due_m2,
    round(sum(reused_m2)::numeric, 2)::float8 AS reused_m2, min(fire.id)::float8 AS fire_run_id
  FROM facts f JOIN c USING (county_code) LEFT JOIN fire USING (county_code)
  GROUP BY f.county_code, 3 HAVING max(seen) > 0`,
};

export type ProvinceRow = { rank: number; county_rank: number; county_code: string; county_name: string | null; township: string; fire_run_id: number | null; reused_share: number } & Record<Column, number>;

export interface ProvinceBulletin {
  month: string;
  from: string;
  to: string;
  city: string | null;
  counties: number;
  rows: ProvinceRow[];
}

const share = (due: number, reused: number) => (due > 0 ? Math.round((reused / due) * 10_000) / 10_000 : 0);

/** `city`: a 4-digit prefecture prefix (3307) or a 2-digit province one; null for every county. */
export async function provinceMonthly(db: pg.Pool | pg.PoolClient, month: string, city: string | null, reuseWithinMonths?: number): Promise<ProvinceBulletin> {
  const range = monthRange(month);
  if (!range) throw new RangeError(`month must be YYYY-MM; got "${month}"`);
  if (city !== null && !/^[0-9]{2}([0-9]{2})?$/.test(city)) throw new RangeError(`city must be a 4-digit prefecture code such as 3307 (or 2 digits for a province); got "${city}"`);
  const { rows } = await db.query(MONTHLY_SQL.sql, [range.from, range.next, range.to, city, reuseWithinMonths ?? null]);
  const out = rows.map((r) => ({ ...r, rank: 0, county_rank: 0, reused_share: share(r.reuse_due_m2 as number, r.reused_m2 as number) }) as ProvinceRow);
  // The county bulletin's order: area demolished, then fewer fire-lane records left, then name.
  out.sort((a, b) => b.demolished_m2 - a.demolished_m2 || a.fire_lane_remaining - b.fire_lane_remaining ||
    (a.county_code < b.county_code ? -1 : a.county_code > b.county_code ? 1 : 0) || (a.township < b.township ? -1 : a.township > b.township ? 1 : 0));
  const perCounty = new Map<string, number>();
  out.forEach((r, i) => {
    r.rank = i + 1;
    r.county_rank = (perCounty.get(r.county_code) ?? 0) + 1;
    perCounty.set(r.county_code, r.county_rank);
  });
  return { month, from: range.from, to: range.to, city, counties: perCounty.size, rows: out };
}

export async function provinceMonthlyXlsx(b: ProvinceBulletin): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(`${b.month}${b.city ? ` ${b.city}` : ''}`);
  const cols = [...PROVINCE_COLUMNS, 'reused_share'] as const;
  sheet.addRow(['排名 Rank', '县内排名 Rank in county', '行政区划代码 County code', '县 County', '乡镇 Township', ...cols.map(title)]);
  sheet.getRow(1).font = { bold: true };
  for (const r of b.rows) sheet.addRow([r.rank, r.county_rank, r.county_code, r.county_name ?? '', r.township, ...cols.map((c) => r[c])]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
