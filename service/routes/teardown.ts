// Teardown field work over HTTP: status changes and attribute edits of ledger records
// (PATCH /api/ledger/:id) with notes and photos, and their append-only history, exportable as CSV.
// The routes speak to a LedgerStore, so the same module serves the DuckDB store and each county of
// the PostgreSQL store.
import { Hono } from 'hono';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import { baseSeq, jsonBody } from '../http/body.ts';
import { sniffPhoto } from '../teardown/photo-type.ts';
import { audit, type AuditTarget } from '../audit/log.ts';
import type { Store } from '../store/index.ts';
import { WORK_ROLES } from '../layers/roles.ts';
import type { EventHub } from '../events.ts';
import { csvText } from '../export/csv.ts';
import { duckLedger, LedgerUpdateError, type LedgerStore, type Photo } from '../teardown/ledger.ts';
import { conflict, csvFormat, ok, param, refused, type Paths } from './openapi.ts';

export const TEARDOWN_PATHS: Paths = {
  '/ledger/{id}': {
    patch: {
      summary:
        "Record a ledger record's field status, notice step or attributes: { status?, demolished_on?, notice_on?, deadline_on?, violation_type?, reuse?, reuse_on?, note?, photos?, base_seq }",
      'x-role': WORK_ROLES.update_teardown.join(', '),
      parameters: [param('id', 'path', 'ledger record id')],
      responses: { ...ok(), ...refused, '404': { description: 'no such record' }, ...conflict },
    },
  },
  '/ledger/history': { get: { summary: 'Every status update, oldest first', parameters: [param('id', 'query', 'only this record'), csvFormat], responses: ok() } },
  '/ledger/{id}/history': { get: { summary: "One record's status updates", parameters: [param('id', 'path', 'ledger record id')], responses: ok() } },
  '/ledger/photos/{seq}/{n}': {
    get: { summary: 'Photo n of a status update', parameters: [param('seq', 'path', 'update seq'), param('n', 'path', 'photo number')], responses: { ...ok(), '404': { description: 'no such photo' } } },
  },
};

export interface TeardownBackend {
  /** The ledger of the request's store (called per request: a province node picks the county). */
  ledger(): LedgerStore;
  audit(): AuditTarget;
  events?: EventHub;
}

export function teardownRoutes(store: Store, events: EventHub) {
  const ledger = duckLedger(store);
  return ledgerRoutes({ ledger: () => ledger, audit: () => store, events });
}

export function ledgerRoutes(backend: TeardownBackend) {
  const app = new Hono<AppEnv>();

  app.patch('/ledger/:id', async (c) => {
    const user = requireRole(c, WORK_ROLES.update_teardown, 'record field status of ledger records');
    const body = await jsonBody(c);
    if (body.status !== undefined && typeof body.status !== 'string') fail(400, 'status must be text');
    if (body.photos !== undefined && !Array.isArray(body.photos)) fail(400, 'photos must be a list of { name, type, data (base64) }');
    try {
      const update = await backend.ledger().update({
        id: c.req.param('id'),
        status: body.status as string | undefined,
        demolished_on: (body.demolished_on as string | null | undefined) ?? null,
        notice_on: body.notice_on,
        deadline_on: body.deadline_on,
        edits: body,
        note: (body.note as string | null | undefined) ?? null,
        photos: body.photos as Photo[] | undefined,
        baseSeq: baseSeq(body.base_seq),
        user: user.name,
      });
      // A field update bumps the ledger's version: the layer changed.
      await audit(backend.audit(), { actor: user.name, action: 'ledger.update', target: c.req.param('id'), detail: { status: update.status, seq: update.seq, photos: update.photos, changes: update.changes }, ip: c.get('ip') });
      backend.events?.emit('layer-changed', { layer: 'ledger' });
      return c.json(update);
    } catch (err) {
      if (err instanceof LedgerUpdateError) fail(err.status, err.message);
      throw err;
    }
  });

  app.get('/ledger/history', async (c) => {
    const rows = await backend.ledger().history(c.req.query('id'));
    if (c.req.query('format') === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="ledger-updates.csv"');
      const flat = rows.map((r) => ({ ...r, changes: r.changes ? JSON.stringify(r.changes) : '' }));
      const columns = ['seq', 'id', 'status', 'previous_status', 'demolished_on', 'notice_on', 'deadline_on', 'changes', 'written_off', 'reason', 'evidence_patch'];
      return c.body(csvText([...columns, 'note', 'photos', 'updated_by', 'updated_at'], flat));
    }
    return c.json({ history: rows });
  });

  app.get('/ledger/:id/history', async (c) => c.json({ history: await backend.ledger().history(c.req.param('id')) }));

  app.get('/ledger/photos/:seq/:n', async (c) => {
    const [seq, n] = [c.req.param('seq'), c.req.param('n')];
    if (!/^\d{1,15}$/.test(seq) || !/^\d{1,6}$/.test(n)) fail(400, 'photo address is /api/ledger/photos/<update seq>/<n>');
    const photo = await backend.ledger().photo(Number(seq), Number(n));
    if (!photo) fail(404, `no photo ${n} of update ${seq}`);
    const bytes = new Uint8Array(photo.bytes) as Uint8Array<ArrayBuffer>;
    // Served as what the bytes are, never as what was claimed; anything else is a plain download.
    const type = sniffPhoto(bytes);
    const name = encodeURIComponent(photo.name || `photo-${seq}-${n}`);
    return c.body(bytes, 200, {
      'Content-Type': type ?? 'application/octet-stream',
      'Content-Disposition': `${type ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
  });

  return app;
}
