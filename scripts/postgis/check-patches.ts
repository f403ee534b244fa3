// Check 1 of docs/spec/checks.md in SQL: classify the chosen batch's patches by the first rule
// whose union overlap reaches min_overlap. Results land in the temp table gt_patch_result
// (id, class, overlap, ids) and gt_ledger_class (id, class).
import type pg from 'pg';
import type { CheckParams } from './params.ts';
import { countBy, lit, num, runAll } from './sql-util.ts';

const RULE_CLASS = `CASE o.rule WHEN 1 THEN 'legal' WHEN 2 THEN 'stock' WHEN 3 THEN 'rebuilt' ELSE 'known_new' END`;

async function latestBatch(client: pg.Client): Promise<string | undefined> {
  const { rows } = await client.query<{ batch: string }>(
    `SELECT batch FROM patches ORDER BY detected_on DESC NULLS LAST, batch DESC LIMIT 1`,
  );
  return rows[0]?.batch;
}

export async function runPatchesSql(client: pg.Client, p: CheckParams): Promise<Record<string, number>> {
  const batch = p.batch ?? (await latestBatch(client)) ?? '';
  const baseline = lit(p.baseline_on);
  const min = num(p.min_overlap);
  await runAll(client, [
    'DROP TABLE IF EXISTS gt_cand, gt_p, gt_p_over, gt_patch_result, gt_ledger_class',
    // Every record that can decide a rule, tagged with the rule number it belongs to.
    `CREATE TEMP TABLE gt_cand AS
       SELECT 1 AS rule, id AS cid, geom_m FROM permits
       UNION ALL SELECT 1, 'ledger:' || id, geom_m FROM ledger WHERE status = 'permitted'
       UNION ALL SELECT CASE WHEN status = 'demolished' THEN 3
                             WHEN coalesce(built_on, recorded_on) < ${baseline}::date THEN 2
                             ELSE 4 END, id, geom_m
                 FROM ledger WHERE status <> 'permitted'`,
    'CREATE INDEX ON gt_cand USING gist (geom_m)',
    'ANALYZE gt_cand',
    `CREATE TEMP TABLE gt_p AS
       SELECT fid, id, change_type, geom_m, ST_Area(geom_m) AS area FROM patches WHERE batch = ${lit(batch)}`,
    // Overlap of P with the union of each rule's intersecting records, and their sorted ids.
    `CREATE TEMP TABLE gt_p_over AS
       SELECT p.fid, r.rule, r.overlap, r.ids
       FROM gt_p p CROSS JOIN LATERAL (
         SELECT c.rule,
                ST_Area(ST_Intersection(p.geom_m, ST_Union(c.geom_m))) / nullif(p.area, 0) AS overlap,
                array_agg(c.cid ORDER BY c.cid COLLATE "C") AS ids
         FROM gt_cand c WHERE ST_Intersects(p.geom_m, c.geom_m) GROUP BY c.rule) r
       WHERE p.change_type IS DISTINCT FROM 'removal'`,
    `CREATE TEMP TABLE gt_patch_result AS
       SELECT p.id, coalesce(d.class, 'new') AS class, coalesce(d.overlap, 0) AS overlap,
              coalesce(d.ids, '{}'::text[]) AS ids
       FROM gt_p p LEFT JOIN LATERAL (
         SELECT ${RULE_CLASS} AS class, o.overlap, o.ids FROM gt_p_over o
         WHERE o.fid = p.fid AND o.overlap >= ${min} ORDER BY o.rule LIMIT 1) d ON true
       WHERE p.change_type IS DISTINCT FROM 'removal'
       UNION ALL
       SELECT p.id, 'removal', coalesce(r.overlap, 0), coalesce(r.ids, '{}'::text[])
       FROM gt_p p CROSS JOIN LATERAL (
         SELECT ST_Area(ST_Intersection(p.geom_m, ST_Union(l.geom_m))) / nullif(p.area, 0) AS overlap,
                array_agg(l.id ORDER BY l.id COLLATE "C") AS ids
         FROM ledger l
         WHERE l.status <> 'demolished' AND ST_Intersects(p.geom_m, l.geom_m)
           AND ST_Area(ST_Intersection(p.geom_m, l.geom_m)) >= ${min} * p.area) r
       WHERE p.change_type = 'removal'`,
    `CREATE TEMP TABLE gt_ledger_class AS
       SELECT id, CASE WHEN coalesce(built_on, recorded_on) < ${baseline}::date THEN 'stock' ELSE 'new' END AS class
       FROM ledger`,
  ]);
  const classes = await countBy(client, 'SELECT class AS key, count(*) AS n FROM gt_patch_result GROUP BY class');
  const ledger = await countBy(client, `SELECT 'ledger_' || class AS key, count(*) AS n FROM gt_ledger_class GROUP BY class`);
  return { ...classes, ...ledger };
}
