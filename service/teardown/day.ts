// One crew-day of a plan from its records: the visiting order (starting at the most dangerous),
// the straight-line route length, the area against the crew's capacity.
import { compareDanger, dangerOf } from './danger.ts';
import { routeLength, visitingOrder } from './route.ts';
import type { Crew, PlanDay, PlanRecord } from './types.ts';

/** Metres rounded to centimetres, m² to hundredths: what a plan stores and compares. */
export const round2 = (v: number) => Math.round(v * 100) / 100;

export function dayOf(date: string, crew: Crew, recs: PlanRecord[], manual: ReadonlySet<string>): PlanDay {
  const sorted = [...recs].sort(compareDanger);
  const order = visitingOrder(sorted);
  const visit = order.map((i) => sorted[i]);
  const area = visit.reduce((s, r) => s + r.area_m2, 0);
  return {
    date,
    crew: crew.name,
    capacity_m2: crew.m2_per_day,
    area_m2: round2(area),
    route_m: round2(routeLength(visit)),
    items: visit.map((r, k) => ({
      ledger_id: r.id,
      order: k + 1,
      area_m2: round2(r.area_m2),
      danger: dangerOf(r.reasons),
      township: r.township,
      reasons: r.reasons,
      xy: [round2(r.x), round2(r.y)] as [number, number],
      ...(manual.has(r.id) ? { manual: true } : {}),
    })),
  };
}
