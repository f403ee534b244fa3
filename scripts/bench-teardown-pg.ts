// Times teardown planning, the county bulletin and the province report on PostgreSQL, on the large
// county (var/large, read, never regenerated) shaped as scripts/bench-teardown.ts shapes it for
// DuckDB, so the two benchmarks' figures stand side by side.
//   tsx scripts/bench-teardown-pg.ts [--dir var/large]
// Setup (not timed): a throwaway cluster (test/kit/pg-cluster.ts), townships, ledger and patches
// loaded into county 330723; 30,000 of the ledger pending, 80 % of those with a notice and a past
// deadline; a fire run marking 5 % of the ledger encroaching (a third blocking) and 5 % spacing
// violations; verdicts on three patches in four. Timed: POST's read + plan + store through the
// PgPlans store, the busiest month's county bulletin and the province report (median of 5).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPgCluster } from '../test/kit/pg-cluster.ts';
import { PgStore } from '../service/store/pg/index.ts';
import { loadLayerFile } from '../service/datasets/load.ts';
import { openProvinceTeardown } from '../service/province/teardown-routes.ts';
import { createRun } from '../service/province/runs.ts';
import { PgPlans } from '../service/province/plans-pg.ts';
import { pgBulletin } from '../service/province/bulletin-pg.ts';
import { provinceMonthly } from '../service/province/report.ts';
import { planSource } from '../service/teardown/records.ts';
import { planTeardown } from '../service/teardown/plan.ts';
import { bulletinOf } from '../service/reports/monthly-data.ts';
import type { LayerName } from '../service/layers/schema.ts';

const { values } = parseArgs({ options: { dir: { type: 'string', default: '/work/main/var/large' } } });
const dir = existsSync(values.dir!) ? values.dir! : 'var/large';
if (!existsSync(join(dir, 'ledger.parquet'))) throw new Error(`no large county at ${dir}: run npm run generate:large first`);

const secs = (t: number) => ((performance.now() - t) / 1000).toFixed(2);
const cpuOf = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1e6).toFixed(2);
const median5 = async (fn: () => Promise<unknown>) => {
  await fn(); // warm: plans and caches
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await fn();
    runs.push((performance.now() - t) / 1000);
  }
  return runs.sort((a, b) => a - b)[2];
};

const cluster = await startPgCluster();
const store = await PgStore.open(cluster.url);
try {
  await openProvinceTeardown(store); // the plan, field and run tables
  const county = await store.addCounty('330723', '武义县');
  for (const layer of ['townships', 'ledger', 'patches'] as LayerName[]) {
    const t = performance.now();
    const r = await loadLayerFile(county, join(dir, `${layer}.parquet`), { layer, user: 'bench', allowRejects: true });
    console.log(`setup: ${layer} ${r.feature_count.toLocaleString('en')} features in ${secs(t)} s`);
  }
  await county.setDatasetParams({ metric_crs: 'EPSG:4549', baseline_on: '2013-04-01' });
  const sql = (text: string, params: unknown[] = []) => store.pool.query(text, params);
  await sql(`UPDATE layer_ledger SET status = CASE WHEN fid <= 30000 THEN 'pending' WHEN fid % 2 = 0 THEN 'demolished' ELSE 'retained' END,
    demolished_on = CASE WHEN fid > 30000 AND fid % 2 = 0 THEN DATE '2024-01-01' + (fid % 700)::int ELSE NULL END WHERE county_code = $1`, ['330723']);
  await sql(`UPDATE layer_ledger SET notice_on = DATE '2024-06-01', deadline_on = DATE '2024-06-16' + (fid % 200)::int
    WHERE county_code = $1 AND status = 'pending' AND fid % 5 <> 0`, ['330723']);
  const run = await createRun(store.pool, '330723', null, 'fire', {}, 'bench');
  await sql(`UPDATE check_runs SET status = 'done', phase = 'done', started_at = now(), finished_at = now(), layer_versions = '{}' WHERE county_code = $1 AND id = $2`, ['330723', run]);
  await sql(`INSERT INTO result_encroachments (county_code, run_id, row_no, building_id, lane_id, encroach_area_m2, distance_m, remaining_width_m, blocked)
    SELECT $1, $2, row_number() OVER (), id, 'FL', 5, 0, 2, fid % 3 = 0 FROM layer_ledger WHERE county_code = $1 AND fid % 20 = 1`, ['330723', run]);
  await sql(`INSERT INTO result_spacing (county_code, run_id, row_no, building_id, neighbor_id, neighbor_layer, spacing_m, required_m, violations)
    SELECT $1, $2, row_number() OVER (), id, 'N', 'footprints', 3, 6, 1 FROM layer_ledger WHERE county_code = $1 AND fid % 20 = 7`, ['330723', run]);
  await sql(`INSERT INTO patch_verdicts (county_code, seq, batch, id, verdict, decided_by)
    SELECT $1, nextval('field_seq'), batch, id, (ARRAY['legal', 'illegal', 'false_change'])[1 + fid % 3], 'bench' FROM layer_patches WHERE county_code = $1 AND fid % 4 <> 0`, ['330723']);
  await sql('ANALYZE');

  const plans = new PgPlans(store.pool, store.reads, county);
  const crews = Array.from({ length: 10 }, (_, i) => ({ name: `组${i + 1}`, m2_per_day: 3000 }));
  const params = { from: '2026-12-03', weeks: 52, weekdays: ['thu' as const], crews, require_notice: true };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const source = await planSource(plans);
  const tRead = secs(t0);
  const t1 = performance.now();
  const plan = planTeardown(source.records, params);
  const tPlan = secs(t1);
  const t2 = performance.now();
  const saved = await plans.save(plan, { user: 'bench', metric_crs: source.metric_crs, fire_run_id: source.fire_run_id });
  const tSave = secs(t2);
  const total = (performance.now() - t0) / 1000;
  const scheduled = plan.days.reduce((n, d) => n + d.items.length, 0);
  console.log(`plan: ${source.records.length.toLocaleString('en')} pending, ${plan.days.length} crew-days, ${scheduled.toLocaleString('en')} scheduled, ${plan.unscheduled.length.toLocaleString('en')} unscheduled`);
  console.log(`plan: read ${tRead} s + plan ${tPlan} s + store ${tSave} s = ${total.toFixed(2)} s wall; this process's CPU ${cpuOf(process.cpuUsage(cpu0))} s`);
  const tGet = await median5(() => plans.get(saved.id));
  const tList = await median5(() => plans.list());
  console.log(`plan: get median ${tGet.toFixed(3)} s, list median ${tList.toFixed(3)} s (${(JSON.stringify(saved).length / 1e6).toFixed(1)} MB document)`);

  const m = await sql(`SELECT to_char(detected_on, 'YYYY-MM') AS m, count(*) AS n FROM layer_patches WHERE county_code = $1 GROUP BY 1 ORDER BY 2 DESC LIMIT 1`, ['330723']);
  const month = m.rows[0].m as string;
  const b = await bulletinOf(pgBulletin(store.reads, county), month);
  console.log(`bulletin ${month}: ${b.rows.length} townships, ${b.totals.patches} patches, ${b.totals.demolished} demolished`);
  console.log(`bulletin: median of 5 ${(await median5(() => bulletinOf(pgBulletin(store.reads, county), month))).toFixed(3)} s`);
  console.log(`province report (one county): median of 5 ${(await median5(() => provinceMonthly(store.pool, month, null))).toFixed(3)} s`);
} finally {
  await store.close();
  await cluster.stop();
}
