// Running checks as stored runs: record the run, read the layers (columns kept per layer
// version, see layercache/), compute in the check thread (progress as events), then store the rows
// and the document in one transaction.
import { resolveParams, type CheckParams } from '../checks/index.ts';
import type { Store } from '../store/index.ts';
import { LayerCache } from '../layercache/cache.ts';
import { CheckThread } from '../layercache/pool.ts';
import { saveResultRows, type CheckDocument } from './persist.ts';
import { RUNS_SQL } from './tables.ts';
import { checkOf, type CheckName } from '../checks/registry/index.ts';
import type { LayerName } from '../layers/schema.ts';
import type { ColumnarLayer } from '../layercache/columnar.ts';

import { EventHub, type RunProgress } from '../events.ts';

export type { RunProgress };

/** The layers a check relies on for its findings; any of them empty is a warning in the result. */
const ESSENTIAL: Partial<Record<CheckName, LayerName[]>> = {
  patches: ['patches', 'ledger', 'permits'],
  fire: ['ledger', 'fire_lanes'],
  coverage: ['demand', 'transfer_stations'],
};

/** The checks whose layers keepReady() holds read, indexed and projected ahead of their runs. */
const KEPT_READY: CheckName[] = ['patches', 'fire', 'coverage'];

export function emptyLayers(check: CheckName, layers: readonly ColumnarLayer[]): { empty_layers: LayerName[]; warnings: string[] } {
  const empty = layers.filter((l) => l.size === 0).map((l) => l.layer);
  const warnings = empty
    .filter((l) => (ESSENTIAL[check] ?? checkOf(check).layers).includes(l))
    .map((l) => `layer ${l} is empty: the ${check} check found nothing to report about it, which is not a clean result; load ${l} and run again`);
  return { empty_layers: empty, warnings };
}

export class CheckRunner {
  private readonly active = new Map<number, RunProgress>();
  /** The layers checks read, as columns per layer version (tiles read them too). */
  readonly layers: LayerCache;
  private readonly thread = new CheckThread();
  private readyNow: Promise<void> = Promise.resolve();
  private rewarm: NodeJS.Timeout | null = null;
  private stopKeeping: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    /** Hears run-progress and run-finished. */
    readonly events: EventHub = new EventHub(),
  ) {
    this.layers = new LayerCache(store);
  }

  static async create(store: Store, events?: EventHub): Promise<CheckRunner> {
    await store.migrate(RUNS_SQL);
    // A run still 'running' in a database just opened was cut off by a crash or a kill.
    await store.db.run(
      `UPDATE check_runs SET status = 'failed', finished_at = now(),
         error = 'interrupted: the service stopped while this run was in progress; start it again'
       WHERE status = 'running'`,
    );
    const runner = new CheckRunner(store, events);
    runner.thread.warm();
    return runner;
  }

  /**
   * Reads the layers of the kept-ready checks into columns, makes the engine's features and
   * projects them into each check's metric CRS now, and again shortly after any of them changes:
   * a run then only computes and saves, as a database answers from tables it loaded and indexed
   * beforehand. `ready()` resolves when the current preparation is done.
   */
  keepReady(): void {
    if (this.stopKeeping) return;
    const groups = KEPT_READY.map((c) => [...checkOf(c).layers]);
    const watched = new Set(groups.flat());
    const prepare = () => {
      this.readyNow = (async () => {
        const params = await this.params({});
        const cols = await this.layers.getAll([...watched]);
        await this.thread.prepare(cols, groups, params.metric_crs);
      })().catch(() => undefined); // a failed preparation only means the next run reads itself
    };
    this.stopKeeping = this.events.on('layer-changed', ({ layer }) => {
      if (!watched.has(layer)) return;
      if (this.rewarm) clearTimeout(this.rewarm);
      // Loads often change several layers in a row: prepare once they settle.
      this.rewarm = setTimeout(prepare, 1000);
      this.rewarm.unref();
    });
    prepare();
  }

  /** Resolves when the layers keepReady() prepares are ready (at once when it was not asked). */
  ready(): Promise<void> {
    return this.readyNow;
  }

  /** Stops the check thread (its memory goes with it) and the keeping ready. */
  async close(): Promise<void> {
    this.stopKeeping?.();
    this.stopKeeping = null;
    if (this.rewarm) clearTimeout(this.rewarm);
    await this.readyNow;
    await this.thread.close();
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
    this.events.emit('run-progress', { ...state });
  }

  private async execute(state: RunProgress, params: CheckParams): Promise<CheckDocument> {
    try {
      // Reading counts layers; a layer unchanged since an earlier run comes from memory.
      const cols = await this.layers.getAll(checkOf(state.check).layers, (done, total) => {
        Object.assign(state, { done, total });
        this.emit(state);
      });
      const empty = emptyLayers(state.check, cols);
      Object.assign(state, { phase: 'computing', done: 0, total: 0 });
      this.emit(state);
      const doc = await this.thread.run(state.check, cols, params, (done, total) => {
        Object.assign(state, { done, total });
        this.emit(state);
      });
      // An empty input layer makes a clean result meaningless: the document says so.
      if (empty.empty_layers.length) Object.assign(doc, empty);
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
      this.events.emit('run-finished', { id: state.id, check: state.check });
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
