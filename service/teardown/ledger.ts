// Field updates of ledger records (demolished with its date, retained, permitted, deferred; the
// notice step before a forced demolition: the notice date and the owner's deadline; and the field
// attributes reuse, reuse_on, violation_type), recorded without re-uploading the ledger: the record
// changes in the layer (a new layer version, so checks and tiles see it), and the change, its note
// and photos are appended to the history. Like verdicts, an update names the one it follows, so
// concurrent edits conflict. A write-off (销号) is an update too, flagged so.
import { blobValue } from '@duckdb/node-api';
import { LEDGER_STATUSES } from '../layers/schema.ts';
import { fieldEdits, type FieldEdits } from './ledger-fields.ts';
import { bumpVersion } from '../store/load.ts';
import type { Store } from '../store/index.ts';
import { sniffPhoto } from './photo-type.ts';

export interface Photo {
  name: string;
  type: string;
  /** base64 */
  data: string;
}

export interface LedgerUpdate {
  seq: number;
  id: string;
  status: string;
  demolished_on: string | null;
  notice_on: string | null;
  deadline_on: string | null;
  note: string | null;
  updated_by: string;
  updated_at: string;
  previous_status: string | null;
  photos: number;
  /** Attribute edits as { field: [before, after] }; null when no attribute changed. */
  changes: Record<string, [unknown, unknown]> | null;
  written_off: boolean;
  reason: string | null;
  /** A write-off's patch evidence, `batch/id`. */
  evidence_patch: string | null;
}

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const COLUMNS = `u.seq, u.id, u.status, strftime(u.demolished_on, '%Y-%m-%d') AS demolished_on,
  strftime(u.notice_on, '%Y-%m-%d') AS notice_on, strftime(u.deadline_on, '%Y-%m-%d') AS deadline_on, u.note, u.updated_by,
  strftime(u.updated_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS updated_at, u.previous_status,
  (SELECT count(*) FROM ledger_photos p WHERE p.update_seq = u.seq) AS photos,
  CAST(u.changes AS VARCHAR) AS changes, coalesce(u.written_off, false) AS written_off, u.reason, u.evidence_patch`;

export class LedgerUpdateError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export function toUpdate(r: Record<string, unknown>): LedgerUpdate {
  return {
    ...(r as unknown as LedgerUpdate),
    seq: Number(r.seq),
    photos: Number(r.photos),
    changes: r.changes ? JSON.parse(r.changes as string) : null,
    written_off: r.written_off === true,
  };
}

export async function ledgerHistory(store: Store, id?: string): Promise<LedgerUpdate[]> {
  const rows = await store.all(`SELECT ${COLUMNS} FROM ledger_updates u ${id ? 'WHERE u.id = ?' : ''} ORDER BY u.seq`, id ? [id] : []);
  return rows.map(toUpdate);
}

function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** A notice date given as a date, null (cleared) or undefined (left as it is). */
function noticeDate(name: string, v: unknown): string | null | undefined {
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string' || !isDate(v)) throw new LedgerUpdateError(400, `${name} must be a date YYYY-MM-DD or null; got ${JSON.stringify(v)}`);
  return v;
}

export interface LedgerUpdateInput {
  id: string;
  /** Omitted: the status stays (an update of the notice dates or the attributes only). */
  status?: string;
  demolished_on?: string | null;
  notice_on?: unknown;
  deadline_on?: unknown;
  /** reuse, reuse_on, violation_type as sent (validated here). */
  edits?: Record<string, unknown>;
  note?: string | null;
  photos?: Photo[];
  baseSeq: number | null;
  user: string;
  writeOff?: { reason: string; evidencePatch: string | null };
}

function checkPhotos(list: Photo[] | undefined) {
  return (list ?? []).map((p, i) => {
    if (!p || typeof p !== 'object' || typeof p.data !== 'string') throw new LedgerUpdateError(400, `photo ${i + 1} must be { name, type, data: base64 }`);
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(p.data)) throw new LedgerUpdateError(400, `photo ${i + 1} data is not base64`);
    const bytes = Buffer.from(p.data, 'base64');
    if (bytes.length > MAX_PHOTO_BYTES) throw new LedgerUpdateError(400, `photo ${i + 1} (${String(p.name).slice(0, 80)}) is over ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
    // The bytes decide the type; a claimed image/svg+xml or a script named .jpg is refused.
    const type = sniffPhoto(bytes);
    if (!type) throw new LedgerUpdateError(400, `photo ${i + 1} (${String(p.name).slice(0, 80)}) is not a JPEG, PNG or WebP image`);
    const name = String(p.name ?? `photo-${i + 1}`).replace(/[\u0000-\u001f"\\/]/g, '_').slice(0, 200);
    return { name, type, bytes };
  });
}

/** Where field updates are kept: the DuckDB store (below) or a county of the PostgreSQL store. */
export interface LedgerStore {
  history(id?: string): Promise<LedgerUpdate[]>;
  update(input: LedgerUpdateInput): Promise<LedgerUpdate>;
  photo(seq: number, n: number): Promise<{ type: string; name: string; bytes: Uint8Array } | null>;
}

/** The DuckDB store's field updates, as the functions here keep them. */
export function duckLedger(store: Store): LedgerStore {
  return {
    history: (id) => ledgerHistory(store, id),
    update: (input) => updateLedgerRecord(store, input),
    photo: (seq, n) => ledgerPhoto(store, seq, n),
  };
}

/** An update checked before any store is touched: dates, status, attribute edits and photos. */
export interface PreparedUpdate {
  noticeOn: string | null | undefined;
  deadlineOn: string | null | undefined;
  edits: FieldEdits;
  /** The edited attribute names, in the order their stored values are read. */
  fields: string[];
  photos: { name: string; type: string; bytes: Buffer }[];
}

export function prepareLedgerUpdate(input: LedgerUpdateInput): PreparedUpdate {
  const noticeOn = noticeDate('notice_on', input.notice_on);
  const deadlineOn = noticeDate('deadline_on', input.deadline_on);
  if (input.status !== undefined && !(LEDGER_STATUSES as readonly string[]).includes(input.status)) {
    throw new LedgerUpdateError(400, `status must be one of ${LEDGER_STATUSES.join(', ')}; got "${input.status}"`);
  }
  if (input.status === 'demolished' && !input.demolished_on) {
    throw new LedgerUpdateError(400, 'a demolished record needs demolished_on (YYYY-MM-DD)');
  }
  const real = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
  if (input.demolished_on && (typeof input.demolished_on !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input.demolished_on) || !real(input.demolished_on))) {
    throw new LedgerUpdateError(400, `demolished_on must be YYYY-MM-DD; got "${input.demolished_on}"`);
  }
  let edits: FieldEdits;
  try {
    edits = fieldEdits(input.edits ?? {});
  } catch (err) {
    throw new LedgerUpdateError(400, (err as Error).message);
  }
  const fields = Object.keys(edits);
  if (input.status === undefined && noticeOn === undefined && deadlineOn === undefined && fields.length === 0) {
    throw new LedgerUpdateError(400, 'status is required (or notice_on / deadline_on for the notice step, or one of reuse, reuse_on, violation_type)');
  }
  return { noticeOn, deadlineOn, edits, fields, photos: checkPhotos(input.photos) };
}

/** The record as stored before the update: dates as YYYY-MM-DD, the edited fields in `fields` order. */
export interface StoredLedgerRecord {
  status: string;
  notice_on: string | null;
  deadline_on: string | null;
  demolished_on: string | null;
  fields: unknown[];
}

export interface PlannedUpdate {
  status: string;
  previousStatus: string;
  notice: string | null;
  deadline: string | null;
  demolishedOn: string | null;
  changes: Record<string, [unknown, unknown]> | null;
  /** The new attribute values, in `fields` order. */
  values: (string | null)[];
}

/** What the record becomes, given what is stored and the update standing (`standing` seq); throws a 400 or 409. */
export function planLedgerUpdate(input: LedgerUpdateInput, prep: PreparedUpdate, row: StoredLedgerRecord, standing: number | null): PlannedUpdate {
  const previousStatus = row.status;
  const status = input.status ?? previousStatus;
  const notice = prep.noticeOn === undefined ? row.notice_on : prep.noticeOn;
  const deadline = prep.deadlineOn === undefined ? row.deadline_on : prep.deadlineOn;
  if (notice && deadline && deadline < notice) {
    throw new LedgerUpdateError(400, `deadline_on (${deadline}) is before notice_on (${notice})`);
  }
  if (deadline && !notice) throw new LedgerUpdateError(400, 'deadline_on needs notice_on (the deadline is set by the notice)');
  // An update that leaves the status alone keeps the demolition date.
  const demolishedOn = status === 'demolished' ? (input.status === undefined ? row.demolished_on : input.demolished_on!) : null;
  if (standing !== input.baseSeq) {
    throw new LedgerUpdateError(409, `ledger record ${input.id} was updated (update ${standing}) since you loaded it; reload and try again`);
  }
  const values = prep.fields.map((f) => prep.edits[f as keyof FieldEdits] ?? null);
  const changes: Record<string, [unknown, unknown]> = {};
  prep.fields.forEach((f, k) => (changes[f] = [row.fields[k] ?? null, values[k]]));
  return { status, previousStatus, notice, deadline, demolishedOn, changes: prep.fields.length ? changes : null, values };
}

export async function updateLedgerRecord(store: Store, input: LedgerUpdateInput): Promise<LedgerUpdate> {
  const prep = prepareLedgerUpdate(input);
  const { fields, photos } = prep;
  return store.writes.run(() =>
    store.db.transaction(async (conn) => {
      const cols = [
        'status',
        `strftime(notice_on, '%Y-%m-%d')`,
        `strftime(deadline_on, '%Y-%m-%d')`,
        `strftime(demolished_on, '%Y-%m-%d')`,
        ...fields.map((f) => (f === 'reuse_on' ? `strftime(reuse_on, '%Y-%m-%d')` : f)),
      ];
      const rec = await conn.runAndReadAll(`SELECT ${cols.join(', ')} FROM layer_ledger WHERE id = ?`, [input.id]);
      const row = rec.getRowsJS()[0];
      if (!row) throw new LedgerUpdateError(404, `no ledger record "${input.id}"`);
      const last = await conn.runAndReadAll('SELECT max(seq) FROM ledger_updates WHERE id = ?', [input.id]);
      const lastSeq = last.getRowsJS()[0][0];
      const standing = lastSeq === null ? null : Number(lastSeq);
      const stored: StoredLedgerRecord = {
        status: row[0] as string,
        notice_on: row[1] as string | null,
        deadline_on: row[2] as string | null,
        demolished_on: row[3] as string | null,
        fields: row.slice(4),
      };
      const plan = planLedgerUpdate(input, prep, stored, standing);
      // Column names come from the fixed list of editable fields, never from the request.
      const sets = [
        'status = ?',
        'demolished_on = CAST(? AS DATE)',
        'notice_on = CAST(? AS DATE)',
        'deadline_on = CAST(? AS DATE)',
        ...fields.map((f) => (f === 'reuse_on' ? 'reuse_on = CAST(? AS DATE)' : `${f} = ?`)),
      ];
      await conn.run(`UPDATE layer_ledger SET ${sets.join(', ')} WHERE id = ?`, [
        plan.status,
        plan.demolishedOn,
        plan.notice,
        plan.deadline,
        ...plan.values,
        input.id,
      ]);
      const ins = await conn.runAndReadAll(
        `INSERT INTO ledger_updates (seq, id, status, demolished_on, note, updated_by, updated_at, previous_status, previous_seq,
           notice_on, deadline_on, changes, written_off, reason, evidence_patch)
         VALUES (nextval('field_seq'), ?, ?, CAST(? AS DATE), ?, ?, now(), ?, ?, CAST(? AS DATE), CAST(? AS DATE), CAST(? AS JSON), ?, ?, ?) RETURNING seq`,
        [
          input.id,
          plan.status,
          plan.demolishedOn,
          input.note ?? null,
          input.user,
          plan.previousStatus,
          standing === null ? null : BigInt(standing),
          plan.notice,
          plan.deadline,
          plan.changes ? JSON.stringify(plan.changes) : null,
          input.writeOff !== undefined,
          input.writeOff?.reason ?? null,
          input.writeOff?.evidencePatch ?? null,
        ],
      );
      const seq = ins.getRowsJS()[0][0] as bigint;
      for (const [n, p] of photos.entries()) {
        await conn.run('INSERT INTO ledger_photos VALUES (?, ?, ?, ?, ?)', [seq, n + 1, p.name, p.type, blobValue(p.bytes)]);
      }
      await bumpVersion(conn, 'ledger', input.user, input.writeOff ? 'write-off' : 'field update');
      const out = await conn.runAndReadAll(`SELECT ${COLUMNS} FROM ledger_updates u WHERE u.seq = ?`, [seq]);
      return toUpdate(out.getRowObjectsJS()[0] as Record<string, unknown>);
    }),
  );
}

export async function ledgerPhoto(store: Store, seq: number, n: number): Promise<{ type: string; name: string; bytes: Uint8Array } | null> {
  const rows = await store.all('SELECT name, content_type, bytes FROM ledger_photos WHERE update_seq = ? AND n = ?', [seq, n]);
  return rows.length ? { name: rows[0].name as string, type: rows[0].content_type as string, bytes: rows[0].bytes as Uint8Array } : null;
}
