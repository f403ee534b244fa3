// Planned against done, per crew-day: a planned record counts as done when the ledger has it
// demolished on or after its planned day (torn down earlier, it was not this plan's doing).
import type { Store } from '../store/index.ts';
import type { PlanResult } from './types.ts';

export interface LedgerState {
  status: string;
  demolished_on: string | null;
}

export interface DayProgress {
  date: string;
  crew: string;
  planned: number;
  planned_m2: number;
  done: number;
  done_m2: number;
  /** Ids planned that day and not (yet) done. */
  open: string[];
}

export function planProgress(plan: PlanResult, state: ReadonlyMap<string, LedgerState>): { days: DayProgress[]; planned: number; done: number; planned_m2: number; done_m2: number } {
  const days = plan.days
    .filter((d) => d.items.length)
    .map((d) => {
      const p: DayProgress = { date: d.date, crew: d.crew, planned: d.items.length, planned_m2: d.area_m2, done: 0, done_m2: 0, open: [] };
      for (const it of d.items) {
        const s = state.get(it.ledger_id);
        if (s?.status === 'demolished' && s.demolished_on !== null && s.demolished_on >= d.date) {
          p.done++;
          p.done_m2 += it.area_m2;
        } else p.open.push(it.ledger_id);
      }
      p.done_m2 = Math.round(p.done_m2 * 100) / 100;
      return p;
    });
  const sum = (k: 'planned' | 'done' | 'planned_m2' | 'done_m2') => Math.round(days.reduce((s, d) => s + d[k], 0) * 100) / 100;
  return { days, planned: sum('planned'), done: sum('done'), planned_m2: sum('planned_m2'), done_m2: sum('done_m2') };
}

export async function ledgerStates(store: Store, ids: readonly string[]): Promise<Map<string, LedgerState>> {
  const out = new Map<string, LedgerState>();
  for (let i = 0; i < ids.length; i += 1000) {
    const slice = ids.slice(i, i + 1000);
    const rows = await store.all(
      `SELECT id, status, strftime(demolished_on, '%Y-%m-%d') AS d FROM layer_ledger WHERE id IN (${slice.map(() => '?').join(', ')})`,
      slice as string[],
    );
    for (const r of rows) out.set(r.id as string, { status: r.status as string, demolished_on: (r.d as string | null) ?? null });
  }
  return out;
}

/** Area demolished per township and month (YYYY-MM), from the ledger. */
export async function demolishedByTownshipMonth(store: Store): Promise<{ township: string | null; month: string; records: number; area_m2: number }[]> {
  const rows = await store.all(
    `SELECT township, strftime(demolished_on, '%Y-%m') AS month, count(*) AS records, sum(coalesce(area_m2, 0)) AS area_m2
     FROM layer_ledger WHERE status = 'demolished' AND demolished_on IS NOT NULL GROUP BY ALL ORDER BY month, township`,
  );
  return rows.map((r) => ({ township: (r.township as string | null) ?? null, month: r.month as string, records: Number(r.records), area_m2: Math.round(Number(r.area_m2) * 100) / 100 }));
}
