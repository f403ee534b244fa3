// The ledger office's quality work in one county of the PostgreSQL store: the QualityStore the
// quality route module speaks to, over the statements of work-queries.ts. The latest run and its
// document are the worker's (check_runs); a write-off is a field update (PgLedger). A dismissal
// locks its ledger record while it reads the record's digest, so a field update sent at the same
// moment lands wholly before or after it, never between the digest and the insert.
import type pg from 'pg';
import type { PgCountyStore } from '../store/pg/index.ts';
import type { QualityResult } from '../checks/quality-types.ts';
import { toDismissal, type DismissInput, type Dismissal, type LatestQuality, type QualityStore } from '../quality/findings.ts';
import { inTransaction } from '../store/pg/transaction.ts';
import { latestRunPg, runDocumentPg } from './runs.ts';
import { PgLedger } from './fields-pg.ts';
import { WQ } from './work-queries.ts';

export class PgQuality implements QualityStore {
  readonly ledger: PgLedger;
  readonly layers: PgCountyStore;
  private readonly code: string;

  /** `pool` takes the writes, `reads` the reads (a replica's or the primary's, per request). */
  constructor(
    private readonly pool: pg.Pool,
    private readonly reads: pg.Pool,
    county: PgCountyStore,
  ) {
    this.code = county.county;
    this.layers = county;
    this.ledger = new PgLedger(pool, county.county);
  }

  async latest(): Promise<LatestQuality | null> {
    const run = await latestRunPg(this.reads, this.code, 'quality', undefined, await this.layers.versions());
    if (!run) return null;
    return { run, doc: (await runDocumentPg(this.reads, this.code, run.id)) as QualityResult };
  }

  async recordHashes(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const { rows } = await this.reads.query(WQ.recordHashes.sql, [this.code, ids]);
    return new Map(rows.map((r) => [r.id as string, r.h as string]));
  }

  async dismissalsJudgedOn(judgedOn: string): Promise<(Dismissal & { record_hash: string })[]> {
    const { rows } = await this.reads.query(WQ.dismissalsJudgedOn.sql, [this.code, judgedOn]);
    return rows.map((r) => ({ ...toDismissal(r), record_hash: r.record_hash as string }));
  }

  async dismissals(ledgerId?: string): Promise<Dismissal[]> {
    const { rows } = await this.reads.query(WQ.dismissalHistory.sql, [this.code, ledgerId || null]);
    return rows.map(toDismissal);
  }

  dismiss(input: DismissInput): Promise<Dismissal | null> {
    return inTransaction(this.pool, async (client) => {
      const rec = await client.query(WQ.recordHashLock.sql, [this.code, input.ledgerId]);
      if (!rec.rows.length) return null;
      const { rows } = await client.query(WQ.dismissalInsert.sql, [
        this.code, input.ledgerId, input.kind, input.reason, input.runId, rec.rows[0].h, input.judgedOn, input.user,
      ]);
      return toDismissal(rows[0]);
    });
  }

  async patchExists(batch: string, id: string): Promise<boolean> {
    return (await this.reads.query(WQ.patchExists.sql, [this.code, batch, id])).rows.length > 0;
  }

  async ledgerStatus(id: string): Promise<string | null> {
    const { rows } = await this.reads.query(WQ.ledgerStatus.sql, [this.code, id]);
    return rows.length ? (rows[0].status as string) : null;
  }
}
