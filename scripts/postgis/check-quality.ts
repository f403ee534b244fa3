// Check 4 of docs/spec/checks.md in SQL: the ledger's data quality. Findings land in the temp
// table gt_quality, one row per record and kind, with every field any kind reports (null where a
// kind has none). Geometries are the loader's repaired EPSG:4549 copies (geom_m); a record whose
// repair has no area is an empty polygon there, with area 0.
import type pg from 'pg';
import type { CheckParams } from './params.ts';
import { countBy, lit, num, runAll } from './sql-util.ts';

const OPEN = `status IN ('pending', 'retained', 'deferred')`;
const ADDED_STOREY = `('added_storey', '违法加层')`;

async function defaultAsOf(client: pg.Client): Promise<string | null> {
  const { rows } = await client.query<{ d: string | null }>(
    `SELECT to_char(greatest((SELECT max(detected_on) FROM patches), (SELECT max(recorded_on) FROM ledger),
                             (SELECT max(demolished_on) FROM ledger)), 'YYYY-MM-DD') AS d`,
  );
  return rows[0]?.d ?? null;
}

export async function runQualitySql(client: pg.Client, p: CheckParams): Promise<Record<string, number>> {
  const asOf = p.as_of ?? (await defaultAsOf(client));
  const min = num(p.min_overlap);
  const tol = num(p.area_tolerance);
  const tolM2 = num(p.area_tolerance_m2);
  const iou = num(p.duplicate_iou);
  const large = num(p.large_area_m2);
  const after = (d: string) => (asOf ? `${d} > ${lit(asOf)}::date` : 'false');
  await runAll(client, [
    'DROP TABLE IF EXISTS gt_q_rec, gt_q_fp, gt_q_pt, gt_q_dup, gt_quality',
    `CREATE TEMP TABLE gt_q_rec AS
       SELECT id, status, violation_type, nullif(township, '') AS township, built_on, recorded_on, demolished_on,
              area_m2, floors, geom_m, CASE WHEN ST_Area(geom_m) > 1e-6 THEN ST_Area(geom_m) ELSE 0 END AS area,
              ${OPEN} AS open
       FROM ledger`,
    'CREATE INDEX ON gt_q_rec USING gist (geom_m)',
    'ANALYZE gt_q_rec',
    // Rules 1 and 2: overlap with the union of footprints, and the footprints sharing an area.
    `CREATE TEMP TABLE gt_q_fp AS
       SELECT r.id, coalesce(f.overlap, 0) AS overlap, coalesce(f.ids, '{}'::text[]) AS ids
       FROM gt_q_rec r LEFT JOIN LATERAL (
         SELECT CASE WHEN r.area > 0 THEN ST_Area(ST_Intersection(r.geom_m, ST_Union(fp.geom_m))) / r.area ELSE 0 END AS overlap,
                array_agg(fp.id ORDER BY fp.id COLLATE "C") FILTER (WHERE ST_Area(ST_Intersection(r.geom_m, fp.geom_m)) > 1e-6) AS ids
         FROM footprints fp WHERE ST_Intersects(r.geom_m, fp.geom_m)) f ON true
       WHERE (r.status = 'demolished' AND coalesce(r.violation_type, '') NOT IN ${ADDED_STOREY}) OR r.open`,
    `CREATE TEMP TABLE gt_q_pt AS
       SELECT r.id, coalesce(x.overlap, 0) AS overlap
       FROM gt_q_rec r JOIN gt_q_fp f ON f.id = r.id LEFT JOIN LATERAL (
         SELECT CASE WHEN r.area > 0 THEN ST_Area(ST_Intersection(r.geom_m, ST_Union(pa.geom_m))) / r.area ELSE 0 END AS overlap
         FROM patches pa WHERE pa.change_type IS DISTINCT FROM 'removal' AND ST_Intersects(r.geom_m, pa.geom_m)) x ON true
       WHERE r.open AND f.overlap < ${min}`,
    // Rule 4: pairs reported on the larger id.
    `CREATE TEMP TABLE gt_q_dup AS
       SELECT id, sid, inter / (ra + sa - inter) AS iou FROM (
         SELECT r.id, s.id AS sid, r.area AS ra, s.area AS sa, ST_Area(ST_Intersection(r.geom_m, s.geom_m)) AS inter
         FROM gt_q_rec r JOIN gt_q_rec s ON s.id COLLATE "C" < r.id COLLATE "C" AND ST_Intersects(r.geom_m, s.geom_m)
         WHERE r.area > 0 AND s.area > 0 AND least(r.area, s.area) / greatest(r.area, s.area) >= ${iou}) q
       WHERE inter / (ra + sa - inter) >= ${iou}`,
    `CREATE TEMP TABLE gt_quality (
       ledger_id text, kind text, township text, overlap double precision, ids text[], footprint_overlap double precision,
       patch_overlap double precision, declared double precision, drawn double precision, ratio double precision,
       other_id text, iou double precision, others text[], found text, problems text[])`,
    `INSERT INTO gt_quality (ledger_id, kind, township, overlap, ids)
       SELECT r.id, 'still_standing', r.township, f.overlap, f.ids FROM gt_q_rec r JOIN gt_q_fp f ON f.id = r.id
       WHERE r.status = 'demolished' AND coalesce(r.violation_type, '') NOT IN ${ADDED_STOREY} AND f.overlap >= ${min}`,
    `INSERT INTO gt_quality (ledger_id, kind, township, footprint_overlap, patch_overlap)
       SELECT r.id, 'not_seen', r.township, f.overlap, pt.overlap FROM gt_q_rec r JOIN gt_q_fp f ON f.id = r.id JOIN gt_q_pt pt ON pt.id = r.id
       WHERE pt.overlap < ${min}`,
    `INSERT INTO gt_quality (ledger_id, kind, township, declared, drawn, ratio)
       SELECT id, 'area_mismatch', township, area_m2, area, CASE WHEN area > 0 THEN area_m2 / area END FROM gt_q_rec
       WHERE area_m2 > 0 AND abs(area_m2 - area) > greatest(${tol} * area, ${tolM2})
         AND NOT (coalesce(floors, 0) >= 1 AND abs(area_m2 - area * floors) <= greatest(${tol} * area * floors, ${tolM2}))`,
    `INSERT INTO gt_quality (ledger_id, kind, township, other_id, iou, others)
       SELECT d.id, 'duplicate', r.township,
              (array_agg(d.sid ORDER BY d.iou DESC, d.sid COLLATE "C"))[1], max(d.iou),
              array_agg(d.sid ORDER BY d.sid COLLATE "C")
       FROM gt_q_dup d JOIN gt_q_rec r ON r.id = d.id GROUP BY d.id, r.township`,
    `INSERT INTO gt_quality (ledger_id, kind, township, found)
       SELECT r.id, 'township_mismatch', r.township, x.found FROM gt_q_rec r
       CROSS JOIN LATERAL (SELECT ST_PointOnSurface(r.geom_m) AS pt) s
       LEFT JOIN LATERAL (SELECT min(t.name COLLATE "C") AS found, bool_or(t.name = r.township) AS ok
                          FROM townships t WHERE ST_Covers(t.geom_m, s.pt)) x ON true
       WHERE r.township IS NOT NULL AND EXISTS (SELECT 1 FROM townships) AND NOT coalesce(x.ok, false)`,
    // Rule 6: the problems in code-point order of their names.
    `INSERT INTO gt_quality (ledger_id, kind, township, problems)
       SELECT id, 'dates', township, problems FROM (
         SELECT id, township, array_remove(ARRAY[
           CASE WHEN ${after('built_on')} THEN 'built_after_as_of' END,
           CASE WHEN built_on > recorded_on THEN 'built_after_recorded' END,
           CASE WHEN ${after('demolished_on')} THEN 'demolished_after_as_of' END,
           CASE WHEN demolished_on < built_on THEN 'demolished_before_built' END,
           CASE WHEN demolished_on < recorded_on THEN 'demolished_before_recorded' END,
           CASE WHEN status = 'demolished' AND demolished_on IS NULL THEN 'missing_demolished_on' END,
           CASE WHEN ${after('recorded_on')} THEN 'recorded_after_as_of' END,
           CASE WHEN status <> 'demolished' AND demolished_on IS NOT NULL THEN 'stray_demolished_on' END
         ], NULL) AS problems FROM gt_q_rec) q
       WHERE cardinality(problems) > 0`,
    `INSERT INTO gt_quality (ledger_id, kind, township, drawn)
       SELECT r.id, 'large_unverified', r.township, r.area FROM gt_q_rec r
       WHERE r.open AND r.area >= ${large} AND NOT EXISTS (SELECT 1 FROM patches pa WHERE ST_Intersects(r.geom_m, pa.geom_m))`,
  ]);
  return countBy(client, 'SELECT kind AS key, count(*) AS n FROM gt_quality GROUP BY kind');
}
