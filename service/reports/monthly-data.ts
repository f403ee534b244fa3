// The bulletin's counts, each one aggregate query over the stored layers, verdicts, ledger
// updates and the latest fire run; the month's bounds are bound parameters.
import type { Store } from '../store/index.ts';
import { latestRun } from '../runs/persist.ts';
import { monthRange, NO_TOWNSHIP, rankTownships, totalsOf, type MonthlyBulletin, type MonthlyColumn, type Tally } from './monthly.ts';

/** Stock/new cut-off when dataset.json does not set one (spec/checks.md). */
const DEFAULT_BASELINE = '2013-04-01';

async function hasColumn(store: Store, table: string, column: string): Promise<boolean> {
  const rows = await store.all(`SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = ?`, [table, column]);
  return rows.length > 0;
}

export async function monthlyBulletin(store: Store, month: string): Promise<MonthlyBulletin> {
  const range = monthRange(month);
  if (!range) throw new RangeError(`month must be YYYY-MM; got "${month}"`);
  const { from, to, next } = range;
  const tally: Tally = new Map();
  const add = (rows: Record<string, unknown>[]) => {
    for (const r of rows) {
      const t = (r.township as string | null) ?? NO_TOWNSHIP;
      let e = tally.get(t);
      if (!e) tally.set(t, (e = {}));
      for (const [k, v] of Object.entries(r)) if (k !== 'township' && v !== null) e[k as MonthlyColumn] = (e[k as MonthlyColumn] ?? 0) + Number(v);
    }
  };
  const T = `coalesce(township, '${NO_TOWNSHIP}')`;

  // Patches detected in the month, with their latest verdict.
  add(
    await store.all(
      `WITH v AS (SELECT batch, id, arg_max(verdict, seq) AS verdict FROM patch_verdicts GROUP BY batch, id)
       SELECT ${T} AS township, count(*) AS patches,
         count(*) FILTER (WHERE v.verdict = 'legal') AS legal, count(*) FILTER (WHERE v.verdict = 'illegal') AS illegal,
         count(*) FILTER (WHERE v.verdict = 'false_change') AS false_change, count(*) FILTER (WHERE v.verdict IS NULL) AS undecided
       FROM layer_patches p LEFT JOIN v USING (batch, id)
       WHERE p.detected_on >= CAST(? AS DATE) AND p.detected_on < CAST(? AS DATE) GROUP BY 1`,
      [from, next],
    ),
  );

  // New violations found: recorded in the month and built (or recorded) on or after the baseline.
  const params = await store.datasetParams();
  const baseline = typeof params.baseline_on === 'string' ? params.baseline_on : DEFAULT_BASELINE;
  add(
    await store.all(
      `SELECT ${T} AS township, count(*) AS new_violations FROM layer_ledger
       WHERE recorded_on >= CAST(? AS DATE) AND recorded_on < CAST(? AS DATE) AND coalesce(built_on, recorded_on) >= CAST(? AS DATE) GROUP BY 1`,
      [from, next, baseline],
    ),
  );

  add(
    await store.all(
      `SELECT ${T} AS township, count(*) AS demolished, sum(coalesce(area_m2, 0)) AS demolished_m2 FROM layer_ledger
       WHERE status = 'demolished' AND demolished_on >= CAST(? AS DATE) AND demolished_on < CAST(? AS DATE) GROUP BY 1`,
      [from, next],
    ),
  );

  // Write-offs: a written_off flag on a ledger update in the month where the store records them,
  // and written_off = true in the ledger's extra properties dated in the month by written_off_on.
  const fromUpdates = (await hasColumn(store, 'ledger_updates', 'written_off'))
    ? `SELECT id FROM ledger_updates WHERE written_off AND updated_at >= CAST(? AS TIMESTAMPTZ) AND updated_at < CAST(? AS TIMESTAMPTZ) UNION `
    : '';
  add(
    await store.all(
      `SELECT ${T} AS township, count(*) AS written_off FROM layer_ledger WHERE id IN (
         ${fromUpdates}SELECT id FROM layer_ledger WHERE json_extract_string(extra, '$.written_off') = 'true'
           AND TRY_CAST(json_extract_string(extra, '$.written_off_on') AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)) GROUP BY 1`,
      [...(fromUpdates ? [from, next] : []), from, to],
    ),
  );

  // Fire-lane records still standing, from the latest fire run.
  const fire = await latestRun(store, 'fire');
  if (fire) {
    add(
      await store.all(
        `SELECT ${T} AS township, count(*) AS fire_lane_remaining FROM layer_ledger
         WHERE status <> 'demolished' AND id IN (SELECT building_id FROM result_encroachments WHERE run_id = ?) GROUP BY 1`,
        [fire.id],
      ),
    );
  }

  const towns = await store.all(`SELECT name FROM layer_townships WHERE name IS NOT NULL`);
  const rows = rankTownships(tally, towns.map((r) => r.name as string));
  return { month, from, to, fire_run_id: fire?.id ?? null, rows, totals: totalsOf(rows) };
}
