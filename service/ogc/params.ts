// Query parameters of the items endpoints that are not filters in their own right: limit and
// offset, bbox (in bbox-crs), and datetime (an instant or an interval, open ends as '..').
import type { DuckDBValue } from '@duckdb/node-api';
import { fail } from '../http/errors.ts';
import { ident } from '../store/db.ts';
import type { BBox } from '../store/index.ts';
import { bboxToCrs84, type OgcCrs } from './crs.ts';

export const MAX_LIMIT = 10_000;
export const DEFAULT_LIMIT = 100;

export function parseCount(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > 1_000_000_000) fail(400, `${name} must be a whole number from 0 to 1000000000; got "${raw.slice(0, 40)}"`);
  return Number(raw);
}

export function parseBBox(raw: string, crs: OgcCrs): BBox {
  const parts = raw.split(',').map(Number);
  if (parts.length === 6) parts.splice(2, 1), parts.splice(4, 1); // 3D bbox: heights dropped
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v))) {
    fail(400, `bbox must be four numbers (minLon,minLat,maxLon,maxLat in CRS84, or the axis order of bbox-crs); got "${raw}"`);
  }
  return bboxToCrs84(parts, crs, raw);
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

function instant(raw: string, whole: string): string | null {
  if (raw === '..' || raw === '') return null;
  const m = INSTANT.exec(raw);
  if (!m || Number.isNaN(Date.parse(raw))) fail(400, `datetime "${whole}" is not an RFC 3339 date, date-time or interval`);
  return m[2] ? new Date(raw).toISOString().slice(0, 10) : m[1];
}

/** datetime on a date property: the dates it holds are compared by day. */
export function datetimeSql(raw: string, property: string): { sql: string; params: DuckDBValue[] } {
  const col = ident(property);
  const parts = raw.split('/');
  if (parts.length === 1) {
    const d = instant(parts[0], raw);
    if (d === null) fail(400, `datetime "${raw}" needs a date`);
    return { sql: `${col} = CAST(? AS DATE)`, params: [d] };
  }
  if (parts.length !== 2) fail(400, `datetime "${raw}" is not an RFC 3339 date, date-time or interval`);
  const [from, to] = parts.map((p) => instant(p, raw));
  const sql: string[] = [];
  const params: DuckDBValue[] = [];
  if (from !== null) sql.push(`${col} >= CAST(? AS DATE)`), params.push(from);
  if (to !== null) sql.push(`${col} <= CAST(? AS DATE)`), params.push(to);
  if (from !== null && to !== null && from > to) fail(400, `datetime "${raw}" ends before it starts`);
  return { sql: sql.length ? `(${sql.join(' AND ')})` : `(${col} IS NOT NULL OR ${col} IS NULL)`, params };
}
