// Every statement of check runs on PostgreSQL, in the store's catalog style (store/pg/queries.ts):
// per-county statements bind county_code as $1, so that under Citus each is routed to the shard
// of that county; province statements span counties on purpose (a province run's status, the
// monthly ranking) and name the counties they read. test/province/catalog.test.ts holds every
// statement here to that rule and plans each one.
import type { Scope, Statement } from '../store/pg/queries.ts';
import { ident } from '../store/db.ts';
import type { SomeTable } from '../checks/registry/index.ts';
import { RESULT_TABLES, pgColumnType, pgResultTable } from './schema.ts';

const st = (name: string, scope: Scope, sql: string): Statement => ({ name, scope, sql });

const RUN_COLUMNS = `county_code, id::float8 AS id, province_run::float8 AS province_run, "check", batch, status, phase,
  done::float8 AS done, total::float8 AS total, attempts, params::text AS params, layer_versions::text AS layer_versions,
  to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at, run_by, error,
  (document -> 'warnings')::text AS warnings`;

export const RQ = {
  provinceRunInsert: st('provinceRunInsert', 'province',
    `INSERT INTO province_runs ("check", params, counties, requested_by) VALUES ($1, $2::json, $3::text[], $4)
     RETURNING id::float8 AS id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`),
  provinceRunGet: st('provinceRunGet', 'province',
    `SELECT id::float8 AS id, "check", params::text AS params, counties, requested_by,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
     FROM province_runs WHERE id = $1`),
  /** The county runs of a province run: the counties are named, so each shard is asked for its own. */
  provinceRunCounties: st('provinceRunCounties', 'province',
    `SELECT ${RUN_COLUMNS} FROM check_runs WHERE county_code = ANY($1::text[]) AND province_run = $2 ORDER BY county_code`),
  runInsert: st('runInsert', 'county',
    `INSERT INTO check_runs (county_code, id, province_run, "check", status, phase, params, run_by)
     VALUES ($1, nextval('check_run_seq'), $2, $3, 'queued', 'queued', $4::json, $5) RETURNING id::float8 AS id`),
  runGet: st('runGet', 'county', `SELECT ${RUN_COLUMNS} FROM check_runs WHERE county_code = $1 AND id = $2`),
  /** An attempt begins: a retried job counts its attempts and clears the last one's error. */
  runStart: st('runStart', 'county',
    `UPDATE check_runs SET status = 'running', phase = 'reading', done = 0, total = 0, attempts = attempts + 1,
       started_at = now(), finished_at = NULL, error = NULL
     WHERE county_code = $1 AND id = $2 AND status <> 'done' RETURNING attempts`),
  runProgress: st('runProgress', 'county',
    `UPDATE check_runs SET phase = $3, done = $4, total = $5 WHERE county_code = $1 AND id = $2 AND status = 'running'`),
  runDone: st('runDone', 'county',
    `UPDATE check_runs SET status = 'done', phase = 'done', finished_at = now(), batch = $3, params = $4::json, document = $5::json,
       layer_versions = $6::json
     WHERE county_code = $1 AND id = $2`),
  runFailed: st('runFailed', 'county',
    `UPDATE check_runs SET status = $3, phase = 'failed', finished_at = now(), error = $4
     WHERE county_code = $1 AND id = $2 AND status <> 'done'`),
  runLatest: st('runLatest', 'county',
    `SELECT ${RUN_COLUMNS} FROM check_runs WHERE county_code = $1 AND "check" = $2 AND status = 'done' ORDER BY id DESC LIMIT 1`),
  runLatestBatch: st('runLatestBatch', 'county',
    `SELECT ${RUN_COLUMNS} FROM check_runs WHERE county_code = $1 AND "check" = $2 AND status = 'done' AND batch = $3
     ORDER BY id DESC LIMIT 1`),
  runList: st('runList', 'county',
    `SELECT ${RUN_COLUMNS} FROM check_runs WHERE county_code = $1 ORDER BY id DESC LIMIT $2`),
  runListCheck: st('runListCheck', 'county',
    `SELECT ${RUN_COLUMNS} FROM check_runs WHERE county_code = $1 AND "check" = $2 ORDER BY id DESC LIMIT $3`),
  /** The latest finished run per check and batch ('' for none): what the summaries read. */
  runLatestIds: st('runLatestIds', 'county',
    `SELECT "check", coalesce(batch, '') AS batch, max(id)::float8 AS id FROM check_runs
     WHERE county_code = $1 AND status = 'done' GROUP BY "check", coalesce(batch, '')`),
  // The summaries' groups, as the DuckDB statements of runs/summaries.ts group them; text is
  // ordered by its bytes, as DuckDB orders it, whatever the database's collation.
  summaryStanding: st('summaryStanding', 'county',
    `SELECT coalesce(l.township, '') AS township, coalesce(r.class, '') AS class, l.status,
       count(*)::float8 AS count, sum(coalesce(r.area_m2, l.area_m2, 0)) AS area_m2
     FROM layer_ledger l LEFT JOIN result_ledger_class r ON r.county_code = $1 AND r.run_id = $2 AND r.id = l.id
     WHERE l.county_code = $1 AND l.status <> 'demolished'
     GROUP BY coalesce(l.township, ''), coalesce(r.class, ''), l.status
     ORDER BY coalesce(l.township, '') COLLATE "C", coalesce(r.class, '') COLLATE "C", l.status COLLATE "C"`),
  summaryFire: st('summaryFire', 'county',
    `WITH enc AS (SELECT * FROM result_encroachments WHERE county_code = $1 AND run_id = $2),
          sp AS (SELECT * FROM result_spacing WHERE county_code = $1 AND run_id = $2),
          twp AS (SELECT id, coalesce(township, '') AS township FROM layer_ledger WHERE county_code = $1)
     SELECT t.township,
            count(DISTINCT enc.building_id)::float8 AS buildings_on_lanes,
            count(DISTINCT CASE WHEN enc.blocked THEN enc.lane_id END)::float8 AS blocked_lanes,
            count(DISTINCT sp.building_id)::float8 AS spacing_violations
     FROM twp t LEFT JOIN enc ON enc.building_id = t.id LEFT JOIN sp ON sp.building_id = t.id
     GROUP BY t.township HAVING count(enc.building_id) + count(sp.building_id) > 0 ORDER BY t.township COLLATE "C"`),
  summaryBatches: st('summaryBatches', 'county',
    `SELECT batch, class, count(*)::float8 AS count, sum(area_m2) AS area_m2 FROM result_patches
     WHERE county_code = $1 AND run_id = ANY($2::bigint[]) GROUP BY batch, class ORDER BY batch COLLATE "C", class COLLATE "C"`),
  runDocument: st('runDocument', 'county', `SELECT document::text AS d FROM check_runs WHERE county_code = $1 AND id = $2`),
  /** Progress to every node: LISTEN gt_run_progress. Touches no table. */
  notify: st('notify', 'session', `SELECT pg_notify('gt_run_progress', $1)`),
} as const;

export const PROGRESS_CHANNEL = 'gt_run_progress';

/** A result table's statements: one run's rows are deleted, inserted and counted by (county, run). */
export function resultStatements(t: SomeTable): { del: Statement; insert: Statement; count: Statement } {
  const table = pgResultTable(t);
  const cols = t.columns.map(([name]) => ident(name));
  const record = ['row_no integer', ...t.columns.map(([name, type]) => `${ident(name)} ${pgColumnType(type)}`)].join(', ');
  return {
    del: st(`${t.sqlName}.delete`, 'county', `DELETE FROM ${table} WHERE county_code = $1 AND run_id = $2`),
    // The rows travel as one JSON array (a JSON list becomes a text[]), a chunk per statement.
    insert: st(`${t.sqlName}.insert`, 'county',
      `INSERT INTO ${table} (county_code, run_id, row_no, ${cols.join(', ')})
       SELECT $1, $2, r.row_no, ${cols.map((c) => `r.${c}`).join(', ')} FROM json_to_recordset($3::json) AS r(${record})`),
    count: st(`${t.sqlName}.count`, 'county', `SELECT count(*)::float8 AS n FROM ${table} WHERE county_code = $1 AND run_id = $2`),
  };
}

/** Every statement here, for the catalog test (the report's aggregate comes from report.ts). */
export function runCatalog(): Statement[] {
  return [...Object.values(RQ), ...RESULT_TABLES.flatMap((t) => Object.values(resultStatements(t)))];
}
