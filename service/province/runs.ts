// A county's check runs on PostgreSQL: recorded when a province run fans out, started and
// finished by a worker, read back as the DuckDB edition's RunInfo (runs/persist.ts). A finished
// run's rows and document are written in one transaction that first deletes whatever rows the
// run id has, so a job retried after a worker died leaves exactly the rows of one clean run.
import type pg from 'pg';
import type { PgStore } from '../store/pg/index.ts';
import { checkOf, type CheckDocument, type CheckName } from '../checks/registry/index.ts';
import type { RunInfo } from '../runs/persist.ts';
import type { CheckParams } from '../checks/index.ts';
import { RQ, resultStatements } from './queries.ts';
import { runSchemaSql } from './schema.ts';
import { fieldSchemaSql } from './field-queries.ts';
import { inTransaction } from '../store/pg/transaction.ts';

/** Rows per INSERT: a JSON parameter of a few MB at most. */
const CHUNK = 5000;

export type Queryable = pg.Pool | pg.PoolClient | pg.Client;

/** The run tables, and the verdict and field-update tables the province report reads beside them. */
export async function migrateRuns(store: PgStore): Promise<void> {
  await store.migrate([...runSchemaSql(), ...fieldSchemaSql()]);
}

export interface PgRunInfo extends RunInfo {
  county_code: string;
  province_run: number | null;
  phase: string | null;
  done: number;
  total: number;
  attempts: number;
}

export function toPgRunInfo(r: Record<string, unknown>, current?: Record<string, number>): PgRunInfo {
  const versions = r.layer_versions ? (JSON.parse(r.layer_versions as string) as Record<string, number>) : {};
  const status = r.status as string;
  return {
    id: r.id as number,
    county_code: r.county_code as string,
    province_run: (r.province_run as number | null) ?? null,
    check: r.check as CheckName,
    batch: (r.batch as string | null) ?? null,
    // queued runs read as running to the single-county API: started, not finished.
    status: (status === 'queued' ? 'running' : status) as RunInfo['status'],
    phase: (r.phase as string | null) ?? null,
    done: r.done as number,
    total: r.total as number,
    attempts: r.attempts as number,
    params: r.params ? (JSON.parse(r.params as string) as Record<string, unknown>) : null,
    layer_versions: versions,
    started_at: (r.started_at as string | null) ?? '',
    finished_at: (r.finished_at as string | null) ?? null,
    run_by: (r.run_by as string | null) ?? null,
    error: (r.error as string | null) ?? null,
    ...(r.warnings && r.warnings !== 'null' ? { warnings: JSON.parse(r.warnings as string) as string[] } : {}),
    stale: current ? Object.entries(versions).some(([layer, v]) => current[layer] !== v) : false,
  };
}

export async function createRun(db: Queryable, county: string, provinceRun: number | null, check: CheckName, request: Record<string, unknown>, user: string | null): Promise<number> {
  const { rows } = await db.query(RQ.runInsert.sql, [county, provinceRun, check, JSON.stringify(request), user]);
  return rows[0].id as number;
}

export async function getRunPg(db: Queryable, county: string, id: number, current?: Record<string, number>): Promise<PgRunInfo | null> {
  const { rows } = await db.query(RQ.runGet.sql, [county, id]);
  return rows.length ? toPgRunInfo(rows[0], current) : null;
}

export async function latestRunPg(db: Queryable, county: string, check: CheckName, batch?: string, current?: Record<string, number>): Promise<PgRunInfo | null> {
  const { rows } = batch ? await db.query(RQ.runLatestBatch.sql, [county, check, batch]) : await db.query(RQ.runLatest.sql, [county, check]);
  return rows.length ? toPgRunInfo(rows[0], current) : null;
}

export async function listRunsPg(db: Queryable, county: string, limit = 100, current?: Record<string, number>): Promise<PgRunInfo[]> {
  const { rows } = await db.query(RQ.runList.sql, [county, limit]);
  return rows.map((r) => toPgRunInfo(r, current));
}

export async function runDocumentPg(db: Queryable, county: string, id: number): Promise<CheckDocument | null> {
  const { rows } = await db.query(RQ.runDocument.sql, [county, id]);
  return rows.length && rows[0].d ? (JSON.parse(rows[0].d as string) as CheckDocument) : null;
}

/** Rows of one run per result table (the kill test and the benchmark count them). */
export async function countRunRows(db: Queryable, county: string, id: number, check: CheckName): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of checkOf(check).tables) out[t.name] = (await db.query(resultStatements(t).count.sql, [county, id])).rows[0].n as number;
  return out;
}

/** The run's rows and document, all or nothing; rows an earlier attempt left are replaced. */
export async function saveRunPg(pool: pg.Pool, county: string, id: number, check: CheckName, doc: CheckDocument, versions: Record<string, number>): Promise<void> {
  await inTransaction(pool, async (client) => {
    for (const t of checkOf(check).tables) {
      const q = resultStatements(t);
      await client.query(q.del.sql, [county, id]);
      const rows = t.rows(doc) as Record<string, unknown>[];
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK).map((r, k) => {
          const o: Record<string, unknown> = { row_no: i + k };
          for (const [name] of t.columns) o[name] = r[name] ?? null;
          return o;
        });
        await client.query(q.insert.sql, [county, id, JSON.stringify(chunk)]);
      }
    }
    const batch = checkOf(check).batched ? ((doc.params as CheckParams).batch ?? null) : null;
    await client.query(RQ.runDone.sql, [county, id, batch, JSON.stringify(doc.params), JSON.stringify(doc), JSON.stringify(versions)]);
  });
}
