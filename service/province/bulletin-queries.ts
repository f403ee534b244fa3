// The county bulletin's queries on PostgreSQL (reports/monthly-data.ts has the DuckDB ones), in the
// store's catalog style: every statement binds county_code = $1, so under Citus a county's bulletin
// is read from its shard alone. The write-off and month rules are the DuckDB queries' own, and the
// province aggregate (report.ts) shares the fragments below, so the two agree.
import type { Scope, Statement } from '../store/pg/queries.ts';
import { NO_TOWNSHIP } from '../reports/monthly.ts';

const st = (name: string, scope: Scope, sql: string): Statement => ({ name, scope, sql });

export const BULLETIN_TABLES_PER_COUNTY = ['layer_patches', 'layer_ledger', 'layer_townships', 'patch_verdicts', 'ledger_updates', 'result_encroachments'];

/**
 * A text that is a real date YYYY-MM-DD as that date, else NULL (DuckDB's TRY_CAST): no error
 * for 2026-02-30 in a file's extra properties. Nested CASEs, since AND does not short-circuit.
 */
export function tryDate(text: string): string {
  const monthEnd = `extract(day FROM (substr(${text}, 1, 8) || '01')::date + interval '1 month' - interval '1 day')`;
  return `CASE WHEN ${text} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
    THEN CASE WHEN substr(${text}, 9, 2)::int <= ${monthEnd} THEN (${text})::date END END`;
}

/** The end of a teardown's reuse window: month arithmetic clamps to the month's end (08-31 + 6 = 02-28), as on DuckDB. */
export const reuseDeadline = (demolishedOn: string, months: string) => `(${demolishedOn} + make_interval(months => ${months}))::date`;

/**
 * Ids (with county_code) of ledger records whose demolition is a write-off (销号): the latest
 * update that made the record demolished was flagged so, or the file says so. `u` and `l` choose
 * the counties of ledger_updates and layer_ledger rows: `county_code = $1` for one county.
 */
export function writtenOffIds(u: string, l: string): string {
  return `SELECT county_code, id FROM (SELECT DISTINCT ON (county_code, id) county_code, id, written_off FROM ledger_updates
      WHERE ${u} AND status = 'demolished' AND (written_off OR previous_status IS DISTINCT FROM 'demolished')
      ORDER BY county_code, id, seq DESC) w WHERE w.written_off
    UNION SELECT county_code, id FROM layer_ledger WHERE ${l} AND (extra->>'written_off') = 'true'`;
}

/** Ledger ids written off in the month: by an update made in [$a, $b), or in the file and dated $c..$d. */
export function writtenOffInMonth(u: string, l: string, [a, b, c, d]: string[]): string {
  return `SELECT county_code, id FROM ledger_updates WHERE ${u} AND written_off AND updated_at >= ${a}::timestamptz AND updated_at < ${b}::timestamptz
    UNION SELECT county_code, id FROM layer_ledger WHERE ${l} AND (extra->>'written_off') = 'true'
      AND ${tryDate(`(extra->>'written_off_on')`)} BETWEEN ${c}::date AND ${d}::date`;
}

const T = `coalesce(township, '${NO_TOWNSHIP}')`;
const ONE = 'county_code = $1';

export const BQ = {
  /** $2 first day, $3 first day of the next month. */
  patches: st('bulletinPatches', 'county',
    `WITH v AS (SELECT DISTINCT ON (batch, id) batch, id, verdict FROM patch_verdicts WHERE county_code = $1 ORDER BY batch, id, seq DESC)
     SELECT coalesce(p.township, '${NO_TOWNSHIP}') AS township, count(*)::float8 AS patches,
       count(*) FILTER (WHERE v.verdict = 'legal')::float8 AS legal, count(*) FILTER (WHERE v.verdict = 'illegal')::float8 AS illegal,
       count(*) FILTER (WHERE v.verdict = 'false_change')::float8 AS false_change, count(*) FILTER (WHERE v.verdict IS NULL)::float8 AS undecided
     FROM layer_patches p LEFT JOIN v ON v.batch = p.batch AND v.id = p.id
     WHERE p.county_code = $1 AND p.detected_on >= $2::date AND p.detected_on < $3::date GROUP BY 1`),
  /** $2, $3 the month; $4 the baseline. */
  newViolations: st('bulletinNewViolations', 'county',
    `SELECT ${T} AS township, count(*)::float8 AS new_violations FROM layer_ledger
     WHERE county_code = $1 AND recorded_on >= $2::date AND recorded_on < $3::date AND coalesce(built_on, recorded_on) >= $4::date GROUP BY 1`),
  demolished: st('bulletinDemolished', 'county',
    `SELECT ${T} AS township, count(*)::float8 AS demolished, sum(coalesce(area_m2, 0)) AS demolished_m2 FROM layer_ledger
     WHERE county_code = $1 AND status = 'demolished' AND demolished_on >= $2::date AND demolished_on < $3::date
       AND id NOT IN (SELECT id FROM (${writtenOffIds(ONE, ONE)}) w) GROUP BY 1`),
  /** $2 months of the window, $3 the month's last day. */
  reuse: st('bulletinReuse', 'county',
    `SELECT ${T} AS township, sum(coalesce(area_m2, 0)) AS reuse_due_m2,
       sum(coalesce(area_m2, 0)) FILTER (WHERE reuse IS NOT NULL AND reuse <> 'idle' AND reuse_on <= ${reuseDeadline('demolished_on', '$2::int')}) AS reused_m2
     FROM layer_ledger
     WHERE county_code = $1 AND status = 'demolished' AND ${reuseDeadline('demolished_on', '$2::int')} <= $3::date
       AND id NOT IN (SELECT id FROM (${writtenOffIds(ONE, ONE)}) w) GROUP BY 1`),
  /** $2, $3 the month's bounds as times; $4, $5 its first and last day. */
  writtenOff: st('bulletinWrittenOff', 'county',
    `SELECT ${T} AS township, count(*)::float8 AS written_off FROM layer_ledger
     WHERE county_code = $1 AND id IN (SELECT id FROM (${writtenOffInMonth(ONE, ONE, ['$2', '$3', '$4', '$5'])}) w) GROUP BY 1`),
  /** $2 the latest fire run. */
  fireLanes: st('bulletinFireLanes', 'county',
    `SELECT ${T} AS township, count(*)::float8 AS fire_lane_remaining FROM layer_ledger
     WHERE county_code = $1 AND status <> 'demolished'
       AND id IN (SELECT building_id FROM result_encroachments WHERE county_code = $1 AND run_id = $2) GROUP BY 1`),
  townships: st('bulletinTownships', 'county', `SELECT name FROM layer_townships WHERE county_code = $1 AND name IS NOT NULL`),
} as const;

export function bulletinCatalog(): Statement[] {
  return Object.values(BQ);
}
