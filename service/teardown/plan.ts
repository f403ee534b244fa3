// The teardown planner, top to bottom: which pending records may be planned (the notice step),
// the plan's crew-days, pinned manual moves, the danger-first fill, then each day's visiting
// order and route. Pure: records come in with their metric centres, the plan goes out.
import { planDates } from './calendar.ts';
import { compareDanger, dangerOf } from './danger.ts';
import { crewTakes, fillSlots, type Candidate, type Slot } from './fill.ts';
import { dayOf, round2 } from './day.ts';
import { UNSCHEDULED_REASONS as WHY, type Move, type PlanParams, type PlanRecord, type PlanResult, type Unscheduled } from './types.ts';

export const PLAN_DEFAULTS = {
  /** How far from the day's seed a crew goes for more records (metres): one area a day. */
  day_radius_m: 2000,
};

export function unscheduledOf(rec: PlanRecord, reason: string): Unscheduled {
  return { ledger_id: rec.id, reason, danger: dangerOf(rec.reasons), reasons: rec.reasons, area_m2: round2(rec.area_m2), township: rec.township, xy: [round2(rec.x), round2(rec.y)] };
}

export function planTeardown(
  records: readonly PlanRecord[],
  params: PlanParams,
  opts: { overrides?: Move[]; day_radius_m?: number } = {},
): PlanResult {
  const dates = planDates(params.from, params.weeks, params.weekdays);
  const last = dates[dates.length - 1] ?? '';
  const crewIndex = new Map(params.crews.map((c, i) => [c.name, i]));
  const unscheduled: Unscheduled[] = [];
  const cands: Candidate[] = [];
  for (const rec of records) {
    if (rec.status !== 'pending') continue;
    let from = '';
    if (params.require_notice) {
      if (!rec.notice_on) {
        unscheduled.push(unscheduledOf(rec, WHY.noNotice));
        continue;
      }
      if (!rec.deadline_on) {
        unscheduled.push(unscheduledOf(rec, WHY.noDeadline));
        continue;
      }
      if (rec.deadline_on > last) {
        unscheduled.push(unscheduledOf(rec, WHY.deadlineAfterPlan));
        continue;
      }
      from = rec.deadline_on;
    }
    const crews = Uint8Array.from(params.crews, (c) => (crewTakes(c, rec.township) ? 1 : 0));
    if (!crews.includes(1)) {
      unscheduled.push(unscheduledOf(rec, WHY.noCrew));
      continue;
    }
    cands.push({ rec, from, crews });
  }

  const slots: Slot[] = dates.flatMap((date) => params.crews.map((crew) => ({ date, crew, taken: [], area: 0 })));
  const slotOf = new Map(slots.map((s) => [`${s.date}|${s.crew.name}`, s]));
  const placed = new Uint8Array(cands.length);
  const manual = new Set<string>();
  // Manual moves are kept: their records sit where they were put before anything else is placed.
  const candById = new Map(cands.map((c, i) => [c.rec.id, i]));
  const overrides: Move[] = [];
  for (const m of opts.overrides ?? []) {
    const i = candById.get(m.ledger_id);
    const slot = slotOf.get(`${m.date}|${m.crew}`);
    if (i === undefined || !slot || placed[i]) continue;
    placed[i] = 1;
    slot.taken.push(i);
    slot.area += cands[i].rec.area_m2;
    manual.add(m.ledger_id);
    overrides.push(m);
  }
  fillSlots(cands, slots, crewIndex, placed, opts.day_radius_m ?? PLAN_DEFAULTS.day_radius_m);

  const days = slots.map((s) =>
    dayOf(s.date, s.crew, s.taken.map((i) => cands[i].rec), manual),
  );
  cands.forEach((c, i) => {
    if (!placed[i]) unscheduled.push(unscheduledOf(c.rec, WHY.noCapacity));
  });
  const rank = new Map([...records].filter((r) => r.status === 'pending').sort(compareDanger).map((r, i) => [r.id, i]));
  unscheduled.sort((a, b) => rank.get(a.ledger_id)! - rank.get(b.ledger_id)!);
  return { params, days, unscheduled, overrides };
}
