// Teardown plans of one county in the PostgreSQL store: the PlanStore the plan route module speaks
// to, over the statements of plan-queries.ts. Reads go to the read pool (a replica when one
// serves reads); plan writes to the primary. The latest fire run is the county's check_runs row.
import type pg from 'pg';
import { rowToFeature } from '../store/features.ts';
import type { PgCountyStore } from '../store/pg/index.ts';
import type { PlanResult } from '../teardown/types.ts';
import type { LedgerState, PendingRow, PlanMeta, PlanStore, StoredPlan } from '../teardown/plan-store.ts';
import { townshipMonthOf } from '../teardown/progress.ts';
import { latestRunPg } from './runs.ts';
import { PQ } from './plan-queries.ts';

const counts = (plan: PlanResult) => [plan.days.reduce((n, d) => n + d.items.length, 0), plan.unscheduled.length];

export class PgPlans implements PlanStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly reads: pg.Pool,
    private readonly county: PgCountyStore,
  ) {}

  private get code(): string {
    return this.county.county;
  }

  async save(plan: PlanResult, meta: PlanMeta): Promise<StoredPlan> {
    const { rows } = await this.pool.query(PQ.planInsert.sql, [
      this.code, meta.user, meta.metric_crs, meta.fire_run_id, JSON.stringify(plan.params), JSON.stringify(plan), ...counts(plan),
    ]);
    return { id: rows[0].id as number, created_at: rows[0].created_at as string, created_by: meta.user, updated_at: null, metric_crs: meta.metric_crs, fire_run_id: meta.fire_run_id, ...plan };
  }

  async get(id: number): Promise<StoredPlan | null> {
    // Within a write (a manual move) the read pool is the primary's, so the move is read back.
    const { rows } = await this.reads.query(PQ.planGet.sql, [this.code, id]);
    if (!rows.length) return null;
    const r = rows[0];
    return {
      id: r.id as number,
      created_at: r.created_at as string,
      created_by: r.created_by as string,
      updated_at: (r.updated_at as string | null) ?? null,
      metric_crs: r.metric_crs as string,
      fire_run_id: (r.fire_run_id as number | null) ?? null,
      ...(JSON.parse(r.plan as string) as PlanResult),
    };
  }

  async update(id: number, plan: PlanResult): Promise<void> {
    await this.pool.query(PQ.planUpdate.sql, [this.code, id, JSON.stringify(plan), ...counts(plan)]);
  }

  async list() {
    const { rows } = await this.reads.query(PQ.planList.sql, [this.code]);
    return rows.map((r) => ({
      id: r.id as number,
      created_at: r.created_at as string,
      created_by: r.created_by as string,
      params: JSON.parse(r.params as string),
      scheduled: r.scheduled as number,
      unscheduled: r.unscheduled as number,
    }));
  }

  async pendingLedger(): Promise<PendingRow[]> {
    return (await this.reads.query(PQ.pendingLedger.sql, [this.code])).rows as PendingRow[];
  }

  datasetParams(): Promise<Record<string, unknown>> {
    return this.county.datasetParams();
  }

  async latestFire() {
    const run = await latestRunPg(this.reads, this.code, 'fire');
    if (!run) return null;
    const enc = await this.reads.query(PQ.fireEncroachments.sql, [this.code, run.id]);
    const spc = await this.reads.query(PQ.fireSpacing.sql, [this.code, run.id]);
    return {
      runId: run.id,
      findings: {
        encroachments: enc.rows.map((r) => ({ building_id: r.building_id as string, blocked: Boolean(r.blocked) })),
        spacing: spc.rows.map((r) => ({ building_id: r.building_id as string, violations: Number(r.violations) })),
      },
    };
  }

  async outlines(ids: readonly string[]): Promise<Map<string, Uint8Array>> {
    if (!ids.length) return new Map();
    const { rows } = await this.reads.query(PQ.ledgerOutlines.sql, [this.code, ids]);
    return new Map(rows.map((r) => [r.id as string, r.wkb as Uint8Array]));
  }

  async townshipNames(): Promise<string[]> {
    return (await this.reads.query(PQ.townshipNames.sql, [this.code])).rows.map((r) => r.t as string);
  }

  async ledgerStates(ids: readonly string[]): Promise<Map<string, LedgerState>> {
    if (!ids.length) return new Map();
    const { rows } = await this.reads.query(PQ.ledgerStates.sql, [this.code, ids]);
    return new Map(rows.map((r) => [r.id as string, { status: r.status as string, demolished_on: (r.d as string | null) ?? null }]));
  }

  async demolishedByTownshipMonth() {
    return (await this.reads.query(PQ.demolishedByTownshipMonth.sql, [this.code])).rows.map(townshipMonthOf);
  }

  async ledgerFeatures(ids: readonly string[]) {
    const out: Awaited<ReturnType<PlanStore['ledgerFeatures']>> = new Map();
    if (!ids.length) return out;
    const { rows } = await this.reads.query(PQ.ledgerFeatures.sql, [this.code, ids]);
    for (const r of rows) {
      const f = rowToFeature('ledger', r);
      out.set(f.id, f);
    }
    return out;
  }
}
