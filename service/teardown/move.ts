// A manual move of one record to another crew-day of a stored plan: only the two days change
// (re-ordered and re-routed), an unscheduled record may be moved in, and the move is kept in the
// plan's overrides so a re-plan puts the record where it was put. Capacity is not enforced here:
// the person moving sees it, and a day over capacity says so.
import { compareDanger } from './danger.ts';
import { dayOf } from './day.ts';
import type { Move, PlanDay, PlanRecord, PlanResult, Reason } from './types.ts';

export class MoveError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

function asRecord(id: string, area: number, township: string | null, reasons: Reason[], xy: [number, number]): PlanRecord {
  return { id, status: 'pending', township, area_m2: area, x: xy[0], y: xy[1], notice_on: null, deadline_on: null, reasons };
}

function rebuild(day: PlanDay, recs: PlanRecord[], manual: Set<string>, plan: PlanResult): PlanDay {
  const crew = plan.params.crews.find((c) => c.name === day.crew)!;
  return dayOf(day.date, crew, recs, manual);
}

export function moveRecord(plan: PlanResult, move: Move): PlanResult {
  const target = plan.days.findIndex((d) => d.date === move.date && d.crew === move.crew);
  if (target < 0) throw new MoveError(400, `the plan has no day ${move.date} for crew "${move.crew}"`);
  const overrides = [...plan.overrides.filter((m) => m.ledger_id !== move.ledger_id), move];
  const manual = new Set(overrides.map((m) => m.ledger_id));
  const days = [...plan.days];
  let unscheduled = plan.unscheduled;
  let moved: PlanRecord | null = null;

  const source = days.findIndex((d) => d.items.some((i) => i.ledger_id === move.ledger_id));
  if (source >= 0) {
    const recs = days[source].items.map((i) => asRecord(i.ledger_id, i.area_m2, i.township, i.reasons, i.xy));
    moved = recs.find((r) => r.id === move.ledger_id)!;
    days[source] = rebuild(days[source], recs.filter((r) => r !== moved), manual, plan);
  } else {
    const u = plan.unscheduled.find((x) => x.ledger_id === move.ledger_id);
    if (!u) throw new MoveError(404, `record "${move.ledger_id}" is not in this plan`);
    moved = asRecord(u.ledger_id, u.area_m2, u.township, u.reasons, u.xy);
    unscheduled = plan.unscheduled.filter((x) => x !== u);
  }
  // The target day as it now stands: without the record even when it is the day it came from.
  const recs = days[target].items.map((i) => asRecord(i.ledger_id, i.area_m2, i.township, i.reasons, i.xy));
  recs.push(moved);
  days[target] = rebuild(days[target], recs.sort(compareDanger), manual, plan);
  return { ...plan, days, unscheduled, overrides };
}
