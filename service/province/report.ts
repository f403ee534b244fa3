// The province's monthly bulletin (每月一通报、一月一排名) across counties: one SQL aggregate grouped
// by county_code and township, which under Citus runs on each shard and is summed on the
// coordinator. It counts what the county bulletin counts from the layers and the latest fire run
// (service/reports/monthly-data.ts); verdicts and field updates are not on PostgreSQL yet, so the
// verdict columns are left out and write-offs come from the ledger file's `written_off`.
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { monthRange, NO_TOWNSHIP } from '../reports/monthly.ts';
import { DEFAULT_REUSE_WITHIN_MONTHS } from '../reports/monthly-data.ts';
import type { Statement } from '../store/pg/queries.ts';

export const PROVINCE_COLUMNS = ['patches', 'new_violations', 'demolished', 'demolished_m2', 'written_off', 'fire_lane_remaining', 'reuse_due_m2', 'reused_m2'] as const;
type Column = (typeof PROVINCE_COLUMNS)[number];

const TITLES: Record<Column | 'reused_share', string> = {
  patches: '本月图斑 Patches',
  new_violations: '新增违建 New violations',
  demolished: '拆除处数 Demolished',
  demolished_m2: '拆除面积(m²) Demolished m²',
  written_off: '存量销号 Stock written off',
  fire_lane_remaining: '消防通道违建余量 Fire-lane records left',
  reuse_due_m2: '拆后应利用面积(m²) Due for reuse m²',
  reused_m2: '按期利用面积(m²) Reused in time m²',
  reused_share: '拆后利用率 Share reused',
};

// $1 first day, $2 first day of the next month, $3 last day, $4 county-code prefix or null,
// $5 reuse months from the request or null (then dataset.json's, then the default).
const DATE = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;
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
  led AS (
    SELECT l.*, c.baseline, c.within, coalesce(l.extra->>'written_off', '') = 'true' AS wo,
      CASE WHEN (l.extra->>'written_off_on') ~ ${DATE} THEN (l.extra->>'written_off_on')::date END AS wo_on
    FROM layer_ledger l JOIN c USING (county_code)),
  facts AS (
    SELECT p.county_code, p.township, 1 AS patches, 0 AS new_violations, 0 AS demolished, 0::float8 AS demolished_m2,
      0 AS written_off, 0 AS fire_lane_remaining, 0::float8 AS reuse_due_m2, 0::float8 AS reused_m2
    FROM layer_patches p JOIN c USING (county_code) WHERE p.detected_on >= $1::date AND p.detected_on < $2::date
    UNION ALL
    SELECT l.county_code, l.township, 0,
      (l.recorded_on >= $1::date AND l.recorded_on < $2::date AND coalesce(l.built_on, l.recorded_on) >= l.baseline)::int,
      (l.status = 'demolished' AND NOT l.wo AND l.demolished_on >= $1::date AND l.demolished_on < $2::date)::int,
      CASE WHEN l.status = 'demolished' AND NOT l.wo AND l.demolished_on >= $1::date AND l.demolished_on < $2::date THEN coalesce(l.area_m2, 0) ELSE 0 END,
      (l.wo AND l.wo_on BETWEEN $1::date AND $3::date)::int,
      (l.status <> 'demolished' AND o.building_id IS NOT NULL)::int,
      -- Month arithmetic clamps to the month's end (08-31 + 6 months = 02-28), as on DuckDB.
      CASE WHEN l.status = 'demolished' AND NOT l.wo AND (l.demolished_on + make_interval(months => l.within))::date <= $3::date
        THEN coalesce(l.area_m2, 0) ELSE 0 END,
      CASE WHEN l.status = 'demolished' AND NOT l.wo AND (l.demolished_on + make_interval(months => l.within))::date <= $3::date
        AND l.reuse IS NOT NULL AND l.reuse <> 'idle' AND l.reuse_on <= (l.demolished_on + make_interval(months => l.within))::date
        THEN coalesce(l.area_m2, 0) ELSE 0 END
    FROM led l LEFT JOIN on_lanes o ON o.county_code = l.county_code AND o.building_id = l.id
    UNION ALL
    SELECT t.county_code, t.name, 0, 0, 0, 0, 0, 0, 0, 0 FROM layer_townships t JOIN c USING (county_code) WHERE t.name IS NOT NULL)
  SELECT f.county_code, min(c.name) AS county_name, coalesce(f.township, '${NO_TOWNSHIP}') AS township,
    sum(patches)::float8 AS patches, sum(new_violations)::float8 AS new_violations, sum(demolished)::float8 AS demolished,
    round(sum(demolished_m2)::numeric, 2)::float8 AS demolished_m2, sum(written_off)::float8 AS written_off,
    sum(fire_lane_remaining)::float8 AS fire_lane_remaining, round(sum(reuse_due_m2)::numeric, 2)::float8 AS reuse_due_m2,
    round(sum(reused_m2)::numeric, 2)::float8 AS reused_m2, min(fire.id)::float8 AS fire_run_id
  FROM facts f JOIN c USING (county_code) LEFT JOIN fire USING (county_code)
  GROUP BY f.county_code, 3`,
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
  sheet.addRow(['排名 Rank', '县内排名 Rank in county', '行政区划代码 County code', '县 County', '乡镇 Township', ...cols.map((c) => TITLES[c])]);
  sheet.getRow(1).font = { bold: true };
  for (const r of b.rows) sheet.addRow([r.rank, r.county_rank, r.county_code, r.county_name ?? '', r.township, ...cols.map((c) => r[c])]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
