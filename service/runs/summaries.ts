// The figures users ask for, from the latest runs: per township, standing violations by class and
// status, buildings on fire lanes, blocked lanes, spacing violations; per batch, patches by class;
// coverage shares. A store gives the grouped rows (summaryRows here for DuckDB, the PostgreSQL
// store its own statements); shapeSummaries makes the same answer of either.
import type { Store } from '../store/index.ts';
import { latestRunIds, runDocument, type LatestRuns } from './persist.ts';
import type { CoverageResult } from '../checks/index.ts';

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** The grouped rows a summary is made of, ordered as shapeSummaries lists them. */
export interface SummaryRows {
  latest: LatestRuns;
  /** township, class, status, count, area_m2: ordered by township, class, status. */
  standing: Record<string, unknown>[];
  /** township, buildings_on_lanes, blocked_lanes, spacing_violations: ordered by township. */
  fire: Record<string, unknown>[];
  /** batch, class, count, area_m2: ordered by batch, class. */
  batches: Record<string, unknown>[];
  coverage: CoverageResult | null;
}

/** The runs whose rows a summary reads: every batch's latest patches run, the latest fire run. */
export function summaryRuns(latest: LatestRuns): { patchRuns: number[]; ledgerRun: number; fireRun: number } {
  const patchRuns = Object.values(latest.patches);
  return { patchRuns, ledgerRun: patchRuns.length ? Math.max(...patchRuns) : -1, fireRun: latest.fire ?? -1 };
}

export async function summaryRows(store: Store): Promise<SummaryRows> {
  const latest = await latestRunIds(store);
  const { patchRuns, ledgerRun, fireRun } = summaryRuns(latest);

  const standing = await store.all(
    `SELECT coalesce(l.township, '') AS township, coalesce(r.class, '') AS class, l.status,
            count(*) AS count, sum(coalesce(r.area_m2, l.area_m2, 0)) AS area_m2
     FROM layer_ledger l LEFT JOIN result_ledger_class r ON r.run_id = ? AND r.id = l.id
     WHERE l.status <> 'demolished' GROUP BY ALL ORDER BY ALL`,
    [ledgerRun],
  );
  const fire = await store.all(
    `WITH enc AS (SELECT * FROM result_encroachments WHERE run_id = ?),
          sp AS (SELECT * FROM result_spacing WHERE run_id = ?),
          twp AS (SELECT id, coalesce(township, '') AS township FROM layer_ledger)
     SELECT t.township,
            count(DISTINCT enc.building_id) AS buildings_on_lanes,
            count(DISTINCT CASE WHEN enc.blocked THEN enc.lane_id END) AS blocked_lanes,
            count(DISTINCT sp.building_id) AS spacing_violations
     FROM twp t LEFT JOIN enc ON enc.building_id = t.id LEFT JOIN sp ON sp.building_id = t.id
     GROUP BY t.township HAVING count(enc.building_id) + count(sp.building_id) > 0 ORDER BY t.township`,
    [fireRun, fireRun],
  );
  const batches = await store.all(
    `SELECT batch, class, count(*) AS count, sum(area_m2) AS area_m2 FROM result_patches
     WHERE run_id IN (${patchRuns.map(() => '?').join(', ') || 'NULL'}) GROUP BY ALL ORDER BY ALL`,
    patchRuns,
  );
  const coverage = latest.coverage ? ((await runDocument(store, latest.coverage)) as CoverageResult | null) : null;
  return { latest, standing, fire, batches, coverage };
}

export function shapeSummaries({ latest, standing, fire, batches, coverage }: SummaryRows) {
  const townships: Record<string, unknown> = {};
  const twp = (name: string) =>
    (townships[name] ??= { township: name, standing: [], buildings_on_lanes: 0, blocked_lanes: 0, spacing_violations: 0 }) as {
      standing: unknown[];
      buildings_on_lanes: number;
      blocked_lanes: number;
      spacing_violations: number;
    };
  for (const r of standing) {
    twp(r.township as string).standing.push({ class: r.class || null, status: r.status, count: num(r.count), area_m2: num(r.area_m2) });
  }
  for (const r of fire) {
    Object.assign(twp(r.township as string), {
      buildings_on_lanes: num(r.buildings_on_lanes),
      blocked_lanes: num(r.blocked_lanes),
      spacing_violations: num(r.spacing_violations),
    });
  }
  const perBatch: Record<string, Record<string, { count: number; area_m2: number }>> = {};
  for (const r of batches) {
    (perBatch[r.batch as string] ??= {})[r.class as string] = { count: num(r.count), area_m2: num(r.area_m2) };
  }
  return {
    runs: latest,
    townships: Object.values(townships),
    batches: perBatch,
    coverage: coverage ? { ...coverage.summary, siting: coverage.siting } : null,
  };
}

export type Summaries = ReturnType<typeof shapeSummaries>;

export async function summaries(store: Store): Promise<Summaries> {
  return shapeSummaries(await summaryRows(store));
}
