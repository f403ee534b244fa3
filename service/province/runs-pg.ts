// A county's check runs on the PostgreSQL store, as the check-run routes (routes/checks.ts) speak
// to them: a run started here is recorded and queued in one transaction and computed by a worker
// (`groundtruth worker`); its progress comes from the run's row and from the workers' NOTIFYs,
// which reach every node. Reads go where the node sends reads (store.reads: a replica or the
// primary); a followed run's row is read on the primary, where workers write it.
import type PgBoss from 'pg-boss';
import type { PgCountyStore, PgStore } from '../store/pg/index.ts';
import { resolveParams, type CheckParams, type CoverageResult } from '../checks/index.ts';
import type { CheckName } from '../checks/registry/index.ts';
import type { CheckRunStore, LiveProgress } from '../runs/run-store.ts';
import type { RunInfo } from '../runs/persist.ts';
import { toLatestRuns } from '../runs/persist.ts';
import { shapeSummaries, summaryRuns, type Summaries } from '../runs/summaries.ts';
import { startCountyRun } from './fanout.ts';
import type { ProgressListener } from './progress.ts';
import type { JobPolicy } from './queue.ts';
import { RQ } from './queries.ts';
import { getRunPg, latestRunPg, listRunsPg, runDocumentPg, toPgRunInfo, type PgRunInfo } from './runs.ts';

export interface PgRunsDeps {
  store: PgStore;
  boss: PgBoss;
  listener: ProgressListener;
  policy?: JobPolicy;
  /** Seconds between reads of a followed run's row, in case a NOTIFY was missed. */
  pollSeconds?: number;
}

export class PgRuns implements CheckRunStore {
  readonly scope: string;
  readonly filePrefix: string;

  constructor(
    private readonly deps: PgRunsDeps,
    private readonly county: PgCountyStore,
  ) {
    this.scope = `county ${county.county}`;
    this.filePrefix = `${county.county}-`;
  }

  get layers() {
    return this.county;
  }

  private get code() {
    return this.county.county;
  }

  async checkParams(request: Record<string, unknown>): Promise<void> {
    resolveParams((await this.county.datasetParams()) as Partial<CheckParams>, request as Partial<CheckParams>);
  }

  start(check: CheckName, request: Record<string, unknown>, user: string | null): Promise<number> {
    return startCountyRun(this.deps.store, this.deps.boss, check, this.code, request, user, this.deps.policy);
  }

  async list(check?: CheckName): Promise<RunInfo[]> {
    const current = await this.county.versions();
    if (!check) return listRunsPg(this.deps.store.reads, this.code, 100, current);
    const { rows } = await this.deps.store.reads.query(RQ.runListCheck.sql, [this.code, check, 100]);
    return rows.map((r) => toPgRunInfo(r, current));
  }

  async get(id: number): Promise<RunInfo | null> {
    return getRunPg(this.deps.store.reads, this.code, id, await this.county.versions());
  }

  progress(run: RunInfo): LiveProgress | null {
    const r = run as PgRunInfo;
    if (r.status !== 'running') return null;
    // A queued run whose last attempt failed waits for its retry.
    return { id: r.id, check: r.check, phase: r.phase === 'failed' ? 'retrying' : (r.phase ?? 'queued'), done: r.done, total: r.total };
  }

  document(id: number) {
    return runDocumentPg(this.deps.store.reads, this.code, id);
  }

  async latest(check: CheckName, batch?: string): Promise<RunInfo | null> {
    return latestRunPg(this.deps.store.reads, this.code, check, batch, await this.county.versions());
  }

  async summaries(): Promise<Summaries> {
    const db = this.deps.store.reads;
    const latest = toLatestRuns((await db.query(RQ.runLatestIds.sql, [this.code])).rows);
    const { patchRuns, ledgerRun, fireRun } = summaryRuns(latest);
    const [standing, fire, batches] = [
      (await db.query(RQ.summaryStanding.sql, [this.code, ledgerRun])).rows,
      (await db.query(RQ.summaryFire.sql, [this.code, fireRun])).rows,
      (await db.query(RQ.summaryBatches.sql, [this.code, patchRuns])).rows,
    ];
    const coverage = latest.coverage ? ((await runDocumentPg(db, this.code, latest.coverage)) as CoverageResult | null) : null;
    return shapeSummaries({ latest, standing, fire, batches, coverage });
  }

  follow(id: number, fn: (p: LiveProgress) => void): () => void {
    const county = this.code;
    let over = false;
    const stopListening = this.deps.listener.on((m) => {
      if (over || m.county !== county || m.id !== id) return;
      fn({ id, check: m.check, phase: m.phase, done: m.done, total: m.total, ...(m.error ? { error: m.error } : {}) });
    });
    // The row has the last word: a run that ended while a notification was lost still ends the stream.
    const timer = setInterval(() => {
      void getRunPg(this.deps.store.pool, county, id)
        .then((run) => {
          if (over || !run || run.status === 'running') return;
          fn({ id, check: run.check, phase: run.status, done: run.done, total: run.total, ...(run.error ? { error: run.error } : {}) });
        })
        .catch(() => undefined);
    }, (this.deps.pollSeconds ?? 5) * 1000);
    return () => {
      over = true;
      stopListening();
      clearInterval(timer);
    };
  }
}
