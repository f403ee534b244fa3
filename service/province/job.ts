// One check job: a county's layers read from PostgreSQL (one keyed query per layer, pages of its
// (county_code, fid) key), the same engine in the same check thread as the county edition, and
// the rows written in one transaction. Progress goes to the run's row at each phase and to every
// service node by NOTIFY, throttled, so an SSE stream works whichever node the browser talks to.
import type pg from 'pg';
import type { PgStore } from '../store/pg/index.ts';
import { resolveParams, type CheckParams } from '../checks/index.ts';
import { checkOf } from '../checks/registry/index.ts';
import { readColumnarPg } from '../layercache/read-pg.ts';
import type { ColumnarLayer } from '../layercache/columnar.ts';
import { CheckThread } from '../layercache/pool.ts';
import { emptyLayers } from '../runs/runner.ts';
import { RQ } from './queries.ts';
import { getRunPg, saveRunPg } from './runs.ts';
import type { CheckJob } from './queue.ts';
import type { ProgressMessage } from './progress.ts';

/** Milliseconds between NOTIFYs of one job's counts (phase changes go at once). */
const NOTIFY_EVERY_MS = 250;

/**
 * A check thread kept between jobs, so the engine loads once per loop. The thread knows its layers
 * by name and version only, which repeat across counties: a job of another county posts all of
 * its layers again, replacing the previous county's.
 */
export class ThreadSlot {
  private readonly thread = new CheckThread();
  private county: string | null = null;

  async for(county: string): Promise<CheckThread> {
    if (this.county !== county) {
      this.thread.forget();
      this.county = county;
    }
    return this.thread;
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

async function publish(pool: pg.Pool, m: ProgressMessage): Promise<void> {
  await pool.query(RQ.notify.sql, [JSON.stringify(m)]).catch(() => undefined);
}

export interface JobOutcome {
  /** refused: the engine refused the run's parameters; the run failed at once, not to be retried. */
  status: 'done' | 'already-done' | 'refused';
  rows?: number;
  error?: string;
}

/**
 * Parameters the engine refuses (a value out of range, a siting id that names no candidate) fail
 * the same way on every attempt. The engine names them "check parameter <name>: …" (checks/params.ts,
 * checks/siting.ts), also across the check thread, where only the message survives.
 */
export const isParamRefusal = (message: string): boolean => /^check parameter [a-z_]+:/.test(message);

/** What a job reports as it goes, besides the run's row and NOTIFY (the CLI prints it). */
export type JobProgress = (phase: ProgressMessage['phase'], done: number, total: number) => void;

/**
 * Runs one job to the end or throws (the queue then retries it while attempts remain). A run whose
 * parameters are refused is failed at once and resolves as `refused`, so the queue does not retry it.
 */
export async function processCheckJob(store: PgStore, slot: ThreadSlot, job: CheckJob, willRetry: boolean, onProgress?: JobProgress): Promise<JobOutcome> {
  const { county, run: id, check } = job;
  const pool = store.pool;
  const run = await getRunPg(pool, county, id);
  if (!run) throw new Error(`run ${id} of county ${county} is not recorded`);
  // An attempt that committed before its worker died: the rows are there, nothing to redo.
  if (run.status === 'done') return { status: 'already-done' };
  const state: ProgressMessage = { id, county, check, province_run: job.province_run, phase: 'reading', done: 0, total: 0 };
  let last = 0;
  const progress = async (phase: ProgressMessage['phase'], done: number, total: number, force = false) => {
    const changed = phase !== state.phase;
    Object.assign(state, { phase, done, total });
    onProgress?.(phase, done, total);
    const now = Date.now();
    if (!force && !changed && now - last < NOTIFY_EVERY_MS) return;
    last = now;
    if (changed || force) await pool.query(RQ.runProgress.sql, [county, id, phase, done, total]).catch(() => undefined);
    await publish(pool, { ...state });
  };
  try {
    const countyStore = await store.county(county);
    const params: CheckParams = resolveParams((await countyStore.datasetParams()) as Partial<CheckParams>, (run.params ?? {}) as Partial<CheckParams>);
    const started = await pool.query(RQ.runStart.sql, [county, id]);
    if (!started.rowCount) return { status: 'already-done' };
    const layers = checkOf(check).layers;
    await progress('reading', 0, layers.length, true);
    const cols: ColumnarLayer[] = [];
    const client = await pool.connect();
    try {
      for (const layer of layers) {
        cols.push(await readColumnarPg(client, county, layer));
        await progress('reading', cols.length, layers.length, true);
      }
    } finally {
      client.release();
    }
    const empty = emptyLayers(check, cols);
    await progress('computing', 0, 0, true);
    const thread = await slot.for(county);
    const doc = await thread.run(check, cols, params, (done, total) => void progress('computing', done, total));
    if (empty.empty_layers.length) Object.assign(doc, empty);
    await progress('saving', 0, 0, true);
    const versions = Object.fromEntries(cols.map((c) => [c.layer, c.version]));
    await saveRunPg(pool, county, id, check, doc, versions);
    state.phase = 'done';
    await publish(pool, { ...state });
    return { status: 'done', rows: checkOf(check).tables.reduce((n, t) => n + t.rows(doc).length, 0) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const refused = isParamRefusal(message);
    const retry = willRetry && !refused;
    // While the queue will try again the run stays queued, with the last attempt's error.
    await pool.query(RQ.runFailed.sql, [county, id, retry ? 'queued' : 'failed', message]).catch(() => undefined);
    await publish(pool, { ...state, phase: retry ? 'retrying' : 'failed', error: message });
    onProgress?.('failed', state.done, state.total);
    if (refused) return { status: 'refused', error: message };
    throw err;
  }
}
