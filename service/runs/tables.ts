// Where check runs live: one row per run (who, when, parameters, the layer versions it read, its
// whole JSON document) and the result rows, which tiles, summaries and CSV read by run id.
export const CHECKS = ['patches', 'fire', 'coverage'] as const;
export type CheckName = (typeof CHECKS)[number];

export function isCheckName(s: string): s is CheckName {
  return (CHECKS as readonly string[]).includes(s);
}

/** The layers each check reads: a change to any of them makes its results stale. */
export const CHECK_LAYERS = {
  patches: ['patches', 'permits', 'ledger'],
  fire: ['ledger', 'fire_lanes', 'footprints'],
  coverage: ['demand', 'transfer_stations', 'landfills', 'candidates', 'footprints', 'ledger', 'roads'],
} as const;

export const RUNS_SQL = [
  `CREATE SEQUENCE IF NOT EXISTS check_run_seq`,
  `CREATE TABLE IF NOT EXISTS check_runs (
     id BIGINT PRIMARY KEY, "check" VARCHAR NOT NULL, batch VARCHAR, status VARCHAR NOT NULL,
     params JSON, layer_versions JSON, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
     run_by VARCHAR, error VARCHAR, document JSON
   )`,
  `CREATE TABLE IF NOT EXISTS result_patches (
     run_id BIGINT, batch VARCHAR, id VARCHAR, class VARCHAR, overlap DOUBLE, ids VARCHAR[], area_m2 DOUBLE, township VARCHAR
   )`,
  `CREATE TABLE IF NOT EXISTS result_ledger_class (run_id BIGINT, id VARCHAR, class VARCHAR, area_m2 DOUBLE, status VARCHAR, township VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS result_encroachments (
     run_id BIGINT, building_id VARCHAR, lane_id VARCHAR, encroach_area_m2 DOUBLE, distance_m DOUBLE,
     remaining_width_m DOUBLE, blocked BOOLEAN
   )`,
  `CREATE TABLE IF NOT EXISTS result_spacing (
     run_id BIGINT, building_id VARCHAR, neighbor_id VARCHAR, neighbor_layer VARCHAR, spacing_m DOUBLE,
     required_m DOUBLE, violations INTEGER
   )`,
  `CREATE TABLE IF NOT EXISTS result_demand (
     run_id BIGINT, id VARCHAR, station_id VARCHAR, distance_m DOUBLE, covered BOOLEAN, demand_tpd DOUBLE,
     in_landfill_setback BOOLEAN, population DOUBLE, township VARCHAR
   )`,
  `CREATE TABLE IF NOT EXISTS result_stations (
     run_id BIGINT, id VARCHAR, assigned_tpd DOUBLE, capacity_tpd DOUBLE, utilization DOUBLE, overloaded BOOLEAN
   )`,
];
