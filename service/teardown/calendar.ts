// The plan's dates: every chosen weekday from `from` through `weeks` weeks, as ISO dates (UTC,
// so no time zone ever moves a day).
import { WEEKDAYS, type Weekday } from './types.ts';

const DAY_MS = 86_400_000;

export function parseDate(s: string): number {
  return Date.parse(`${s}T00:00:00Z`);
}

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = parseDate(s);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export function addDays(s: string, n: number): string {
  return new Date(parseDate(s) + n * DAY_MS).toISOString().slice(0, 10);
}

export function weekdayOf(s: string): Weekday {
  // getUTCDay: 0 = Sunday.
  return WEEKDAYS[(new Date(parseDate(s)).getUTCDay() + 6) % 7];
}

/** The plan days: dates in [from, from + 7·weeks) falling on one of the weekdays, in order. */
export function planDates(from: string, weeks: number, weekdays: readonly Weekday[]): string[] {
  const wanted = new Set(weekdays);
  const out: string[] = [];
  for (let i = 0; i < weeks * 7; i++) {
    const d = addDays(from, i);
    if (wanted.has(weekdayOf(d))) out.push(d);
  }
  return out;
}
