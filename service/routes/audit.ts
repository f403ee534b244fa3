// GET /api/audit: the audit trail for admins, newest first, as JSON or CSV (format=csv). The route
// reads through an AuditReader per request: the DuckDB store's audit_log, or on a province node a
// county's rows (/c/:county/api/audit) and the province's own (/api/province/audit).
import { Hono } from 'hono';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import { auditRows, type AuditQuery, type AuditRow } from '../audit/log.ts';
import { csvText } from '../export/csv.ts';
import type { Store } from '../store/index.ts';
import { csvFormat, ok, param, refused, type Paths } from './openapi.ts';

function count(raw: string | undefined, name: string, dflt: number, max: number): number {
  if (raw === undefined) return dflt;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) > max) fail(400, `${name} must be a whole number from 0 to ${max}; got ${JSON.stringify(raw)}`);
  return Number(raw);
}

export const AUDIT_PATHS: Paths = {
  '/audit': {
    get: {
      summary: 'The audit trail of every write, newest first (format=csv to export)',
      'x-role': 'admin',
      parameters: [param('actor', 'query', 'only this actor'), param('action', 'query', 'action or prefix, e.g. layer'), param('since', 'query', 'ISO date or time'), param('limit', 'query', 'rows (default 1000)'), param('offset', 'query', 'rows to skip'), csvFormat],
      responses: { ...ok(), ...refused },
    },
  },
};

/** Audit rows matching a query, newest first. */
export type AuditReader = (q: AuditQuery) => Promise<AuditRow[]>;

export function auditRoutes(store: Store) {
  return auditListRoutes(() => (q) => auditRows(store, q));
}

export function auditListRoutes(readerOf: () => AuditReader) {
  const app = new Hono<AppEnv>();
  app.get('/audit', async (c) => {
    requireRole(c, ['admin'], 'read the audit trail');
    const since = c.req.query('since');
    if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(since) || Number.isNaN(Date.parse(since)))) {
      fail(400, `since must be an ISO date or time such as 2026-12-01 or 2026-12-01T08:00:00Z; got ${JSON.stringify(since)}`);
    }
    const rows = await readerOf()({
      actor: c.req.query('actor'),
      action: c.req.query('action'),
      target: c.req.query('target'),
      since,
      limit: count(c.req.query('limit'), 'limit', 1000, 100_000),
      offset: count(c.req.query('offset'), 'offset', 0, 1_000_000_000),
    });
    if (c.req.query('format') === 'csv') {
      const columns = ['seq', 'at', 'actor', 'action', 'target', 'ip', 'detail'];
      const body = csvText(columns, rows.map((r) => ({ ...r, detail: r.detail ? JSON.stringify(r.detail) : '' })));
      return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="audit.csv"' });
    }
    return c.json({ audit: rows });
  });
  return app;
}
