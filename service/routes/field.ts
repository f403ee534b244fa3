// Field work over HTTP: verdicts on patches (PUT /api/patches/:id/verdict) and status changes of
// ledger records (PATCH /api/ledger/:id), each an append-only history exportable as CSV.
import { Hono } from 'hono';
import { stringify } from 'csv-stringify/sync';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import type { Store } from '../store/index.ts';
import { VERDICTS } from '../field/tables.ts';
import { currentVerdicts, decide, isVerdict, verdictHistory, VerdictConflict } from '../field/verdicts.ts';
import { ledgerHistory, ledgerPhoto, updateLedgerRecord, LedgerUpdateError, type Photo } from '../field/ledger.ts';

async function jsonBody(c: { req: { json: () => Promise<unknown> } }): Promise<Record<string, unknown>> {
  const body = await c.req.json().catch(() => null);
  if (!body || typeof body !== 'object' || Array.isArray(body)) fail(400, 'the body must be a JSON object');
  return body as Record<string, unknown>;
}

function baseSeq(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(400, 'base_seq must be the seq of the verdict or update you are replacing, or null');
  return v;
}

function csv(rows: object[], columns: string[]): string {
  return stringify(
    rows.map((r) => columns.map((k) => (r as Record<string, unknown>)[k] ?? '')),
    { header: true, columns, bom: true },
  );
}

export function fieldRoutes(store: Store, onChange: (layer: 'patches' | 'ledger') => void) {
  const app = new Hono<AppEnv>();

  app.put('/patches/:id/verdict', async (c) => {
    const user = requireRole(c, ['inspector'], 'give verdicts on patches');
    const body = await jsonBody(c);
    if (typeof body.batch !== 'string' || !body.batch) fail(400, 'batch is required (a patch is known by batch and id)');
    if (!isVerdict(body.verdict)) fail(400, `verdict must be one of ${VERDICTS.join(', ')}; got ${JSON.stringify(body.verdict)}`);
    if (body.note !== undefined && body.note !== null && typeof body.note !== 'string') fail(400, 'note must be text');
    try {
      const record = await decide(store, {
        batch: body.batch,
        id: c.req.param('id'),
        verdict: body.verdict,
        note: (body.note as string | null | undefined) ?? null,
        baseSeq: baseSeq(body.base_seq),
        user: user.name,
      });
      onChange('patches');
      return c.json(record);
    } catch (err) {
      if (err instanceof VerdictConflict) fail(409, err.message, { current: err.current });
      if (err instanceof RangeError) fail(404, err.message);
      throw err;
    }
  });

  app.get('/patches/verdicts', async (c) => c.json({ verdicts: await currentVerdicts(store, c.req.query('batch')) }));

  app.get('/patches/verdicts/history', async (c) => {
    const rows = await verdictHistory(store, { batch: c.req.query('batch'), id: c.req.query('id') });
    if (c.req.query('format') === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="verdicts.csv"');
      return c.body(csv(rows, ['seq', 'batch', 'id', 'verdict', 'previous_verdict', 'note', 'decided_by', 'decided_at']));
    }
    return c.json({ history: rows });
  });

  app.patch('/ledger/:id', async (c) => {
    const user = requireRole(c, ['enforcer'], 'record field status of ledger records');
    const body = await jsonBody(c);
    if (body.status !== undefined && typeof body.status !== 'string') fail(400, `status must be text; got ${JSON.stringify(body.status)}`);
    if (body.photos !== undefined && !Array.isArray(body.photos)) fail(400, 'photos must be a list of { name, type, data (base64) }');
    try {
      const update = await updateLedgerRecord(store, {
        id: c.req.param('id'),
        status: body.status as string | undefined,
        edits: body,
        demolished_on: (body.demolished_on as string | null | undefined) ?? null,
        note: (body.note as string | null | undefined) ?? null,
        photos: body.photos as Photo[] | undefined,
        baseSeq: baseSeq(body.base_seq),
        user: user.name,
      });
      onChange('ledger');
      return c.json(update);
    } catch (err) {
      if (err instanceof LedgerUpdateError) fail(err.status, err.message);
      throw err;
    }
  });

  app.get('/ledger/history', async (c) => {
    const rows = await ledgerHistory(store, c.req.query('id'));
    if (c.req.query('format') === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="ledger-updates.csv"');
      const flat = rows.map((r) => ({ ...r, changes: r.changes ? JSON.stringify(r.changes) : '' }));
      return c.body(csv(flat, ['seq', 'id', 'status', 'previous_status', 'demolished_on', 'changes', 'written_off', 'reason', 'evidence_patch', 'note', 'photos', 'updated_by', 'updated_at']));
    }
    return c.json({ history: rows });
  });

  app.get('/ledger/:id/history', async (c) => c.json({ history: await ledgerHistory(store, c.req.param('id')) }));

  app.get('/ledger/photos/:seq/:n', async (c) => {
    const [seq, n] = [c.req.param('seq'), c.req.param('n')];
    if (!/^\d+$/.test(seq) || !/^\d+$/.test(n)) fail(400, 'photo address is /api/ledger/photos/<update seq>/<n>');
    const photo = await ledgerPhoto(store, Number(seq), Number(n));
    if (!photo) fail(404, `no photo ${n} of update ${seq}`);
    return c.body(new Uint8Array(photo.bytes) as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': photo.type });
  });

  return app;
}
