// One long-lived check thread per runner, holding the columnar layers between runs: a layer is
// posted to it once per version (its typed arrays are SharedArrayBuffers, so nothing is copied but
// ids and properties), and each run names the versions it uses. The thread is unref'd while idle
// so it never keeps a CLI or test process alive. GROUNDTRUTH_INLINE_CHECKS=1, or a platform that
// cannot start the thread, computes in this thread instead.
import { Worker } from 'node:worker_threads';
import type { CheckData, CheckParams } from '../checks/index.ts';
import type { LayerName } from '../layers/schema.ts';
import { runEngine } from '../runs/engine.ts';
import type { CheckDocument } from '../runs/persist.ts';
import type { CheckName } from '../checks/registry/index.ts';
import type { ColumnarLayer } from './columnar.ts';
import { checkFeatures, projectAll } from './engine-input.ts';

export type ToWorker =
  | { type: 'layer'; col: ColumnarLayer }
  | { type: 'run'; id: number; check: CheckName; params: Partial<CheckParams>; layers: Partial<Record<LayerName, number>> }
  | { type: 'warm'; id: number; layers: Partial<Record<LayerName, number>>; checks: LayerName[][]; metricCrs: string | null };

type FromWorker =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'done'; id: number; doc: CheckDocument | null }
  | { type: 'failed'; id: number; error: string };

interface Pending {
  resolve: (doc: CheckDocument | null) => void;
  reject: (err: Error) => void;
  onProgress: (done: number, total: number) => void;
}

export type ProgressCallback = (done: number, total: number) => void;

export function computeInline(check: CheckName, cols: ColumnarLayer[], params: Partial<CheckParams>, onProgress: ProgressCallback): CheckDocument {
  const data: CheckData = {};
  for (const col of cols) data[col.layer] = checkFeatures(col);
  return runEngine(check, data, params, onProgress);
}

export class CheckThread {
  private worker: Worker | null = null;
  private readonly sent = new Map<LayerName, number>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  run(check: CheckName, cols: ColumnarLayer[], params: Partial<CheckParams>, onProgress: ProgressCallback): Promise<CheckDocument> {
    const worker = process.env.GROUNDTRUTH_INLINE_CHECKS === '1' ? null : this.start();
    if (!worker) {
      try {
        return Promise.resolve(computeInline(check, cols, params, onProgress));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const layers = this.send(worker, cols);
    const id = this.nextId++;
    return new Promise<CheckDocument | null>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      worker.ref();
      worker.postMessage({ type: 'run', id, check, params, layers } satisfies ToWorker);
    }) as Promise<CheckDocument>;
  }

  /**
   * Makes the engine's features of `cols` and projects, for each group of layers in `checks` (the
   * layers of one check), every feature into the metric CRS that check will use: the next runs
   * on these versions only compute.
   */
  prepare(cols: ColumnarLayer[], checks: LayerName[][], metricCrs: string | null): Promise<void> {
    const worker = process.env.GROUNDTRUTH_INLINE_CHECKS === '1' ? null : this.start();
    if (!worker) {
      const byLayer = new Map(cols.map((c) => [c.layer, c]));
      for (const group of checks) {
        const data: CheckData = {};
        for (const l of group) data[l] = checkFeatures(byLayer.get(l)!);
        projectAll(data, metricCrs);
      }
      return Promise.resolve();
    }
    const layers = this.send(worker, cols);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve: () => resolve(), reject, onProgress: () => undefined });
      worker.ref();
      worker.postMessage({ type: 'warm', id, layers, checks, metricCrs } satisfies ToWorker);
    });
  }

  /** Posts the layers the thread does not have at these versions; returns the versions used. */
  private send(worker: Worker, cols: ColumnarLayer[]): Partial<Record<LayerName, number>> {
    for (const col of cols) {
      if (this.sent.get(col.layer) === col.version) continue;
      worker.postMessage({ type: 'layer', col } satisfies ToWorker);
      this.sent.set(col.layer, col.version);
    }
    return Object.fromEntries(cols.map((c) => [c.layer, c.version]));
  }

  /** Starts the thread ahead of the first run (loading the engine takes a while). */
  warm(): void {
    if (process.env.GROUNDTRUTH_INLINE_CHECKS !== '1') this.start();
  }

  /**
   * Makes the next run post every layer again, replacing those the thread holds: for layers of
   * another source (a county of the PostgreSQL store) whose versions may repeat these.
   */
  forget(): void {
    this.sent.clear();
  }

  /** Stops the thread (its layers go with it); the next run starts a new one. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.sent.clear();
    if (w) await w.terminate();
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(new URL('./worker-entry.mjs', import.meta.url));
    } catch {
      return null;
    }
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') {
        p.onProgress(m.done, m.total);
        return;
      }
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.type === 'done') p.resolve(m.doc);
      else p.reject(new Error(m.error));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) {
        this.worker = null;
        this.sent.clear();
      }
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`check thread stopped with exit code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
