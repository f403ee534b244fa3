// Teardown plans on PostgreSQL: the table and every statement the plan routes send for a county, in
// the store's catalog style (store/pg/queries.ts). Plans are keyed (county_code, id) and every
// statement binds county_code = $1, so that under Citus a county's plans live on its shard beside
// its ledger and fire results. Plan ids come from one sequence, unique across counties.
import type { Scope, Statement } from '../store/pg/queries.ts';
import { selectList } from '../store/pg/queries.ts';

const st = (name: string, scope: Scope, sql: string): Statement => ({ name, scope, sql });

const COUNTY_CODE = `county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$')`;

export const PLAN_TABLES_PER_COUNTY = ['teardown_plans', 'layer_ledger', 'layer_townships', 'result_encroachments', 'result_spacing'];

export function planSchemaSql(): string[] {
  return [
    `CREATE SEQUENCE IF NOT EXISTS teardown_plan_seq`,
    // json, not jsonb: a plan reads back with its keys in the order they were written, as from
    // DuckDB, so both stores answer with the same text. The counts the list shows are kept beside
    // it, so listing plans does not parse every document.
    `CREATE TABLE IF NOT EXISTS teardown_plans (${COUNTY_CODE}, id bigint NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL, updated_at timestamptz,
       metric_crs text, fire_run_id bigint, params json NOT NULL, plan json NOT NULL,
       scheduled integer NOT NULL, unscheduled integer NOT NULL, PRIMARY KEY (county_code, id))`,
    // A plan's records and the ledger states of its progress are read by id within the county.
    `CREATE INDEX IF NOT EXISTS layer_ledger_county_id ON layer_ledger (county_code, id)`,
  ];
}

// Seconds, as DuckDB's strftime gives them.
const TS = (c: string) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const day = (c: string) => `to_char(${c}, 'YYYY-MM-DD') AS ${c}`;

export const PQ = {
  planInsert: st('planInsert', 'county',
    `INSERT INTO teardown_plans (county_code, id, created_by, metric_crs, fire_run_id, params, plan, scheduled, unscheduled)
     VALUES ($1, nextval('teardown_plan_seq'), $2, $3, $4, $5::json, $6::json, $7, $8)
     RETURNING id::float8 AS id, ${TS('created_at')} AS created_at`),
  planGet: st('planGet', 'county',
    `SELECT id::float8 AS id, ${TS('created_at')} AS created_at, created_by, ${TS('updated_at')} AS updated_at, metric_crs,
       fire_run_id::float8 AS fire_run_id, plan::text AS plan
     FROM teardown_plans WHERE county_code = $1 AND id = $2`),
  planUpdate: st('planUpdate', 'county',
    `UPDATE teardown_plans SET plan = $3::json, scheduled = $4, unscheduled = $5, updated_at = now() WHERE county_code = $1 AND id = $2`),
  planList: st('planList', 'county',
    `SELECT id::float8 AS id, ${TS('created_at')} AS created_at, created_by, params::text AS params,
       scheduled::float8 AS scheduled, unscheduled::float8 AS unscheduled
     FROM teardown_plans WHERE county_code = $1 ORDER BY id DESC`),
  /** Pending records in fid order, the centre of each one's lon/lat box. */
  pendingLedger: st('pendingLedger', 'county',
    `SELECT id, township, area_m2, ${day('notice_on')}, ${day('deadline_on')}, (minx + maxx) / 2 AS lon, (miny + maxy) / 2 AS lat
     FROM layer_ledger WHERE county_code = $1 AND status = 'pending' ORDER BY fid`),
  ledgerOutlines: st('ledgerOutlines', 'county',
    `SELECT id, ST_AsBinary(geom) AS wkb FROM layer_ledger WHERE county_code = $1 AND id = ANY($2::text[])`),
  townshipNames: st('townshipNames', 'county',
    `SELECT name AS t FROM layer_townships WHERE county_code = $1 AND name IS NOT NULL
     UNION SELECT DISTINCT township FROM layer_ledger WHERE county_code = $1 AND township IS NOT NULL`),
  fireEncroachments: st('fireEncroachments', 'county',
    `SELECT building_id, blocked FROM result_encroachments WHERE county_code = $1 AND run_id = $2`),
  fireSpacing: st('fireSpacing', 'county',
    `SELECT building_id, violations FROM result_spacing WHERE county_code = $1 AND run_id = $2`),
  ledgerStates: st('ledgerStates', 'county',
    `SELECT id, status, to_char(demolished_on, 'YYYY-MM-DD') AS d FROM layer_ledger WHERE county_code = $1 AND id = ANY($2::text[])`),
  /** Township names in byte order, as DuckDB orders text, whatever the database's collation. */
  demolishedByTownshipMonth: st('demolishedByTownshipMonth', 'county',
    `SELECT township, to_char(demolished_on, 'YYYY-MM') AS month, count(*)::float8 AS records, sum(coalesce(area_m2, 0)) AS area_m2
     FROM layer_ledger WHERE county_code = $1 AND status = 'demolished' AND demolished_on IS NOT NULL
     GROUP BY 1, 2 ORDER BY month, township COLLATE "C"`),
  ledgerFeatures: st('ledgerFeatures', 'county',
    `SELECT ${selectList('ledger')} FROM layer_ledger WHERE county_code = $1 AND id = ANY($2::text[])`),
} as const;

export function planCatalog(): Statement[] {
  return Object.values(PQ);
}
