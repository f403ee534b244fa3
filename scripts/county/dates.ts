// ISO dates as day numbers, so random dates are drawn without the clock or time zones.

const DAY_MS = 86_400_000;

export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A day drawn uniformly in [from, to] inclusive. */
export function dateBetween(r: { int(lo: number, hi: number): number }, from: string, to: string): string {
  const lo = dayOf(from);
  const hi = dayOf(to);
  return isoOf(lo >= hi ? hi : r.int(lo, hi));
}

/** The first of the month of `iso` (how ledgers record 建成年月). */
export function monthOf(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

/** `iso` moved by `months`, the day clamped to 28 so every month has it. */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const d = Math.min(28, Number(iso.slice(8, 10)));
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
