// /api/quality: the ledger office's work on the latest quality run — findings with their
// dismissal state (filtered by kind and township), dismissing one with a reason, writing off
// (销号) an open record the run did not see, and the audit of both. Running the check itself is
// POST /api/checks/quality like every check. The routes speak to a QualityStore per request, so the
// same module serves the DuckDB store and each county of the PostgreSQL store.
import { Hono } from 'hono';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import { baseSeq, jsonBody } from '../http/body.ts';
import type { Store } from '../store/index.ts';
import type { EventHub } from '../events.ts';
import { WORK_ROLES } from '../layers/roles.ts';
import { csvText } from '../export/csv.ts';
import { audit, type AuditTarget } from '../audit/log.ts';
import type { Photo } from '../teardown/ledger.ts';
import { duckQuality, workedFindings, type QualityStore } from '../quality/findings.ts';
import { dismissFinding, QualityActionError, writeOff } from '../quality/actions.ts';
import { reuseReport } from '../quality/reuse.ts';
import { conflict, csvFormat, ok, param, refused, type Paths } from './openapi.ts';

export const QUALITY_PATHS: Paths = {
  '/findings': {
    get: {
      summary: "The latest quality run's findings with their dismissal state",
      parameters: [
        param('kind', 'query', 'only this kind of finding'),
        param('township', 'query', 'only this township (empty: records without one)'),
        param('dismissed', 'query', 'false: only open findings'),
      ],
      responses: { ...ok(), '404': { description: 'no finished quality run yet' } },
    },
  },
  '/findings/{ledger_id}/{kind}/dismiss': {
    post: {
      summary: 'Dismiss a finding with a reason: { reason }',
      'x-role': WORK_ROLES.update_teardown.join(', '),
      parameters: [param('ledger_id', 'path', 'ledger record id'), param('kind', 'path', 'kind of finding')],
      responses: { '201': { description: 'dismissed' }, ...refused, '404': { description: 'no such open finding' } },
    },
  },
  '/dismissals': { get: { summary: 'Every dismissal, oldest first', parameters: [param('ledger_id', 'query', 'only this record'), csvFormat], responses: ok() } },
  '/write-offs/{ledger_id}': {
    post: {
      summary: 'Write off (销号) an open record with a not_seen finding: { reason, patch?: { batch, id }, photos?, demolished_on?, note?, base_seq }',
      'x-role': WORK_ROLES.update_teardown.join(', '),
      parameters: [param('ledger_id', 'path', 'ledger record id')],
      responses: { '201': { description: 'written off' }, ...refused, '404': { description: 'no such record' }, ...conflict },
    },
  },
  '/write-offs': { get: { summary: 'Every write-off, oldest first', responses: ok() } },
  '/reuse': {
    get: {
      summary: 'Per township: area demolished and the share reused within N months of demolished_on',
      parameters: [param('within_months', 'query', 'months (default 6)', { type: 'integer', minimum: 0, maximum: 120 })],
      responses: { ...ok(), ...refused },
    },
  },
};

function rethrow(err: unknown): never {
  if (err instanceof QualityActionError) fail(err.status, err.message);
  throw err;
}

export interface QualityBackend {
  /** The quality work of the request's store (called per request: a province node picks the county). */
  quality(): QualityStore;
  audit(): AuditTarget;
  events?: EventHub;
}

export function qualityRoutes(store: Store, events: EventHub) {
  const quality = duckQuality(store);
  return qualityActionRoutes({ quality: () => quality, audit: () => store, events });
}

export function qualityActionRoutes(backend: QualityBackend) {
  const app = new Hono<AppEnv>();

  app.get('/findings', async (c) => {
    const quality = backend.quality();
    const latest = await quality.latest();
    if (!latest) fail(404, 'no finished quality run yet; start one with POST /api/checks/quality');
    const { kind, township, dismissed } = c.req.query();
    let rows = await workedFindings(quality, latest.run, latest.doc);
    if (kind) rows = rows.filter((f) => f.kind === kind);
    // township= (empty) asks for the records without a township.
    if (township !== undefined) rows = rows.filter((f) => (f.township ?? '') === township);
    if (dismissed === 'false') rows = rows.filter((f) => !f.dismissed);
    return c.json({ run: { id: latest.run.id, finished_at: latest.run.finished_at, stale: latest.run.stale, params: latest.run.params }, findings: rows });
  });

  app.post('/findings/:ledger_id/:kind/dismiss', async (c) => {
    const user = requireRole(c, WORK_ROLES.update_teardown, 'dismiss quality findings');
    const body = await jsonBody(c);
    try {
      const d = await dismissFinding(backend.quality(), { ledgerId: c.req.param('ledger_id'), kind: c.req.param('kind'), reason: body.reason, user: user.name });
      await audit(backend.audit(), { actor: user.name, action: 'quality.dismiss', target: `${d.ledger_id}:${d.kind}`, detail: { reason: d.reason, seq: d.seq, run_id: d.run_id }, ip: c.get('ip') });
      return c.json(d, 201);
    } catch (err) {
      rethrow(err);
    }
  });

  app.get('/dismissals', async (c) => {
    const rows = await backend.quality().dismissals(c.req.query('ledger_id'));
    if (c.req.query('format') === 'csv') {
      const columns = ['seq', 'ledger_id', 'kind', 'reason', 'run_id', 'dismissed_by', 'dismissed_at'];
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="quality-dismissals.csv"');
      return c.body(csvText(columns, rows));
    }
    return c.json({ dismissals: rows });
  });

  app.post('/write-offs/:ledger_id', async (c) => {
    const user = requireRole(c, WORK_ROLES.update_teardown, 'write off ledger records');
    const body = await jsonBody(c);
    if (body.photos !== undefined && !Array.isArray(body.photos)) fail(400, 'photos must be a list of { name, type, data (base64) }');
    try {
      const update = await writeOff(backend.quality(), {
        ledgerId: c.req.param('ledger_id'),
        reason: body.reason,
        patch: body.patch as { batch?: unknown; id?: unknown } | null | undefined,
        photos: body.photos as Photo[] | undefined,
        demolishedOn: body.demolished_on,
        note: body.note,
        baseSeq: baseSeq(body.base_seq),
        user: user.name,
      });
      backend.events?.emit('layer-changed', { layer: 'ledger' });
      await audit(backend.audit(), { actor: user.name, action: 'ledger.write_off', target: update.id, detail: { seq: update.seq, reason: update.reason, evidence_patch: update.evidence_patch, photos: update.photos }, ip: c.get('ip') });
      return c.json(update, 201);
    } catch (err) {
      rethrow(err);
    }
  });

  // 拆后土地利用: demolished area per township and the share reused within N months (default 6).
  app.get('/reuse', async (c) => {
    const raw = c.req.query('within_months') ?? '6';
    if (!/^\d+$/.test(raw) || Number(raw) > 120) fail(400, `within_months must be a whole number of months (0–120); got "${raw}"`);
    return c.json(await reuseReport(backend.quality().layers, Number(raw)));
  });

  app.get('/write-offs', async (c) => c.json({ write_offs: (await backend.quality().ledger.history()).filter((u) => u.written_off) }));

  return app;
}
