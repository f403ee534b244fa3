// Field updates of ledger records (demolished with its date, retained, permitted, deferred, and
// the notice step before a forced demolition: the notice date and the owner's deadline),
// recorded without re-uploading the ledger: the record's status changes in the layer (a new
// layer version, so checks and tiles see it), and the change, its note and photos are appended to
// the history. Like verdicts, an update names the one it follows, so concurrent edits conflict.
import { blobValue } from '@duckdb/node-api';
import { LEDGER_STATUSES } from '../layers/schema.ts';
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
}

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const COLUMNS = `u.seq, u.id, u.status, strftime(u.demolished_on, '%Y-%m-%d') AS demolished_on,
  strftime(u.notice_on, '%Y-%m-%d') AS notice_on, strftime(u.deadline_on, '%Y-%m-%d') AS deadline_on, u.note, u.updated_by,
  strftime(u.updated_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS updated_at, u.previous_status,
  (SELECT count(*) FROM ledger_photos p WHERE p.update_seq = u.seq) AS photos`;

export class LedgerUpdateError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

function toUpdate(r: Record<string, unknown>): LedgerUpdate {
  return { ...(r as unknown as LedgerUpdate), seq: Number(r.seq), photos: Number(r.photos) };
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
  /** Omitted: the status stays (an update of the notice dates only). */
  status?: string;
  demolished_on?: string | null;
  notice_on?: unknown;
  deadline_on?: unknown;
  note?: string | null;
  photos?: Photo[];
  baseSeq: number | null;
  user: string;
}

export async function updateLedgerRecord(store: Store, input: LedgerUpdateInput): Promise<LedgerUpdate> {
  const noticeOn = noticeDate('notice_on', input.notice_on);
  const deadlineOn = noticeDate('deadline_on', input.deadline_on);
  if (input.status === undefined && noticeOn === undefined && deadlineOn === undefined) {
    throw new LedgerUpdateError(400, 'status is required (or notice_on / deadline_on for the notice step)');
  }
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
  const photos = (input.photos ?? []).map((p, i) => {
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
  return store.writes.run(() =>
    store.db.transaction(async (conn) => {
      const rec = await conn.runAndReadAll(
        `SELECT status, strftime(notice_on, '%Y-%m-%d'), strftime(deadline_on, '%Y-%m-%d'), strftime(demolished_on, '%Y-%m-%d') FROM layer_ledger WHERE id = ?`,
        [input.id],
      );
      const row = rec.getRowsJS()[0];
      if (!row) throw new LedgerUpdateError(404, `no ledger record "${input.id}"`);
      const status = input.status ?? (row[0] as string);
      const notice = noticeOn === undefined ? (row[1] as string | null) : noticeOn;
      const deadline = deadlineOn === undefined ? (row[2] as string | null) : deadlineOn;
      if (notice && deadline && deadline < notice) {
        throw new LedgerUpdateError(400, `deadline_on (${deadline}) is before notice_on (${notice})`);
      }
      if (deadline && !notice) throw new LedgerUpdateError(400, 'deadline_on needs notice_on (the deadline is set by the notice)');
      // A notice-only update of a demolished record keeps its demolition date.
      const demolishedOn = status === 'demolished' ? (input.status === undefined ? (row[3] as string | null) : input.demolished_on!) : null;
      const last = await conn.runAndReadAll('SELECT max(seq) FROM ledger_updates WHERE id = ?', [input.id]);
      const lastSeq = last.getRowsJS()[0][0];
      const standing = lastSeq === null ? null : Number(lastSeq);
      if (standing !== input.baseSeq) {
        throw new LedgerUpdateError(409, `ledger record ${input.id} was updated (update ${standing}) since you loaded it; reload and try again`);
      }
      await conn.run(
        'UPDATE layer_ledger SET status = ?, demolished_on = CAST(? AS DATE), notice_on = CAST(? AS DATE), deadline_on = CAST(? AS DATE) WHERE id = ?',
        [status, demolishedOn, notice, deadline, input.id],
      );
      const ins = await conn.runAndReadAll(
        `INSERT INTO ledger_updates (seq, id, status, demolished_on, note, updated_by, updated_at, previous_status, previous_seq, notice_on, deadline_on)
         VALUES (nextval('field_seq'), ?, ?, CAST(? AS DATE), ?, ?, now(), ?, ?, CAST(? AS DATE), CAST(? AS DATE)) RETURNING seq`,
        [input.id, status, demolishedOn, input.note ?? null, input.user, row[0] as string, standing === null ? null : BigInt(standing), notice, deadline],
      );
      const seq = ins.getRowsJS()[0][0] as bigint;
      for (const [n, p] of photos.entries()) {
        await conn.run('INSERT INTO ledger_photos VALUES (?, ?, ?, ?, ?)', [seq, n + 1, p.name, p.type, blobValue(p.bytes)]);
      }
      await bumpVersion(conn, 'ledger', input.user, 'field update');
      const out = await conn.runAndReadAll(`SELECT ${COLUMNS} FROM ledger_updates u WHERE u.seq = ?`, [seq]);
      return toUpdate(out.getRowObjectsJS()[0] as Record<string, unknown>);
    }),
  );
}

export async function ledgerPhoto(store: Store, seq: number, n: number): Promise<{ type: string; name: string; bytes: Uint8Array } | null> {
  const rows = await store.all('SELECT name, content_type, bytes FROM ledger_photos WHERE update_seq = ? AND n = ?', [seq, n]);
  return rows.length ? { name: rows[0].name as string, type: rows[0].content_type as string, bytes: rows[0].bytes as Uint8Array } : null;
}
