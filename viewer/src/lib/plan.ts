// The teardown planning workspace's logic, apart from Svelte: the plan API, the calendar of
// crew-days grouped by week, capacity use, colours by day for the map, and the bulletin's
// per-column bars. Shapes follow service/teardown/types.ts.
import type { FeatureCollection } from 'geojson';
import { api } from './api.ts';

import type { Crew, Danger, PlanDay, PlanItem, Weekday } from '../../../service/teardown/types.ts';
import { WEEKDAYS } from '../../../service/teardown/types.ts';

export { WEEKDAYS };
export type { Crew, Danger, PlanDay, PlanItem, Weekday };

export interface PlanRequest {
  from: string;
  weeks: number;
  weekdays: Weekday[];
  crews: Crew[];
  require_notice: boolean;
}
export interface Plan {
  id: number;
  created_at: string;
  created_by: string;
  metric_crs: string;
  params: PlanRequest;
  days: PlanDay[];
  unscheduled: { ledger_id: string; reason: string; danger: Danger; area_m2: number; township: string | null }[];
  overrides: { ledger_id: string; date: string; crew: string }[];
}

export const createPlan = (req: PlanRequest, token: string | null, fetchFn?: typeof fetch) => api<Plan>('/api/teardown/plans', { method: 'POST', body: req, token, fetchFn });
export const getPlan = (id: number, token: string | null, fetchFn?: typeof fetch) => api<Plan>(`/api/teardown/plans/${id}`, { token, fetchFn });
export const listPlans = (token: string | null, fetchFn?: typeof fetch) => api<{ plans: { id: number; created_at: string; created_by: string }[] }>('/api/teardown/plans', { token, fetchFn });
export const moveItem = (id: number, move: { ledger_id: string; date: string; crew: string }, token: string | null, fetchFn?: typeof fetch) =>
  api<Plan>(`/api/teardown/plans/${id}`, { method: 'PATCH', body: move, token, fetchFn });
export interface DayProgress {
  date: string;
  crew: string;
  planned: number;
  done: number;
  open: string[];
}
export const planProgress = (id: number, token: string | null, fetchFn?: typeof fetch) =>
  api<{ days: DayProgress[]; planned: number; done: number }>(`/api/teardown/plans/${id}/progress`, { token, fetchFn });
export const workOrderUrl = (id: number, day: { date: string; crew: string }) => `/api/teardown/plans/${id}/days/${day.date}/${encodeURIComponent(day.crew)}/work-order.pdf`;
export const workbookUrl = (id: number) => `/api/teardown/plans/${id}/workbook.xlsx`;

/** Parses "A:3000, B:2000:王宅镇|履坦镇" (one crew per comma) into crews; bad parts are kept for the service to refuse by field. */
export function parseCrews(text: string): Crew[] {
  return text
    .split(/[,，\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [name, m2, towns] = s.split(/[:：]/).map((x) => x.trim());
      const crew: Crew = { name, m2_per_day: Number(m2) };
      if (towns) crew.townships = towns.split('|').map((x) => x.trim()).filter(Boolean);
      return crew;
    });
}

/** Crew-days by date, then weeks of dates (Monday-based), for the calendar. */
export function calendar(days: readonly PlanDay[]): { week: string; dates: { date: string; days: PlanDay[] }[] }[] {
  const byDate = new Map<string, PlanDay[]>();
  for (const d of days) byDate.set(d.date, [...(byDate.get(d.date) ?? []), d]);
  const weeks = new Map<string, { date: string; days: PlanDay[] }[]>();
  for (const [date, ds] of [...byDate].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const t = Date.parse(`${date}T00:00:00Z`);
    const monday = new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
    weeks.set(monday, [...(weeks.get(monday) ?? []), { date, days: ds }]);
  }
  return [...weeks].map(([week, dates]) => ({ week, dates }));
}

/** Share of the crew's capacity a day uses (may exceed 1 after a manual move or a large record). */
export const used = (d: PlanDay) => (d.capacity_m2 > 0 ? d.area_m2 / d.capacity_m2 : 0);

/** Capacity a day would use with one more record of `area` (for the drag hint). */
export const usedWith = (d: PlanDay, area: number) => (d.capacity_m2 > 0 ? (d.area_m2 + area) / d.capacity_m2 : 0);

/** Twelve distinct colours, cycled over the plan's dates in order. */
export const DAY_COLOURS = ['#e41a1c', '#377eb8', '#4daf4a', '#984ea3', '#ff7f00', '#a65628', '#f781bf', '#17becf', '#bcbd22', '#1f3a93', '#8c564b', '#2ca02c'];

export function dayColour(dates: readonly string[], date: string): string {
  const i = dates.indexOf(date);
  return i < 0 ? '#999999' : DAY_COLOURS[i % DAY_COLOURS.length];
}

/** The plan's records as GeoJSON, each with its day's date, crew, order and colour. */
export function planFeatures(plan: Plan, ledger: FeatureCollection): FeatureCollection {
  const geom = new Map(ledger.features.map((f) => [String(f.properties?.id), f.geometry]));
  const dates = [...new Set(plan.days.filter((d) => d.items.length).map((d) => d.date))].sort();
  return {
    type: 'FeatureCollection',
    features: plan.days.flatMap((d) =>
      d.items
        .filter((i) => geom.has(i.ledger_id))
        .map((i) => ({
          type: 'Feature' as const,
          geometry: geom.get(i.ledger_id)!,
          properties: { id: i.ledger_id, date: d.date, crew: d.crew, order: i.order, colour: dayColour(dates, d.date) },
        })),
    ),
  };
}

/** Bars of one bulletin column: each township's share of the column's largest value. */
export function columnBars<T extends Record<string, unknown>>(rows: readonly T[], column: keyof T): { township: string; value: number; share: number }[] {
  const values = rows.map((r) => Number(r[column] ?? 0));
  const max = Math.max(0, ...values);
  return rows.map((r, i) => ({ township: String(r.township), value: values[i], share: max > 0 ? values[i] / max : 0 }));
}
