// The one CSV writer: UTF-8 with a BOM (Excel opens Chinese text correctly only with it), lists
// joined with ';', and text that a spreadsheet would run as a formula (starting with = + - @, a
// tab or a carriage return) prefixed with a single quote, so a cell is always shown, never run.
import { stringify, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

export type Cell = string | number | boolean;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One value as a cell: '' for none, lists joined by ';', formula-like text defused. */
export function cell(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return cell(v.map((x) => (x === null || x === undefined ? '' : String(x))).join(';'));
  if (typeof v === 'string') return FORMULA_START.test(v) ? `'${v}` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return cell(String(v));
}

/** Rows as a whole CSV text, with the given columns in order as the header. */
export function csvText(columns: readonly string[], rows: readonly object[]): string {
  return stringifySync(
    rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c]))),
    { header: true, columns: [...columns], bom: true },
  );
}

/** A streaming writer with the header and BOM; write each row as `values.map(cell)`. */
export function csvStream(columns: readonly string[]): Stringifier {
  return stringify({ header: true, columns: [...columns], bom: true });
}
