// The plan routes' reads and writes on the DuckDB store: the stored plans (plans-store.ts), and
// the ledger, townships and latest fire run read by plain SQL over the county's one file.
import type { Store } from '../store/index.ts';
import { rowToFeature, selectList } from '../store/features.ts';
import { latestRun } from '../runs/persist.ts';
import { townshipMonthOf } from './progress.ts';
import { getPlan, listPlans, savePlan, updatePlan } from './plans-store.ts';
import type { LedgerState, PendingRow, PlanStore } from './plan-store.ts';

/** Bound parameters per statement: a plan's workbook asks for tens of thousands of ids. */
const SLICE = 1000;

async function bySlices(ids: readonly string[], read: (slice: string[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < ids.length; i += SLICE) await read(ids.slice(i, i + SLICE) as string[]);
}

const marks = (n: number) => Array(n).fill('?').join(', ');

export function duckPlans(store: Store): PlanStore {
  return {
    save: (plan, meta) => savePlan(store, plan, meta),
    get: (id) => getPlan(store, id),
    update: (id, plan) => updatePlan(store, id, plan),
    list: () => listPlans(store),

    async pendingLedger() {
      const rows = await store.all(
        `SELECT id, township, area_m2, strftime(notice_on, '%Y-%m-%d') AS notice_on, strftime(deadline_on, '%Y-%m-%d') AS deadline_on,
           (xmin + xmax) / 2 AS lon, (ymin + ymax) / 2 AS lat
         FROM layer_ledger WHERE status = 'pending' ORDER BY fid`,
      );
      return rows as unknown as PendingRow[];
    },

    datasetParams: () => store.datasetParams(),

    async latestFire() {
      const run = await latestRun(store, 'fire');
      if (!run) return null;
      const enc = await store.all('SELECT building_id, blocked FROM result_encroachments WHERE run_id = ?', [run.id]);
      const spc = await store.all('SELECT building_id, violations FROM result_spacing WHERE run_id = ?', [run.id]);
      return {
        runId: run.id,
        findings: {
          encroachments: enc.map((r) => ({ building_id: r.building_id as string, blocked: Boolean(r.blocked) })),
          spacing: spc.map((r) => ({ building_id: r.building_id as string, violations: Number(r.violations) })),
        },
      };
    },

    async outlines(ids) {
      const out = new Map<string, Uint8Array>();
      await bySlices(ids, async (slice) => {
        const rows = await store.all(`SELECT id, ST_AsWKB(geom) AS wkb FROM layer_ledger WHERE id IN (${marks(slice.length)})`, slice);
        for (const r of rows) out.set(r.id as string, r.wkb as Uint8Array);
      });
      return out;
    },

    async townshipNames() {
      const rows = await store.all(
        `SELECT name AS t FROM layer_townships WHERE name IS NOT NULL UNION SELECT DISTINCT township FROM layer_ledger WHERE township IS NOT NULL`,
      );
      return rows.map((r) => r.t as string);
    },

    async ledgerStates(ids) {
      const out = new Map<string, LedgerState>();
      await bySlices(ids, async (slice) => {
        const rows = await store.all(
          `SELECT id, status, strftime(demolished_on, '%Y-%m-%d') AS d FROM layer_ledger WHERE id IN (${marks(slice.length)})`,
          slice,
        );
        for (const r of rows) out.set(r.id as string, { status: r.status as string, demolished_on: (r.d as string | null) ?? null });
      });
      return out;
    },

    async demolishedByTownshipMonth() {
      const rows = await store.all(
        `SELECT township, strftime(demolished_on, '%Y-%m') AS month, count(*) AS records, sum(coalesce(area_m2, 0)) AS area_m2
         FROM layer_ledger WHERE status = 'demolished' AND demolished_on IS NOT NULL GROUP BY ALL ORDER BY month, township`,
      );
      return rows.map(townshipMonthOf);
    },

    async ledgerFeatures(ids) {
      const out: Awaited<ReturnType<PlanStore['ledgerFeatures']>> = new Map();
      await bySlices(ids, async (slice) => {
        const rows = await store.all(`SELECT ${selectList('ledger')} FROM layer_ledger WHERE id IN (${marks(slice.length)})`, slice);
        for (const r of rows) {
          const f = rowToFeature('ledger', r);
          out.set(f.id, f);
        }
      });
      return out;
    },
  };
}
