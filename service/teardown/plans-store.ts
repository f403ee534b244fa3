// Stored plans: one row per plan with its parameters and the whole plan document (days,
// unscheduled, overrides). A manual move rewrites the document in place.
import type { Store } from '../store/index.ts';
import type { PlanResult } from './types.ts';
import type { PlanMeta, PlanSummary, StoredPlan } from './plan-store.ts';

export type { PlanSummary, StoredPlan };

export const PLANS_SQL = [
  `CREATE SEQUENCE IF NOT EXISTS teardown_plan_seq`,
  `CREATE TABLE IF NOT EXISTS teardown_plans (
     id BIGINT PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL, created_by VARCHAR NOT NULL, updated_at TIMESTAMPTZ,
     metric_crs VARCHAR, fire_run_id BIGINT, params JSON NOT NULL, plan JSON NOT NULL
   )`,
];

const TS = (c: string) => `strftime(${c}, '%Y-%m-%dT%H:%M:%SZ')`;

export async function savePlan(store: Store, plan: PlanResult, meta: PlanMeta): Promise<StoredPlan> {
  const rows = await store.writes.run(() =>
    store.all(
      `INSERT INTO teardown_plans VALUES (nextval('teardown_plan_seq'), now(), ?, NULL, ?, ?, CAST(? AS JSON), CAST(? AS JSON))
       RETURNING id, ${TS('created_at')} AS created_at`,
      [meta.user, meta.metric_crs, meta.fire_run_id, JSON.stringify(plan.params), JSON.stringify(plan)],
    ),
  );
  return { id: Number(rows[0].id), created_at: rows[0].created_at as string, created_by: meta.user, updated_at: null, metric_crs: meta.metric_crs, fire_run_id: meta.fire_run_id, ...plan };
}

export async function getPlan(store: Store, id: number): Promise<StoredPlan | null> {
  const rows = await store.all(
    `SELECT id, ${TS('created_at')} AS created_at, created_by, ${TS('updated_at')} AS updated_at, metric_crs, fire_run_id, CAST(plan AS VARCHAR) AS plan
     FROM teardown_plans WHERE id = ?`,
    [id],
  );
  if (!rows.length) return null;
  const r = rows[0];
  return {
    id: Number(r.id),
    created_at: r.created_at as string,
    created_by: r.created_by as string,
    updated_at: (r.updated_at as string | null) ?? null,
    metric_crs: r.metric_crs as string,
    fire_run_id: r.fire_run_id === null ? null : Number(r.fire_run_id),
    ...(JSON.parse(r.plan as string) as PlanResult),
  };
}

export async function updatePlan(store: Store, id: number, plan: PlanResult): Promise<void> {
  await store.writes.run(() => store.all(`UPDATE teardown_plans SET plan = CAST(? AS JSON), updated_at = now() WHERE id = ?`, [JSON.stringify(plan), id]));
}

export async function listPlans(store: Store): Promise<PlanSummary[]> {
  const rows = await store.all(
    `SELECT id, ${TS('created_at')} AS created_at, created_by, CAST(params AS VARCHAR) AS params,
       CAST(json_array_length(plan, '$.unscheduled') AS BIGINT) AS unscheduled,
       CAST((SELECT sum(json_array_length(d, '$.items')) FROM (SELECT unnest(CAST(json_extract(plan, '$.days') AS JSON[])) AS d)) AS BIGINT) AS scheduled
     FROM teardown_plans ORDER BY id DESC`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    created_at: r.created_at as string,
    created_by: r.created_by as string,
    params: JSON.parse(r.params as string),
    scheduled: Number(r.scheduled ?? 0),
    unscheduled: Number(r.unscheduled ?? 0),
  }));
}
