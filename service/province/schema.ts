// Check runs and their results on PostgreSQL, derived from the check registry's descriptors as the
// DuckDB tables are (runs/tables.ts). Every table of a county's runs leads its primary key with
// county_code; result rows are keyed (county_code, run_id, row_no), so a run's rows are one index
// range that a retried job deletes and writes again. A province run (one check fanned out over
// counties) spans counties: it is a coordinator table under Citus, like the job queue's.
import { CHECK_LIST, type SomeTable } from '../checks/registry/index.ts';
import type { ColumnType } from '../checks/registry/types.ts';
import { ident } from '../store/db.ts';

const PG_TYPES: Record<ColumnType, string> = {
  text: 'text',
  double: 'double precision',
  integer: 'integer',
  boolean: 'boolean',
  'text[]': 'text[]',
};

export const pgColumnType = (t: ColumnType): string => PG_TYPES[t];

export const pgResultTable = (t: SomeTable): string => ident(`result_${t.sqlName}`);

const COUNTY_CODE = `county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$')`;

function resultDdl(t: SomeTable): string {
  const cols = t.columns.map(([name, type]) => `${ident(name)} ${PG_TYPES[type]}`);
  return `CREATE TABLE IF NOT EXISTS ${pgResultTable(t)} (${COUNTY_CODE}, run_id bigint NOT NULL, row_no integer NOT NULL,
    ${cols.join(', ')}, PRIMARY KEY (county_code, run_id, row_no))`;
}

/** Every result table of every check, in registry order. */
export const RESULT_TABLES: readonly SomeTable[] = CHECK_LIST.flatMap((c) => c.tables as readonly SomeTable[]);

/** Per-county tables these statements touch (the catalog test's list beside the store's). */
export const RUN_TABLES_PER_COUNTY = ['check_runs', ...RESULT_TABLES.map((t) => `result_${t.sqlName}`)];
export const RUN_TABLES_PROVINCE = ['province_runs'];

export function runSchemaSql(): string[] {
  return [
    // Run ids are unique across counties, so a run is found by its id alone in every county's URL.
    `CREATE SEQUENCE IF NOT EXISTS check_run_seq`,
    `CREATE TABLE IF NOT EXISTS province_runs (id bigserial PRIMARY KEY, "check" text NOT NULL, params json,
       counties text[] NOT NULL, requested_by text, created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS check_runs (${COUNTY_CODE}, id bigint NOT NULL, province_run bigint,
       "check" text NOT NULL, batch text, status text NOT NULL, phase text, done bigint NOT NULL DEFAULT 0,
       total bigint NOT NULL DEFAULT 0, attempts integer NOT NULL DEFAULT 0, params json, layer_versions json,
       created_at timestamptz NOT NULL DEFAULT now(), started_at timestamptz, finished_at timestamptz,
       run_by text, error text, document json, PRIMARY KEY (county_code, id))`,
    // The latest finished run of a check in a county: one descent of this index.
    `CREATE INDEX IF NOT EXISTS check_runs_county_latest ON check_runs (county_code, "check", status, id DESC)`,
    `CREATE INDEX IF NOT EXISTS check_runs_county_province ON check_runs (county_code, province_run)`,
    ...RESULT_TABLES.map(resultDdl),
  ];
}
