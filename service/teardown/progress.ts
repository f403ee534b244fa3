// Planned against done, per crew-day: a planned record counts as done when the ledger has it
// demolished on or after its planned day (torn down earlier, it was not this plan's doing).
import type { PlanResult } from './types.ts';
import type { LedgerState, TownshipMonth } from './plan-store.ts';

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

/** A township-month row with its area rounded to the centimetre, as both stores report it. */
export function townshipMonthOf(r: Record<string, unknown>): TownshipMonth {
  return { township: (r.township as string | null) ?? null, month: r.month as string, records: Number(r.records), area_m2: Math.round(Number(r.area_m2) * 100) / 100 };
}
