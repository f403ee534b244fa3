// Writing a finished run's rows and document in one transaction, and reading runs back.
import { DuckDBDataChunk, type DuckDBType, type DuckDBValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Store } from '../store/index.ts';
import { CHECK_LIST, checkOf, type CheckDocument, type CheckName } from '../checks/registry/index.ts';
import { appenderRow, appenderTypes, resultTableName } from '../checks/registry/sql.ts';

export type { CheckDocument };

async function append(conn: DuckDBConnection, table: string, types: DuckDBType[], rows: DuckDBValue[][]) {
  if (!rows.length) return;
  const appender = await conn.createAppender(table);
  try {
    for (let i = 0; i < rows.length; i += 2048) {
      const slice = rows.slice(i, i + 2048);
      const chunk = DuckDBDataChunk.create(types, slice.length);
      chunk.setRows(slice);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

export async function saveResultRows(conn: DuckDBConnection, runId: number, check: CheckName, doc: CheckDocument): Promise<void> {
  const id = BigInt(runId);
  for (const t of checkOf(check).tables) {
    const rows = t.rows(doc) as Record<string, unknown>[];
    await append(conn, resultTableName(t), appenderTypes(t), rows.map((r) => appenderRow(t, id, r)));
  }
}

export interface RunInfo {
  id: number;
  check: CheckName;
  batch: string | null;
  status: 'running' | 'done' | 'failed';
  params: Record<string, unknown> | null;
  layer_versions: Record<string, number>;
  started_at: string;
  finished_at: string | null;
  run_by: string | null;
  error: string | null;
  stale: boolean;
  /** Set when an input layer the check relies on was empty (see the document's empty_layers). */
  warnings?: string[];
}

const RUN_COLUMNS = `id, "check", batch, status, CAST(params AS VARCHAR) AS params, CAST(layer_versions AS VARCHAR) AS layer_versions,
  strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS started_at, strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at, run_by, error,
  CAST(json_extract(document, '$.warnings') AS VARCHAR) AS warnings`;

function toRunInfo(r: Record<string, unknown>, current: Record<string, number>): RunInfo {
  const versions = JSON.parse((r.layer_versions as string) ?? '{}') as Record<string, number>;
  return {
    id: Number(r.id),
    check: r.check as CheckName,
    batch: (r.batch as string | null) ?? null,
    status: r.status as RunInfo['status'],
    params: r.params ? (JSON.parse(r.params as string) as Record<string, unknown>) : null,
    layer_versions: versions,
    started_at: r.started_at as string,
    finished_at: (r.finished_at as string | null) ?? null,
    run_by: (r.run_by as string | null) ?? null,
    error: (r.error as string | null) ?? null,
    ...(r.warnings ? { warnings: JSON.parse(r.warnings as string) as string[] } : {}),
    // Stale: a layer it read has changed since (a different version now).
    stale: Object.entries(versions).some(([layer, v]) => current[layer] !== v),
  };
}

export async function listRuns(store: Store, filter: { check?: CheckName; limit?: number } = {}): Promise<RunInfo[]> {
  const current = await store.versions();
  const rows = await store.all(
    `SELECT ${RUN_COLUMNS} FROM check_runs ${filter.check ? 'WHERE "check" = ?' : ''} ORDER BY id DESC LIMIT ?`,
    [...(filter.check ? [filter.check] : []), filter.limit ?? 100],
  );
  return rows.map((r) => toRunInfo(r, current));
}

export async function getRun(store: Store, id: number): Promise<RunInfo | null> {
  const rows = await store.all(`SELECT ${RUN_COLUMNS} FROM check_runs WHERE id = ?`, [id]);
  return rows.length ? toRunInfo(rows[0], await store.versions()) : null;
}

/** The latest finished run of a check (of a batch, for patches). */
export async function latestRun(store: Store, check: CheckName, batch?: string): Promise<RunInfo | null> {
  const rows = await store.all(
    `SELECT ${RUN_COLUMNS} FROM check_runs WHERE "check" = ? AND status = 'done' ${batch ? 'AND batch = ?' : ''} ORDER BY id DESC LIMIT 1`,
    [check, ...(batch ? [batch] : [])],
  );
  return rows.length ? toRunInfo(rows[0], await store.versions()) : null;
}

/** Latest finished runs: per batch for a batched check, else the one id (null before any run). */
export type LatestRuns = {
  [C in (typeof CHECK_LIST)[number] as C['name']]: C['batched'] extends true ? Record<string, number> : number | null;
};

/** Latest finished run id per check (and per batch for batched checks): what tiles and summaries show. */
export async function latestRunIds(store: Store): Promise<LatestRuns> {
  const rows = await store.all(
    `SELECT "check", coalesce(batch, '') AS batch, max(id) AS id FROM check_runs WHERE status = 'done' GROUP BY ALL`,
  );
  return latestRunsOf(rows);
}

/** LatestRuns from rows of (check, batch ('' without one), newest finished id): both stores read these. */
export function latestRunsOf(rows: Record<string, unknown>[]): LatestRuns {
  const out = Object.fromEntries(CHECK_LIST.map((c) => [c.name, c.batched ? {} : null])) as Record<string, Record<string, number> | number | null>;
  for (const r of rows) {
    const check = CHECK_LIST.find((c) => c.name === r.check);
    if (!check) continue;
    if (check.batched) (out[check.name] as Record<string, number>)[r.batch as string] = Number(r.id);
    else out[check.name] = Number(r.id);
  }
  return out as LatestRuns;
}

/** The runs of a check that tiles show, from latestRunIds. */
export function shownRuns(latest: LatestRuns, check: CheckName): { ids: number[]; newest: number } {
  const v = (latest as Record<string, Record<string, number> | number | null>)[check];
  const ids = v === null || v === undefined ? [] : typeof v === 'number' ? [v] : Object.values(v);
  return { ids, newest: ids.length ? Math.max(...ids) : -1 };
}

export async function runDocument(store: Store, id: number): Promise<CheckDocument | null> {
  const rows = await store.all(`SELECT CAST(document AS VARCHAR) AS d FROM check_runs WHERE id = ?`, [id]);
  return rows.length && rows[0].d ? (JSON.parse(rows[0].d as string) as CheckDocument) : null;
}
