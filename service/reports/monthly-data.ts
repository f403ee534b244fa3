// The bulletin's counts: each one aggregate over the stored layers, verdicts, ledger updates and
// the latest fire run, asked of a BulletinStore (the DuckDB store's SQL here, duckBulletin; a
// province county's in province/bulletin-pg.ts), then tallied and ranked the same for both.
import type { Store } from '../store/index.ts';
import { latestRun } from '../runs/persist.ts';
import { monthRange, NO_TOWNSHIP, rankTownships, totalsOf, type MonthlyBulletin, type MonthlyColumn, type Tally } from './monthly.ts';

/** Stock/new cut-off when dataset.json does not set one (spec/checks.md). */
const DEFAULT_BASELINE = '2013-04-01';

/** Months after demolished_on within which a reuse counts, when neither request nor dataset.json says. */
export const DEFAULT_REUSE_WITHIN_MONTHS = 6;

/** Per-township counts as a query gives them: `township` and some of the bulletin's columns. */
export type TallyRow = Record<string, unknown>;

/**
 * The bulletin's queries. Dates are YYYY-MM-DD: `from` the month's first day, `next` the next
 * month's, `to` the month's last; every row names its township (NO_TOWNSHIP for none).
 */
export interface BulletinStore {
  datasetParams(): Promise<Record<string, unknown>>;
  /** Patches detected in [from, next): patches, legal, illegal, false_change, undecided by latest verdict. */
  patches(from: string, next: string): Promise<TallyRow[]>;
  /** new_violations: recorded in [from, next), built (or recorded) on or after the baseline. */
  newViolations(from: string, next: string, baseline: string): Promise<TallyRow[]>;
  /** demolished, demolished_m2: demolished in [from, next), write-offs left out. */
  demolished(from: string, next: string): Promise<TallyRow[]>;
  /** reuse_due_m2, reused_m2: teardowns (not write-offs) whose reuse window closed by `to`. */
  reuse(within: number, to: string): Promise<TallyRow[]>;
  /** written_off: flagged by a ledger update in [from, next), or in the file and dated from..to. */
  writtenOff(from: string, next: string, to: string): Promise<TallyRow[]>;
  /** fire_lane_remaining from the latest finished fire run; null before any. */
  fireLanes(): Promise<{ runId: number; rows: TallyRow[] } | null>;
  townships(): Promise<string[]>;
}

async function hasColumn(store: Store, table: string, column: string): Promise<boolean> {
  const rows = await store.all(`SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = ?`, [table, column]);
  return rows.length > 0;
}

// Ledger records whose demolition is a write-off (销号): the latest update that made the record
// demolished was flagged so (a later attribute edit does not undo it), or the file says so.
const WRITTEN_OFF_IDS = `SELECT id FROM ledger_updates WHERE status = 'demolished' AND (written_off OR previous_status IS DISTINCT FROM 'demolished')
  GROUP BY id HAVING arg_max(written_off, seq)
  UNION SELECT id FROM layer_ledger WHERE json_extract_string(extra, '$.written_off') = 'true'`;

const T = `coalesce(township, '${NO_TOWNSHIP}')`;

/** The DuckDB store's bulletin queries. */
export function duckBulletin(store: Store): BulletinStore {
  // Stores made before write-offs have no written_off column on ledger_updates.
  const notWrittenOff = async () => ((await hasColumn(store, 'ledger_updates', 'written_off')) ? `AND id NOT IN (${WRITTEN_OFF_IDS})` : '');
  return {
    datasetParams: () => store.datasetParams(),
    patches: (from, next) =>
      store.all(
        `WITH v AS (SELECT batch, id, arg_max(verdict, seq) AS verdict FROM patch_verdicts GROUP BY batch, id)
         SELECT ${T} AS township, count(*) AS patches,
           count(*) FILTER (WHERE v.verdict = 'legal') AS legal, count(*) FILTER (WHERE v.verdict = 'illegal') AS illegal,
           count(*) FILTER (WHERE v.verdict = 'false_change') AS false_change, count(*) FILTER (WHERE v.verdict IS NULL) AS undecided
         FROM layer_patches p LEFT JOIN v USING (batch, id)
         WHERE p.detected_on >= CAST(? AS DATE) AND p.detected_on < CAST(? AS DATE) GROUP BY 1`,
        [from, next],
      ),
    newViolations: (from, next, baseline) =>
      store.all(
        `SELECT ${T} AS township, count(*) AS new_violations FROM layer_ledger
         WHERE recorded_on >= CAST(? AS DATE) AND recorded_on < CAST(? AS DATE) AND coalesce(built_on, recorded_on) >= CAST(? AS DATE) GROUP BY 1`,
        [from, next, baseline],
      ),
    demolished: async (from, next) =>
      store.all(
        `SELECT ${T} AS township, count(*) AS demolished, sum(coalesce(area_m2, 0)) AS demolished_m2 FROM layer_ledger
         WHERE status = 'demolished' AND demolished_on >= CAST(? AS DATE) AND demolished_on < CAST(? AS DATE) ${await notWrittenOff()} GROUP BY 1`,
        [from, next],
      ),
    // Month arithmetic clamps to the month's end (08-31 + 6 months = 02-28), as in quality/reuse.ts.
    reuse: async (within, to) =>
      store.all(
        `SELECT ${T} AS township, sum(coalesce(area_m2, 0)) AS reuse_due_m2,
           sum(coalesce(area_m2, 0)) FILTER (WHERE reuse IS NOT NULL AND reuse <> 'idle' AND reuse_on <= CAST(demolished_on + to_months(?) AS DATE)) AS reused_m2
         FROM layer_ledger
         WHERE status = 'demolished' AND CAST(demolished_on + to_months(?) AS DATE) <= CAST(? AS DATE) ${await notWrittenOff()} GROUP BY 1`,
        [within, within, to],
      ),
    writtenOff: async (from, next, to) => {
      const fromUpdates = (await hasColumn(store, 'ledger_updates', 'written_off'))
        ? `SELECT id FROM ledger_updates WHERE written_off AND updated_at >= CAST(? AS TIMESTAMPTZ) AND updated_at < CAST(? AS TIMESTAMPTZ) UNION `
        : '';
      return store.all(
        `SELECT ${T} AS township, count(*) AS written_off FROM layer_ledger WHERE id IN (
           ${fromUpdates}SELECT id FROM layer_ledger WHERE json_extract_string(extra, '$.written_off') = 'true'
             AND TRY_CAST(json_extract_string(extra, '$.written_off_on') AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)) GROUP BY 1`,
        [...(fromUpdates ? [from, next] : []), from, to],
      );
    },
    fireLanes: async () => {
      const fire = await latestRun(store, 'fire');
      if (!fire) return null;
      const rows = await store.all(
        `SELECT ${T} AS township, count(*) AS fire_lane_remaining FROM layer_ledger
         WHERE status <> 'demolished' AND id IN (SELECT building_id FROM result_encroachments WHERE run_id = ?) GROUP BY 1`,
        [fire.id],
      );
      return { runId: fire.id, rows };
    },
    townships: async () => (await store.all(`SELECT name FROM layer_townships WHERE name IS NOT NULL`)).map((r) => r.name as string),
  };
}

/** The DuckDB store's bulletin (the county edition's route and the benchmark). */
export const monthlyBulletin = (store: Store, month: string, reuseWithinMonths?: number): Promise<MonthlyBulletin> =>
  bulletinOf(duckBulletin(store), month, reuseWithinMonths);

export async function bulletinOf(data: BulletinStore, month: string, reuseWithinMonths?: number): Promise<MonthlyBulletin> {
  const range = monthRange(month);
  if (!range) throw new RangeError(`month must be YYYY-MM; got "${month}"`);
  const { from, to, next } = range;
  const tally: Tally = new Map();
  const add = (rows: TallyRow[]) => {
    for (const r of rows) {
      const t = (r.township as string | null) ?? NO_TOWNSHIP;
      let e = tally.get(t);
      if (!e) tally.set(t, (e = {}));
      for (const [k, v] of Object.entries(r)) if (k !== 'township' && v !== null) e[k as MonthlyColumn] = (e[k as MonthlyColumn] ?? 0) + Number(v);
    }
  };
  const params = await data.datasetParams();
  const within = reuseWithinMonths ?? (Number.isInteger(params.reuse_within_months) ? (params.reuse_within_months as number) : DEFAULT_REUSE_WITHIN_MONTHS);
  const baseline = typeof params.baseline_on === 'string' ? params.baseline_on : DEFAULT_BASELINE;
  add(await data.patches(from, next));
  add(await data.newViolations(from, next, baseline));
  // Teardowns: write-offs are counted apart, never as demolished.
  add(await data.demolished(from, next));
  // Land use after teardown: teardowns whose reuse window closed by the month's end, and of them
  // those put to a use other than idle on or before the window's last day.
  add(await data.reuse(within, to));
  add(await data.writtenOff(from, next, to));
  // Fire-lane records still standing, from the latest fire run.
  const fire = await data.fireLanes();
  if (fire) add(fire.rows);
  const rows = rankTownships(tally, await data.townships());
  return { month, from, to, fire_run_id: fire?.runId ?? null, reuse_within_months: within, rows, totals: totalsOf(rows) };
}
