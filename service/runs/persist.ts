// Writing a finished run's rows and document in one transaction, and reading runs back.
import { DuckDBDataChunk, listValue, VARCHAR, DOUBLE, BIGINT, BOOLEAN, INTEGER, LIST, type DuckDBType, type DuckDBValue, type DuckDBConnection } from '@duckdb/node-api';
import type { CoverageResult, FireResult, PatchesResult } from '../checks/index.ts';
import type { Store } from '../store/index.ts';
import type { CheckName } from './tables.ts';

export type CheckDocument = PatchesResult | FireResult | CoverageResult;

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

const S = VARCHAR;
const D = DOUBLE;
const B = BOOLEAN;

export async function saveResultRows(conn: DuckDBConnection, runId: number, check: CheckName, doc: CheckDocument): Promise<void> {
  const id = BigInt(runId);
  if (check === 'patches') {
    const d = doc as PatchesResult;
    await append(conn, 'result_patches', [BIGINT, S, S, S, D, LIST(VARCHAR), D, S], d.patches.map((p) => [
      id, p.batch, p.id, p.class, p.overlap, listValue(p.ids), p.area_m2, p.township ?? null,
    ]));
    await append(conn, 'result_ledger_class', [BIGINT, S, S, D, S, S], d.ledger.map((l) => [
      id, l.id, l.class, l.area_m2, l.status, l.township ?? null,
    ]));
  } else if (check === 'fire') {
    const d = doc as FireResult;
    await append(conn, 'result_encroachments', [BIGINT, S, S, D, D, D, B], d.encroachments.map((e) => [
      id, e.building_id, e.lane_id, e.encroach_area_m2, e.distance_m, e.remaining_width_m, e.blocked,
    ]));
    await append(conn, 'result_spacing', [BIGINT, S, S, S, D, D, INTEGER], d.spacing.map((s) => [
      id, s.building_id, s.neighbor_id, s.neighbor_layer, s.spacing_m, s.required_m, s.violations,
    ]));
  } else {
    const d = doc as CoverageResult;
    await append(conn, 'result_demand', [BIGINT, S, S, D, B, D, B, D, S], d.demand.map((u) => [
      id, u.id, u.station_id, u.distance_m, u.covered, u.demand_tpd, u.in_landfill_setback, u.population, u.township ?? null,
    ]));
    await append(conn, 'result_stations', [BIGINT, S, D, D, D, B], d.stations.map((s) => [
      id, s.id, s.assigned_tpd, s.capacity_tpd, s.utilization, s.overloaded,
    ]));
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

/** Latest finished run id per check (and per batch for patches): what tiles and summaries show. */
export async function latestRunIds(store: Store): Promise<{ patches: Record<string, number>; fire: number | null; coverage: number | null }> {
  const rows = await store.all(
    `SELECT "check", coalesce(batch, '') AS batch, max(id) AS id FROM check_runs WHERE status = 'done' GROUP BY ALL`,
  );
  const out = { patches: {} as Record<string, number>, fire: null as number | null, coverage: null as number | null };
  for (const r of rows) {
    if (r.check === 'patches') out.patches[r.batch as string] = Number(r.id);
    else out[r.check as 'fire' | 'coverage'] = Number(r.id);
  }
  return out;
}

export async function runDocument(store: Store, id: number): Promise<CheckDocument | null> {
  const rows = await store.all(`SELECT CAST(document AS VARCHAR) AS d FROM check_runs WHERE id = ?`, [id]);
  return rows.length && rows[0].d ? (JSON.parse(rows[0].d as string) as CheckDocument) : null;
}
