// Verdicts and ledger field updates of one county in the PostgreSQL store: the VerdictStore and
// LedgerStore the review and teardown route modules speak to, over the statements of
// field-queries.ts. The checks and the planning of an update are the DuckDB store's
// (teardown/ledger.ts); only the SQL differs. A decision locks its patch row and an update its
// ledger record, so concurrent ones on the same target run one after the other and the second
// sees the first's seq (a 409, as on DuckDB).
import type pg from 'pg';
import { VerdictConflict, type DecideInput, type VerdictRecord, type VerdictStore } from '../review/verdicts.ts';
import {
  LedgerUpdateError, planLedgerUpdate, prepareLedgerUpdate, toUpdate,
  type LedgerStore, type LedgerUpdate, type LedgerUpdateInput, type StoredLedgerRecord,
} from '../teardown/ledger.ts';
import { FQ, ledgerBump } from './field-queries.ts';
import { inTransaction } from '../store/pg/transaction.ts';

const toVerdict = (r: Record<string, unknown>) => r as unknown as VerdictRecord;
// DuckDB orders text by its bytes; so do these, whatever the database's collation.
const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class PgVerdicts implements VerdictStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly county: string,
  ) {}

  async current(batch?: string): Promise<VerdictRecord[]> {
    const { rows } = batch
      ? await this.pool.query(FQ.verdictCurrentBatch.sql, [this.county, batch])
      : await this.pool.query(FQ.verdictCurrent.sql, [this.county]);
    return rows.map(toVerdict).sort((a, b) => byBytes(a.batch, b.batch) || byBytes(a.id, b.id));
  }

  async history(filter: { batch?: string; id?: string } = {}): Promise<VerdictRecord[]> {
    const { rows } = await this.pool.query(FQ.verdictHistory.sql, [this.county, filter.batch || null, filter.id || null]);
    return rows.map(toVerdict);
  }

  decide(input: DecideInput): Promise<VerdictRecord> {
    return inTransaction(this.pool, async (client) => {
      const found = await client.query(FQ.patchLock.sql, [this.county, input.batch, input.id]);
      if (!found.rows.length) throw new RangeError(`no patch ${input.id} in batch ${input.batch}`);
      const cur = await client.query(FQ.verdictStanding.sql, [this.county, input.batch, input.id]);
      const current = cur.rows.length ? toVerdict(cur.rows[0]) : null;
      if ((current?.seq ?? null) !== input.baseSeq) throw new VerdictConflict(current);
      const ins = await client.query(FQ.verdictInsert.sql, [
        this.county, input.batch, input.id, input.verdict, input.note ?? null, input.user, current?.verdict ?? null, current?.seq ?? null,
      ]);
      return toVerdict(ins.rows[0]);
    });
  }
}

/** The editable attributes in the order ledgerLock reads them and ledgerSet writes them. */
const ATTRIBUTES = ['violation_type', 'reuse', 'reuse_on'] as const;

export class PgLedger implements LedgerStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly county: string,
  ) {}

  async history(id?: string): Promise<LedgerUpdate[]> {
    const { rows } = await this.pool.query(FQ.ledgerHistory.sql, [this.county, id || null]);
    return rows.map(toUpdate);
  }

  update(input: LedgerUpdateInput): Promise<LedgerUpdate> {
    const prep = prepareLedgerUpdate(input);
    return inTransaction(this.pool, async (client) => {
      const rec = await client.query(FQ.ledgerLock.sql, [this.county, input.id]);
      const row = rec.rows[0] as Record<string, string | null> | undefined;
      if (!row) throw new LedgerUpdateError(404, `no ledger record "${input.id}"`);
      const last = await client.query(FQ.ledgerStanding.sql, [this.county, input.id]);
      const standing = (last.rows[0]?.seq as number | null) ?? null;
      const stored: StoredLedgerRecord = {
        status: row.status as string,
        notice_on: row.notice_on,
        deadline_on: row.deadline_on,
        demolished_on: row.demolished_on,
        fields: prep.fields.map((f) => row[f]),
      };
      const plan = planLedgerUpdate(input, prep, stored, standing);
      const edited = ATTRIBUTES.flatMap((f) => {
        const k = prep.fields.indexOf(f);
        return [k >= 0, k >= 0 ? plan.values[k] : null];
      });
      await client.query(FQ.ledgerSet.sql, [this.county, input.id, plan.status, plan.demolishedOn, plan.notice, plan.deadline, ...edited]);
      const ins = await client.query(FQ.ledgerInsert.sql, [
        this.county, input.id, plan.status, plan.demolishedOn, input.note ?? null, input.user, plan.previousStatus, standing,
        plan.notice, plan.deadline, plan.changes ? JSON.stringify(plan.changes) : null,
        input.writeOff !== undefined, input.writeOff?.reason ?? null, input.writeOff?.evidencePatch ?? null,
      ]);
      const seq = ins.rows[0].seq as number;
      for (const [n, p] of prep.photos.entries()) {
        await client.query(FQ.photoInsert.sql, [this.county, seq, n + 1, p.name, p.type, p.bytes]);
      }
      // A new ledger version: every node's tiles and cached columns of this county move on.
      await client.query(ledgerBump.sql, [this.county, 'ledger', input.user, input.writeOff ? 'write-off' : 'field update']);
      const out = await client.query(FQ.ledgerOne.sql, [this.county, seq]);
      return toUpdate(out.rows[0]);
    });
  }

  async photo(seq: number, n: number): Promise<{ type: string; name: string; bytes: Uint8Array } | null> {
    const { rows } = await this.pool.query(FQ.photoGet.sql, [this.county, seq, n]);
    return rows.length ? { name: rows[0].name as string, type: rows[0].content_type as string, bytes: rows[0].bytes as Uint8Array } : null;
  }
}
