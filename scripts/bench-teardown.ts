// Times teardown planning and the monthly bulletin on the large county (var/large from
// scripts/generate-county.ts; it is read, never regenerated here).
//   npm run bench:teardown -- [--dir var/large] [--with-footprints]
// Setup (not timed): ledger, patches and townships load into a temporary DuckDB file; the ledger
// is made 30,000 pending of ~50,000 (the rest demolished or retained), 80 % of the pending get a
// notice and a past deadline, and a fire run marks 5 % of the ledger as encroaching (a third of
// those blocking), 5 % as spacing violations. Patches get verdicts. Footprints (1M) are loaded
// only with --with-footprints: the bulletin does not read them.
// Targets: a plan over 52 weeks with 10 crews ≤ 3 s (read + plan + store, as POST does); the
// bulletin of the busiest month ≤ 1 s. CPU seconds are printed beside wall seconds because a
// shared machine's wall time says more about its load than about the code.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Store } from '../service/store/index.ts';
import { loadLayerFile } from '../service/datasets/load.ts';
import { createApp } from '../service/app.ts';
import { loadPlanSource } from '../service/teardown/records.ts';
import { planTeardown } from '../service/teardown/plan.ts';
import { savePlan } from '../service/teardown/plans-store.ts';
import { monthlyBulletin } from '../service/reports/monthly-data.ts';
import type { LayerName } from '../service/layers/schema.ts';

const { values } = parseArgs({ options: { dir: { type: 'string', default: '/work/main/var/large' }, 'with-footprints': { type: 'boolean', default: false } } });
const dir = existsSync(values.dir!) ? values.dir! : 'var/large';
if (!existsSync(join(dir, 'ledger.parquet'))) throw new Error(`no large county at ${dir}: run npm run generate:large first`);

const tmp = mkdtempSync(join(tmpdir(), 'gt-bench-teardown-'));
const store = await Store.open(join(tmp, 'bench.duckdb'));
const secs = (t: number) => ((performance.now() - t) / 1000).toFixed(2);
try {
  await createApp(store); // every part's tables
  const layers: LayerName[] = ['townships', 'ledger', 'patches', ...(values['with-footprints'] ? (['footprints'] as const) : [])];
  for (const layer of layers) {
    const t = performance.now();
    const r = await loadLayerFile(store, join(dir, `${layer}.parquet`), { layer, user: 'bench', allowRejects: true });
    console.log(`setup: ${layer} ${r.feature_count.toLocaleString('en')} features in ${secs(t)} s`);
  }
  await store.setDatasetParams({ metric_crs: 'EPSG:4549', baseline_on: '2013-04-01' });
  // Deterministic shaping by fid (hash-like spread with modular arithmetic).
  await store.all(`UPDATE layer_ledger SET status = CASE WHEN fid <= 30000 THEN 'pending' WHEN fid % 2 = 0 THEN 'demolished' ELSE 'retained' END,
    demolished_on = CASE WHEN fid > 30000 AND fid % 2 = 0 THEN DATE '2024-01-01' + CAST(fid % 700 AS INTEGER) ELSE NULL END`);
  await store.all(`UPDATE layer_ledger SET notice_on = DATE '2024-06-01', deadline_on = DATE '2024-06-16' + CAST(fid % 200 AS INTEGER)
    WHERE status = 'pending' AND fid % 5 <> 0`);
  await store.all(`INSERT INTO check_runs (id, "check", status, started_at, finished_at, run_by, layer_versions) VALUES (nextval('check_run_seq'), 'fire', 'done', now(), now(), 'bench', '{}')`);
  await store.all(`INSERT INTO result_encroachments SELECT (SELECT max(id) FROM check_runs), id, 'FL', 5, 0, 2, fid % 3 = 0 FROM layer_ledger WHERE fid % 20 = 1`);
  await store.all(`INSERT INTO result_spacing SELECT (SELECT max(id) FROM check_runs), id, 'N', 'footprints', 3, 6, 1 FROM layer_ledger WHERE fid % 20 = 7`);
  await store.all(`INSERT INTO patch_verdicts SELECT nextval('field_seq'), batch, id, ['legal', 'illegal', 'false_change'][1 + fid % 3], NULL, 'bench', now(), NULL, NULL FROM layer_patches WHERE fid % 4 <> 0`);
  const counts = await store.all(`SELECT count(*) AS n, count(*) FILTER (WHERE status = 'pending') AS pending FROM layer_ledger`);
  console.log(`setup: ledger ${Number(counts[0].n).toLocaleString('en')} records, ${Number(counts[0].pending).toLocaleString('en')} pending`);

  // --- planning
  const crews = Array.from({ length: 10 }, (_, i) => ({ name: `组${i + 1}`, m2_per_day: 3000 }));
  const params = { from: '2026-12-03', weeks: 52, weekdays: ['thu' as const], crews, require_notice: true };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const source = await loadPlanSource(store);
  const tRead = secs(t0);
  const t1 = performance.now();
  const cpuPlan0 = process.cpuUsage();
  const plan = planTeardown(source.records, params);
  const cpuPlan = process.cpuUsage(cpuPlan0);
  const tPlan = `${secs(t1)} (CPU ${((cpuPlan.user + cpuPlan.system) / 1e6).toFixed(2)})`;
  const t2 = performance.now();
  await savePlan(store, plan, { user: 'bench', metric_crs: source.metric_crs, fire_run_id: source.fire_run_id });
  const tSave = secs(t2);
  const total = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const scheduled = plan.days.reduce((n, d) => n + d.items.length, 0);
  console.log(`plan: ${source.records.length.toLocaleString('en')} pending, ${plan.days.length} crew-days, ${scheduled.toLocaleString('en')} scheduled, ${plan.unscheduled.length.toLocaleString('en')} unscheduled`);
  console.log(`plan: read ${tRead} s + plan ${tPlan} s + store ${tSave} s = ${total.toFixed(2)} s wall (target ≤ 3 s) ${total <= 3 ? 'OK' : 'OVER'}; this process's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (DuckDB threads included)`);

  // --- bulletin, busiest month of patches
  const m = await store.all(`SELECT strftime(detected_on, '%Y-%m') AS m, count(*) AS n FROM layer_patches GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const month = m[0].m as string;
  await monthlyBulletin(store, month); // warm: first queries compile
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const b = await monthlyBulletin(store, month);
    runs.push((performance.now() - t) / 1000);
    if (i === 0) console.log(`bulletin ${month}: ${b.rows.length} townships, ${b.totals.patches} patches, ${b.totals.demolished} demolished`);
  }
  const median = runs.sort((a, b) => a - b)[2];
  console.log(`bulletin: median of 5 ${median.toFixed(3)} s, first-after-warm ${runs[0].toFixed(3)} s (target ≤ 1 s) ${median <= 1 ? 'OK' : 'OVER'}`);
} finally {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
}
