// Patch review over HTTP: verdicts on patches (PUT /api/patches/:id/verdict), the current ones,
// and their append-only history, exportable as CSV. The routes speak to a VerdictStore, so the
// same module serves the DuckDB store and each county of the PostgreSQL store.
import { Hono } from 'hono';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import { baseSeq, jsonBody } from '../http/body.ts';
import type { Store } from '../store/index.ts';
import { audit, type AuditTarget } from '../audit/log.ts';
import { WORK_ROLES } from '../layers/roles.ts';
import type { EventHub } from '../events.ts';
import { csvText } from '../export/csv.ts';
import { VERDICTS } from '../review/tables.ts';
import { duckVerdicts, isVerdict, VerdictConflict, type VerdictStore } from '../review/verdicts.ts';
import { conflict, csvFormat, ok, param, refused, type Paths } from './openapi.ts';


export const REVIEW_PATHS: Paths = {
  '/patches/{id}/verdict': {
    put: {
      summary: 'Give a verdict on a patch: { batch, verdict: legal | illegal | false_change, note?, base_seq }',
      'x-role': WORK_ROLES.review_patch.join(', '),
      parameters: [param('id', 'path', 'patch id')],
      responses: { ...ok(), ...refused, '404': { description: 'no such patch' }, ...conflict },
    },
  },
  '/patches/verdicts': { get: { summary: 'The current verdict of each patch', parameters: [param('batch', 'query', 'only this batch')], responses: ok() } },
  '/patches/verdicts/history': {
    get: { summary: 'Every verdict given, oldest first', parameters: [param('batch', 'query', 'only this batch'), param('id', 'query', 'only this patch'), csvFormat], responses: ok() },
  },
};

export interface ReviewBackend {
  /** The verdicts of the request's store (called per request: a province node picks the county). */
  verdicts(): VerdictStore;
  audit(): AuditTarget;
  events?: EventHub;
}

export function reviewRoutes(store: Store, events: EventHub) {
  const verdicts = duckVerdicts(store);
  return verdictRoutes({ verdicts: () => verdicts, audit: () => store, events });
}

export function verdictRoutes(backend: ReviewBackend) {
  const app = new Hono<AppEnv>();

  app.put('/patches/:id/verdict', async (c) => {
    const user = requireRole(c, WORK_ROLES.review_patch, 'give verdicts on patches');
    const body = await jsonBody(c);
    if (typeof body.batch !== 'string' || !body.batch) fail(400, 'batch is required (a patch is known by batch and id)');
    if (!isVerdict(body.verdict)) fail(400, `verdict must be one of ${VERDICTS.join(', ')}; got ${JSON.stringify(body.verdict)}`);
    if (body.note !== undefined && body.note !== null && typeof body.note !== 'string') fail(400, 'note must be text');
    try {
      const record = await backend.verdicts().decide({
        batch: body.batch,
        id: c.req.param('id'),
        verdict: body.verdict,
        note: (body.note as string | null | undefined) ?? null,
        baseSeq: baseSeq(body.base_seq),
        user: user.name,
      });
      await audit(backend.audit(), { actor: user.name, action: 'verdict.set', target: `${record.batch}:${record.id}`, detail: { verdict: record.verdict, seq: record.seq, previous: record.previous_verdict }, ip: c.get('ip') });
      backend.events?.emit('verdict-given', { batch: record.batch, id: record.id });
      return c.json(record);
    } catch (err) {
      if (err instanceof VerdictConflict) fail(409, err.message, { current: err.current });
      if (err instanceof RangeError) fail(404, err.message);
      throw err;
    }
  });

  app.get('/patches/verdicts', async (c) => c.json({ verdicts: await backend.verdicts().current(c.req.query('batch')) }));

  app.get('/patches/verdicts/history', async (c) => {
    const rows = await backend.verdicts().history({ batch: c.req.query('batch'), id: c.req.query('id') });
    if (c.req.query('format') === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="verdicts.csv"');
      return c.body(csvText(['seq', 'batch', 'id', 'verdict', 'previous_verdict', 'note', 'decided_by', 'decided_at'], rows));
    }
    return c.json({ history: rows });
  });

  return app;
}
