// Check 3 of docs/spec/checks.md in SQL: nearest serving station per demand unit (KNN <->),
// coverage by each station's own radius, landfill setback, utilisation, and the greedy maximal
// covering siting run as a loop from TypeScript (one small query per step).
// Results: temp tables gt_demand, gt_station_use, gt_siting (ord, id, gain_tpd).
import type pg from 'pg';
import type { CheckParams } from './params.ts';
import { num, runAll } from './sql-util.ts';

/** CJJ/T 47-2016 separation by capacity class. */
const SEPARATION = `CASE WHEN capacity_tpd < 150 THEN 10 WHEN capacity_tpd <= 450 THEN 15 ELSE 30 END`;

export interface CoverageCounts {
  demand: number;
  uncovered: number;
  in_setback: number;
  overloaded: number;
  feasible_candidates: number;
  chosen: number;
  covered_tpd_before: number;
  covered_tpd_after: number;
  [key: string]: number;
}

async function greedySiting(client: pg.Client, k: number): Promise<void> {
  for (let step = 1; step <= k; step++) {
    // Gain = demand newly covered; ties by smaller id; zero-gain steps still take a site.
    const { rows } = await client.query<{ id: string; gain: number }>(
      `SELECT c.id, coalesce(sum(d.demand_tpd) FILTER (WHERE NOT d.covered_now), 0)::double precision AS gain
       FROM gt_feasible c
       LEFT JOIN gt_cand_cover cc ON cc.cand_id = c.id
       LEFT JOIN gt_demand d ON d.fid = cc.demand_fid
       WHERE c.id NOT IN (SELECT id FROM gt_siting)
       GROUP BY c.id ORDER BY gain DESC, c.id COLLATE "C" LIMIT 1`,
    );
    if (rows.length === 0) return;
    await client.query('INSERT INTO gt_siting VALUES ($1, $2, $3)', [step, rows[0].id, rows[0].gain]);
    await client.query(
      `UPDATE gt_demand SET covered_now = true
       WHERE NOT covered_now AND fid IN (SELECT demand_fid FROM gt_cand_cover WHERE cand_id = $1)`,
      [rows[0].id],
    );
  }
}

export async function runCoverageSql(client: pg.Client, p: CheckParams): Promise<CoverageCounts> {
  const radius = num(p.service_radius_m);
  await runAll(client, [
    'DROP TABLE IF EXISTS gt_serving, gt_demand, gt_station_use, gt_feasible, gt_cand_cover, gt_siting',
    `CREATE TEMP TABLE gt_serving AS
       SELECT id, geom_m, capacity_tpd, coalesce(service_radius_m, ${radius}) AS radius
       FROM transfer_stations WHERE status IN ('operating', 'upgrading')`,
    'CREATE INDEX ON gt_serving USING gist (geom_m)',
    'ANALYZE gt_serving',
    `CREATE TEMP TABLE gt_demand AS
       SELECT d.fid, d.id, d.population, pt,
              coalesce(d.waste_tpd, d.population * ${num(p.per_capita_kg)} / 1000) AS demand_tpd,
              near.id AS station_id, near.distance_m,
              EXISTS (SELECT 1 FROM gt_serving s
                      WHERE ST_DWithin(s.geom_m, pt, (SELECT coalesce(max(radius), 0) FROM gt_serving))
                        AND ST_Distance(s.geom_m, pt) <= s.radius) AS covered,
              EXISTS (SELECT 1 FROM landfills l
                      WHERE l.status <> 'closed' AND ST_DWithin(l.geom_m, pt, ${num(p.landfill_setback_m)})
                        AND ST_Distance(l.geom_m, pt) < ${num(p.landfill_setback_m)}) AS in_landfill_setback
       FROM (SELECT *, ST_PointOnSurface(geom_m) AS pt FROM demand) d
       LEFT JOIN LATERAL (
         SELECT s.id, ST_Distance(s.geom_m, d.pt) AS distance_m FROM gt_serving s
         ORDER BY s.geom_m <-> d.pt, s.id COLLATE "C" LIMIT 1) near ON true`,
    'ALTER TABLE gt_demand ADD COLUMN covered_now boolean',
    'UPDATE gt_demand SET covered_now = covered',
    'CREATE INDEX ON gt_demand USING gist (pt)',
    'ANALYZE gt_demand',
    `CREATE TEMP TABLE gt_station_use AS
       SELECT s.id, coalesce(sum(d.demand_tpd), 0) AS assigned_tpd, s.capacity_tpd,
              coalesce(sum(d.demand_tpd), 0) / s.capacity_tpd AS utilization,
              coalesce(sum(d.demand_tpd), 0) / s.capacity_tpd > 1 AS overloaded
       FROM gt_serving s LEFT JOIN gt_demand d ON d.station_id = s.id GROUP BY s.id, s.capacity_tpd`,
    `CREATE TEMP TABLE gt_feasible AS
       SELECT c.id, c.geom_m FROM candidates c
       WHERE NOT EXISTS (SELECT 1 FROM footprints f WHERE ST_DWithin(f.geom_m, c.geom_m, ${SEPARATION.replace(/capacity_tpd/g, 'c.capacity_tpd')}))
         AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.status <> 'demolished'
                           AND ST_DWithin(l.geom_m, c.geom_m, ${SEPARATION.replace(/capacity_tpd/g, 'c.capacity_tpd')}))
         AND NOT EXISTS (SELECT 1 FROM landfills f WHERE ST_Intersects(f.geom_m, c.geom_m))`,
    `CREATE TEMP TABLE gt_cand_cover AS
       SELECT c.id AS cand_id, d.fid AS demand_fid
       FROM gt_feasible c JOIN gt_demand d ON ST_DWithin(c.geom_m, d.pt, ${radius})`,
    'CREATE INDEX ON gt_cand_cover (cand_id)',
    'CREATE TEMP TABLE gt_siting (ord integer, id text, gain_tpd double precision)',
  ]);
  const { rows: before } = await client.query<{ t: number }>(
    'SELECT coalesce(sum(demand_tpd) FILTER (WHERE covered_now), 0)::double precision AS t FROM gt_demand',
  );
  await greedySiting(client, p.sites_to_choose);
  const { rows } = await client.query<Record<string, string | number>>(
    `SELECT (SELECT count(*) FROM gt_demand) AS demand,
            (SELECT count(*) FROM gt_demand WHERE NOT covered) AS uncovered,
            (SELECT count(*) FROM gt_demand WHERE in_landfill_setback) AS in_setback,
            (SELECT count(*) FROM gt_station_use WHERE overloaded) AS overloaded,
            (SELECT count(*) FROM gt_feasible) AS feasible_candidates,
            (SELECT count(*) FROM gt_siting) AS chosen,
            (SELECT coalesce(sum(demand_tpd) FILTER (WHERE covered_now), 0) FROM gt_demand)::double precision AS after`,
  );
  const r = rows[0];
  return {
    demand: +r.demand,
    uncovered: +r.uncovered,
    in_setback: +r.in_setback,
    overloaded: +r.overloaded,
    feasible_candidates: +r.feasible_candidates,
    chosen: +r.chosen,
    covered_tpd_before: before[0].t,
    covered_tpd_after: +r.after,
  };
}
