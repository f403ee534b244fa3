// Verdicts on patches. A decision names the verdict it replaces (`base_seq`, null for the first),
// so two inspectors deciding the same patch at once are caught: the second gets a conflict with
// the verdict now standing, instead of silently overwriting it.
import type { Store } from '../store/index.ts';
import { VERDICTS, type Verdict } from './tables.ts';

export interface VerdictRecord {
  seq: number;
  batch: string;
  id: string;
  verdict: Verdict;
  note: string | null;
  decided_by: string;
  decided_at: string;
  previous_verdict: Verdict | null;
}

export class VerdictConflict extends Error {
  constructor(readonly current: VerdictRecord | null) {
    super(
      current
        ? `patch ${current.batch}:${current.id} was decided "${current.verdict}" by ${current.decided_by} at ${current.decided_at} since you loaded it`
        : 'the verdict you meant to replace is gone',
    );
  }
}

/** Where verdicts are kept: the DuckDB store (below) or a county of the PostgreSQL store. */
export interface VerdictStore {
  current(batch?: string): Promise<VerdictRecord[]>;
  history(filter?: { batch?: string; id?: string }): Promise<VerdictRecord[]>;
  decide(input: DecideInput): Promise<VerdictRecord>;
}

export interface DecideInput {
  batch: string;
  id: string;
  verdict: Verdict;
  note?: string | null;
  baseSeq: number | null;
  user: string;
}

/** The DuckDB store's verdicts, as the functions below keep them. */
export function duckVerdicts(store: Store): VerdictStore {
  return {
    current: (batch) => currentVerdicts(store, batch),
    history: (filter) => verdictHistory(store, filter),
    decide: (input) => decide(store, input),
  };
}

export function isVerdict(v: unknown): v is Verdict {
  return typeof v === 'string' && (VERDICTS as readonly string[]).includes(v);
}

const COLUMNS = `seq, batch, id, verdict, note, decided_by, strftime(decided_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS decided_at, previous_verdict`;

function toRecord(r: Record<string, unknown>): VerdictRecord {
  return { ...(r as unknown as VerdictRecord), seq: Number(r.seq) };
}

export async function currentVerdicts(store: Store, batch?: string): Promise<VerdictRecord[]> {
  const rows = await store.all(
    `SELECT ${COLUMNS} FROM patch_verdicts ${batch ? 'WHERE batch = ?' : ''}
     QUALIFY row_number() OVER (PARTITION BY batch, id ORDER BY seq DESC) = 1 ORDER BY batch, id`,
    batch ? [batch] : [],
  );
  return rows.map(toRecord);
}

export async function verdictHistory(store: Store, filter: { batch?: string; id?: string } = {}): Promise<VerdictRecord[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.batch) where.push('batch = ?') && params.push(filter.batch);
  if (filter.id) where.push('id = ?') && params.push(filter.id);
  const rows = await store.all(`SELECT ${COLUMNS} FROM patch_verdicts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`, params);
  return rows.map(toRecord);
}

/** Appends a verdict, after checking that `baseSeq` is still the standing one. */
export async function decide(store: Store, input: DecideInput): Promise<VerdictRecord> {
  return store.writes.run(() =>
    store.db.transaction(async (conn) => {
      const found = await conn.runAndReadAll('SELECT count(*) FROM layer_patches WHERE batch = ? AND id = ?', [input.batch, input.id]);
      if (Number(found.getRowsJS()[0][0]) === 0) throw new RangeError(`no patch ${input.id} in batch ${input.batch}`);
      const cur = await conn.runAndReadAll(
        `SELECT ${COLUMNS} FROM patch_verdicts WHERE batch = ? AND id = ? ORDER BY seq DESC LIMIT 1`,
        [input.batch, input.id],
      );
      const current = cur.getRowObjectsJS().map((r) => toRecord(r as Record<string, unknown>))[0] ?? null;
      if ((current?.seq ?? null) !== input.baseSeq) throw new VerdictConflict(current);
      const inserted = await conn.runAndReadAll(
        `INSERT INTO patch_verdicts VALUES (nextval('field_seq'), ?, ?, ?, ?, ?, now(), ?, ?) RETURNING ${COLUMNS}`,
        [input.batch, input.id, input.verdict, input.note ?? null, input.user, current?.verdict ?? null, current ? BigInt(current.seq) : null],
      );
      return toRecord(inserted.getRowObjectsJS()[0] as Record<string, unknown>);
    }),
  );
}

/** The newest verdict sequence number: part of the patches tile version. */
export async function verdictVersion(store: Store): Promise<number> {
  const rows = await store.all('SELECT coalesce(max(seq), 0) AS v FROM patch_verdicts');
  return Number(rows[0].v);
}
