// Where check runs live: one row per run (who, when, parameters, the layer versions it read, its
// whole JSON document) and the result rows, which tiles, summaries and CSV read by run id. The
// result tables are declared by each check (service/checks/registry/).
import { CHECK_LIST } from '../checks/registry/index.ts';
import { resultTableDdl } from '../checks/registry/sql.ts';

export const RUNS_SQL = [
  `CREATE SEQUENCE IF NOT EXISTS check_run_seq`,
  `CREATE TABLE IF NOT EXISTS check_runs (
     id BIGINT PRIMARY KEY, "check" VARCHAR NOT NULL, batch VARCHAR, status VARCHAR NOT NULL,
     params JSON, layer_versions JSON, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
     run_by VARCHAR, error VARCHAR, document JSON
   )`,
  ...CHECK_LIST.flatMap((c) => c.tables.map((t) => resultTableDdl(t))),
];
