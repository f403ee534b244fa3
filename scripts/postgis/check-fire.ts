// Check 2 of docs/spec/checks.md in SQL: fire-lane encroachment (flat-ended corridors) and
// fire separation by GB 50016-2014 tables 5.2.2 / 3.4.1. Results: temp tables gt_fire_enc and
// gt_fire_spacing.
import type pg from 'pg';
import type { CheckParams } from './params.ts';
import { num, runAll } from './sql-util.ts';

/** The largest spacing the rule can ask: two enterprise grade-IV buildings, one high-rise: 13 + 4 + 4. */
export const MAX_REQUIRED_SPACING_M = 21;

/** Fire-resistance grade from `structure`: 1 = I/II (also unknown, the least strict), 3 = III, 4 = IV. */
const GRADE = `CASE structure WHEN 'brick' THEN 3 WHEN 'steel_shed' THEN 4 WHEN 'timber' THEN 4 WHEN 'simple' THEN 4 ELSE 1 END`;
/**
 * Shared edges in lon/lat come out up to ~1e-6 m apart after projection; like Groundtruth
 * (service/checks/ledger-rules.ts TOUCH_EPS_M) such pairs count as touching.
 */
const TOUCH_EPS_M = 1e-6;
/** Distances within 1 mm are ties (docs/spec/checks.md, Measuring). */
const TIE_EPS_M = 1e-3;
const HIGH_RISE = `(coalesce(floors >= 10, false) OR coalesce(height_m > 27, false))`;

/** Required spacing for a pair (a, b) as an immutable SQL function. */
const REQUIRED_FN = `
CREATE OR REPLACE FUNCTION pg_temp.gt_required(ua text, ga int, ha boolean, ub text, gb int, hb boolean)
RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN ua = 'enterprise' AND ub = 'enterprise' THEN
      (CASE WHEN ha OR hb THEN 13 ELSE 10 END)
      + (CASE ga WHEN 3 THEN 2 WHEN 4 THEN 4 ELSE 0 END)
      + (CASE gb WHEN 3 THEN 2 WHEN 4 THEN 4 ELSE 0 END)
    WHEN ha AND hb THEN 13
    WHEN ha THEN CASE gb WHEN 3 THEN 11 WHEN 4 THEN 14 ELSE 9 END
    WHEN hb THEN CASE ga WHEN 3 THEN 11 WHEN 4 THEN 14 ELSE 9 END
    ELSE CASE greatest(ga, gb) * 10 + least(ga, gb)
      WHEN 11 THEN 6 WHEN 31 THEN 7 WHEN 41 THEN 9 WHEN 33 THEN 8 WHEN 43 THEN 10 WHEN 44 THEN 12 END
  END::double precision
$$`;

export async function runFireSql(client: pg.Client, p: CheckParams): Promise<Record<string, number>> {
  const w = num(p.required_lane_width_m);
  await runAll(client, [
    'DROP TABLE IF EXISTS gt_corridor, gt_fire_enc, gt_bld, gt_fire_pairs, gt_fire_spacing',
    REQUIRED_FN,
    `CREATE TEMP TABLE gt_corridor AS
       SELECT id, geom_m, coalesce(width_m, ${w}) AS w,
              ST_Buffer(geom_m, coalesce(width_m, ${w}) / 2, 'endcap=flat join=round quad_segs=8') AS corridor
       FROM fire_lanes`,
    'CREATE INDEX ON gt_corridor USING gist (corridor)',
    'ANALYZE gt_corridor',
    `CREATE TEMP TABLE gt_fire_enc AS
       SELECT building_id, lane_id, encroach_area_m2, distance_m,
              CASE WHEN cut THEN 0 ELSE w / 2 + distance_m END AS remaining_width_m,
              (CASE WHEN cut THEN 0 ELSE w / 2 + distance_m END) < ${w} AS blocked
       FROM (
         SELECT b.id AS building_id, l.id AS lane_id, l.w,
                ST_Area(ST_Intersection(b.geom_m, l.corridor)) AS encroach_area_m2,
                ST_Distance(b.geom_m, l.geom_m) AS distance_m,
                ST_DWithin(b.geom_m, l.geom_m, ${TOUCH_EPS_M}) AS cut
         FROM ledger b JOIN gt_corridor l ON ST_Intersects(b.geom_m, l.corridor)
         WHERE b.status <> 'demolished') x
       WHERE encroach_area_m2 >= ${num(p.min_encroach_area_m2)}`,
    // Standing buildings of both layers with their grade and height class, one index.
    `CREATE TEMP TABLE gt_bld AS
       SELECT 'ledger'::text AS layer, id, geom_m, "use" AS use_, ${GRADE} AS grade, ${HIGH_RISE} AS high
       FROM ledger WHERE status <> 'demolished'
       UNION ALL
       SELECT 'footprints', id, geom_m, "use", ${GRADE}, ${HIGH_RISE} FROM footprints`,
    'CREATE INDEX ON gt_bld USING gist (geom_m)',
    'ANALYZE gt_bld',
    // Candidate pairs within the largest spacing, then the exact rule per pair.
    `CREATE TEMP TABLE gt_fire_pairs AS
       SELECT b.id AS building_id, n.id AS neighbor_id, n.layer AS neighbor_layer,
              ST_Distance(b.geom_m, n.geom_m) AS spacing_m,
              pg_temp.gt_required(b.use_, b.grade, b.high, n.use_, n.grade, n.high) AS required_m
       FROM gt_bld b JOIN gt_bld n
         ON ST_DWithin(b.geom_m, n.geom_m, ${MAX_REQUIRED_SPACING_M})
        AND NOT (n.layer = 'ledger' AND n.id = b.id)
        AND NOT ST_DWithin(b.geom_m, n.geom_m, ${TOUCH_EPS_M})
       WHERE b.layer = 'ledger'`,
    // Worst neighbour: largest required − spacing, then the nearer, then the smaller id, where
    // differences within 1 mm are ties (docs/spec/checks.md): keep the rows within 1 mm of the best margin,
    // then those within 1 mm of their nearest spacing, then take the smallest id.
    `CREATE TEMP TABLE gt_fire_spacing AS
       SELECT DISTINCT ON (building_id) building_id, neighbor_id, neighbor_layer, spacing_m, required_m, violations
       FROM (
         SELECT v.*, min(spacing_m) FILTER (WHERE top) OVER (PARTITION BY building_id) AS nearest_top
         FROM (
           SELECT *, required_m - spacing_m >= max(required_m - spacing_m) OVER (PARTITION BY building_id) - ${TIE_EPS_M} AS top,
                  count(*) OVER (PARTITION BY building_id) AS violations
           FROM gt_fire_pairs WHERE spacing_m < required_m - ${TOUCH_EPS_M}) v) x
       WHERE top AND spacing_m <= nearest_top + ${TIE_EPS_M}
       ORDER BY building_id, neighbor_id COLLATE "C", neighbor_layer`,
  ]);
  const { rows } = await client.query<{ enc: string; blocked: string; spacing: string; violations: string }>(
    `SELECT (SELECT count(*) FROM gt_fire_enc) AS enc, (SELECT count(*) FROM gt_fire_enc WHERE blocked) AS blocked,
            (SELECT count(*) FROM gt_fire_spacing) AS spacing, (SELECT coalesce(sum(violations), 0) FROM gt_fire_spacing) AS violations`,
  );
  const r = rows[0];
  return { encroachments: +r.enc, blocked: +r.blocked, spacing: +r.spacing, spacing_violations: +r.violations };
}
