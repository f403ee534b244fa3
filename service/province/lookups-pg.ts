// Search and the audit listing of one county of the PostgreSQL store, as the DuckDB store answers
// them (routes/search.ts, audit/log.ts), over the statements of work-queries.ts (audit rows are read
// on the primary, where they are written); and the listing of the province's own audit rows
// (sign-ins, users), which belong to no county.
import type pg from 'pg';
import type { SearchHit, SearchStore } from '../routes/search.ts';
import { containsPattern } from '../routes/search.ts';
import type { AuditReader } from '../routes/audit.ts';
import { toAuditRow, type AuditQuery } from '../audit/log.ts';
import { WQ } from './work-queries.ts';

export function pgSearch(reads: pg.Pool, county: string): SearchStore {
  return async (q, limit) => {
    const { rows } = await reads.query(WQ.search.sql, [county, q, containsPattern(q), limit]);
    return rows.map((r) => ({ layer: r.layer as string, id: r.id as string, label: r.label as string, bbox: [r.minx, r.miny, r.maxx, r.maxy] as SearchHit['bbox'] }));
  };
}

const filters = (q: AuditQuery) => [q.actor || null, q.action || null, q.target || null, q.since || null, q.limit ?? 1000, q.offset ?? 0];

/** A county's audit rows (its loads, verdicts, field updates, dismissals…), newest first. */
export function pgCountyAudit(reads: pg.Pool, county: string): AuditReader {
  return async (q) => (await reads.query(WQ.auditCounty.sql, [county, ...filters(q)])).rows.map(toAuditRow);
}

/** The province's audit rows (sign-ins, failed sign-ins, users and roles), newest first. */
export function pgProvinceAudit(pool: pg.Pool): AuditReader {
  return async (q) => (await pool.query(WQ.auditProvince.sql, filters(q))).rows.map(toAuditRow);
}
