// Running checks as stored runs: record the run, read the layers, compute in a worker thread
// (progress as events), then store the rows and the document in one transaction.
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { resolveParams, type CheckData, type CheckParams } from '../checks/index.ts';
import type { Store } from '../store/index.ts';
import { loadCheckData } from './data.ts';
import { runEngine } from './engine.ts';
import { saveResultRows, type CheckDocument } from './persist.ts';
import { RUNS_SQL } from './tables.ts';
import { checkOf, type CheckName } from '../checks/registry/index.ts';

export interface RunProgress {
  id: number;
  check: CheckName;
  phase: 'reading' | 'computing' | 'saving' | 'done' | 'failed';
  done: number;
  total: number;
  error?: string;
}

/** Runs the engine in a worker thread; falls back to this thread where workers cannot load TypeScript. */
function compute(check: CheckName, data: CheckData, params: Partial<CheckParams>, onProgress: (d: number, t: number) => void): Promise<CheckDocument> {
  if (process.env.GROUNDTRUTH_INLINE_CHECKS === '1') return Promise.resolve(runEngine(check, data, params, onProgress));
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
        workerData: { check, data, params },
      });
    } catch {
      resolve(runEngine(check, data, params, onProgress));
      return;
    }
    worker.on('message', (m: { type: string; done?: number; total?: number; doc?: CheckDocument; error?: string }) => {
      if (m.type === 'progress') onProgress(m.done!, m.total!);
      else if (m.type === 'done') resolve(m.doc!);
      else if (m.type === 'failed') reject(new Error(m.error));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`check worker stopped with exit code ${code}`));
    });
  });
}

export class CheckRunner {
  readonly events = new EventEmitter();
  private readonly active = new Map<number, RunProgress>();

  constructor(private readonly store: Store) {
    this.events.setMaxListeners(0);
  }

  static async create(store: Store): Promise<CheckRunner> {
    await store.migrate(RUNS_SQL);
    return new CheckRunner(store);
  }

  progress(id: number): RunProgress | undefined {
    return this.active.get(id);
  }

  /** Resolves request parameters over dataset.json's; throws (with the parameter named) on bad values. */
  async params(request: Record<string, unknown>): Promise<CheckParams> {
    return resolveParams((await this.store.datasetParams()) as Partial<CheckParams>, request as Partial<CheckParams>);
  }

  /** Records a run and starts it; resolves to its id at once, and `finished` when it ends. */
  async start(check: CheckName, request: Record<string, unknown>, user: string | null): Promise<{ id: number; finished: Promise<CheckDocument> }> {
    const params = await this.params(request);
    const versions = await this.store.versions();
    const used = Object.fromEntries(checkOf(check).layers.map((l) => [l, versions[l]]));
    const [{ id: rawId }] = await this.store.all(
      `INSERT INTO check_runs (id, "check", batch, status, params, layer_versions, started_at, run_by)
       VALUES (nextval('check_run_seq'), ?, ?, 'running', CAST(? AS JSON), CAST(? AS JSON), now(), ?) RETURNING id`,
      [check, params.batch, JSON.stringify(params), JSON.stringify(used), user],
    );
    const id = Number(rawId);
    const state: RunProgress = { id, check, phase: 'reading', done: 0, total: 0 };
    this.active.set(id, state);
    this.emit(state);
    const finished = this.execute(state, params);
    finished.catch(() => undefined);
    return { id, finished };
  }

  private emit(state: RunProgress) {
    this.events.emit('progress', { ...state });
  }

  private async execute(state: RunProgress, params: CheckParams): Promise<CheckDocument> {
    try {
      const data = await loadCheckData(this.store, state.check);
      state.phase = 'computing';
      this.emit(state);
      const doc = await compute(state.check, data, params, (done, total) => {
        Object.assign(state, { done, total });
        this.emit(state);
      });
      state.phase = 'saving';
      this.emit(state);
      const batch = checkOf(state.check).batched ? ((doc.params as CheckParams).batch ?? null) : null;
      await this.store.db.transaction(async (conn) => {
        await saveResultRows(conn, state.id, state.check, doc);
        await conn.run(
          `UPDATE check_runs SET status = 'done', finished_at = now(), batch = ?, params = CAST(? AS JSON), document = CAST(? AS JSON) WHERE id = ?`,
          [batch, JSON.stringify(doc.params), JSON.stringify(doc), state.id],
        );
      });
      state.phase = 'done';
      this.emit(state);
      this.events.emit('finished', { id: state.id, check: state.check });
      return doc;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.store.db
        .run(`UPDATE check_runs SET status = 'failed', finished_at = now(), error = ? WHERE id = ?`, [message, state.id])
        .catch(() => undefined);
      Object.assign(state, { phase: 'failed', error: message });
      this.emit(state);
      throw err;
    } finally {
      setTimeout(() => this.active.delete(state.id), 60_000).unref();
    }
  }
}
