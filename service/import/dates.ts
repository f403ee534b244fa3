// Dates as county files write them (docs/spec/layers.md): ISO, slashes, dots, 年月日, a month alone (the
// first of that month), and in CSV/Shapefile an Excel serial day number. Result is 'YYYY-MM-DD'.

const DAY_MS = 86_400_000;
/** Excel's day 0 is 1899-12-30 (it counts the non-existent 1900-02-29, so this lines up after it). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Excel serials of 1900-01-01 … 9999-12-31. */
const EXCEL_MIN = 1;
const EXCEL_MAX = 2_958_465;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function ymd(y: number, m: number, d: number): string | undefined {
  if (!(y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1)) return undefined;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return undefined;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function fromExcelSerial(serial: number): string | undefined {
  if (!(serial >= EXCEL_MIN && serial <= EXCEL_MAX)) return undefined;
  const t = new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

const FULL = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const MONTH = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})?$/;

/**
 * Parses a date value. Returns 'YYYY-MM-DD', null for "no date" (empty string, null, absent),
 * or undefined when the value is not a date. Excel serials count only with `excelSerial`.
 */
export function parseDate(value: unknown, opts: { excelSerial?: boolean } = {}): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    // shapefile's dbf reader builds D fields with the local-time constructor.
    if (Number.isNaN(value.getTime())) return undefined;
    return ymd(value.getFullYear(), value.getMonth() + 1, value.getDate());
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    if (Number.isInteger(value) && value >= 100000 && value <= 99999999) return parseDate(String(value), opts);
    return opts.excelSerial ? fromExcelSerial(value) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return null;
  let m = FULL.exec(text);
  // A time after the date is allowed (it is dropped), but it must be a time of day.
  if (m) return m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 60)) ? undefined : ymd(+m[1], +m[2], +m[3]);
  m = MONTH.exec(text);
  if (m) return ymd(+m[1], +m[2], 1);
  m = COMPACT.exec(text);
  if (m) return ymd(+m[1], +m[2], m[3] === undefined ? 1 : +m[3]);
  if (opts.excelSerial && /^\d{1,7}(\.\d+)?$/.test(text)) return fromExcelSerial(Number(text));
  return undefined;
}
