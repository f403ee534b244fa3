// A province run: one check over every county (or the listed ones). The province run, one queued
// county run per county and their jobs are written in one transaction, so a refused request or a
// failure leaves nothing half-queued, and a job never exists without its run.
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { PgStore } from '../store/pg/index.ts';
import { CountyError, checkCountyCode } from '../store/pg/county.ts';
import { resolveParams, type CheckParams } from '../checks/index.ts';
import type { CheckName } from '../checks/registry/index.ts';
import { RQ } from './queries.ts';
import { inTransaction } from '../store/pg/transaction.ts';
import { createRun, toPgRunInfo, type PgRunInfo } from './runs.ts';
import { CHECK_QUEUE, DEFAULT_POLICY, type CheckJob, type JobPolicy } from './queue.ts';

export interface ProvinceRun {
  id: number;
  check: CheckName;
  created_at: string;
  counties: { county: string; run: number }[];
}

/** The counties a request names, checked: each a county code (400) of a loaded county (404). */
export async function chooseCounties(store: PgStore, requested: unknown): Promise<string[]> {
  const known = (await store.counties()).map((c) => c.code);
  if (requested === undefined || requested === null) {
    if (!known.length) throw new CountyError('no county is loaded: import a dataset with a county_code first', 404);
    return known;
  }
  if (!Array.isArray(requested) || !requested.length) throw new CountyError('"counties" must be a non-empty list of county codes, e.g. ["330723"]', 400);
  const codes = [...new Set(requested.map((c) => checkCountyCode(c)))];
  const missing = codes.filter((c) => !known.includes(c));
  if (missing.length) {
    throw new CountyError(`unknown count${missing.length > 1 ? 'ies' : 'y'} ${missing.map((c) => `"${c}"`).join(', ')}: no dataset has been loaded for ${missing.length > 1 ? 'them' : 'it'}`, 404);
  }
  return codes.sort();
}

export async function startProvinceRun(
  store: PgStore,
  boss: PgBoss,
  check: CheckName,
  counties: string[],
  request: Record<string, unknown>,
  user: string | null,
  policy: JobPolicy = DEFAULT_POLICY,
): Promise<ProvinceRun> {
  // Bad parameters are refused before anything is written (each county's dataset.json may still
  // set others; those are resolved by the worker).
  resolveParams(request as Partial<CheckParams>);
  return inTransaction(store.pool, async (client) => {
    const { rows } = await client.query(RQ.provinceRunInsert.sql, [check, JSON.stringify(request), counties, user]);
    const id = rows[0].id as number;
    const out: ProvinceRun = { id, check, created_at: rows[0].created_at as string, counties: [] };
    const jobs: CheckJob[] = [];
    for (const county of counties) {
      const run = await createRun(client, county, id, check, request, user);
      out.counties.push({ county, run });
      jobs.push({ county, run, check, province_run: id });
    }
    await queueJobs(client, boss, jobs, policy);
    return out;
  });
}

/** pg-boss writes the jobs on the transaction's connection: committed with the runs or not at all. */
async function queueJobs(client: pg.PoolClient, boss: PgBoss, jobs: CheckJob[], policy: JobPolicy): Promise<void> {
  const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
  await boss.insert(
    jobs.map((data) => ({ name: CHECK_QUEUE, data, expireInSeconds: policy.leaseSeconds, retryLimit: policy.retryLimit, retryDelay: 0 })),
    { db },
  );
}

/**
 * One county's run, as POST /c/:county/api/checks/:check starts it: the run and its job in one
 * transaction, taken by a worker like a province run's. The caller has checked the parameters.
 */
export async function startCountyRun(
  store: PgStore,
  boss: PgBoss,
  check: CheckName,
  county: string,
  request: Record<string, unknown>,
  user: string | null,
  policy: JobPolicy = DEFAULT_POLICY,
): Promise<number> {
  return inTransaction(store.pool, async (client) => {
    const run = await createRun(client, county, null, check, request, user);
    await queueJobs(client, boss, [{ county, run, check, province_run: null }], policy);
    return run;
  });
}

export interface ProvinceRunStatus {
  id: number;
  check: CheckName;
  params: Record<string, unknown> | null;
  requested_by: string | null;
  created_at: string;
  /** done when every county run is done; failed when none is left to run and one failed. */
  status: 'running' | 'done' | 'failed';
  counts: Record<'queued' | 'running' | 'done' | 'failed', number>;
  counties: PgRunInfo[];
}

export async function provinceRunStatus(store: PgStore, id: number): Promise<ProvinceRunStatus | null> {
  const head = (await store.pool.query(RQ.provinceRunGet.sql, [id])).rows[0];
  if (!head) return null;
  const { rows } = await store.pool.query(RQ.provinceRunCounties.sql, [head.counties, id]);
  const counts = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) counts[r.status as keyof typeof counts]++;
  const open = counts.queued + counts.running;
  return {
    id,
    check: head.check as CheckName,
    params: head.params ? (JSON.parse(head.params as string) as Record<string, unknown>) : null,
    requested_by: (head.requested_by as string | null) ?? null,
    created_at: head.created_at as string,
    status: open ? 'running' : counts.failed ? 'failed' : 'done',
    counts,
    counties: rows.map((r) => toPgRunInfo(r)),
  };
}
