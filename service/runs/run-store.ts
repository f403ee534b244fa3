// What the check-run routes (routes/checks.ts) need of a store, per request: start a run, read
// runs, documents and summaries, and hear a run's progress. The county edition's DuckDB file and
// its in-process runner stand behind duckRuns(); a province node's PostgreSQL tables and job queue
// behind province/runs-pg.ts. The routes answer the same over either.
import type { Store } from '../store/index.ts';
import type { LayerStore } from '../store/layer-store.ts';
import type { CheckDocument, CheckName } from '../checks/registry/index.ts';
import type { CheckRunner, RunProgress } from './runner.ts';
import { getRun, latestRun, listRuns, runDocument, type RunInfo } from './persist.ts';
import { summaries, type Summaries } from './summaries.ts';

/** A run's live progress; a queued run of the province edition reads phase "queued". */
export type LiveProgress = Omit<RunProgress, 'phase'> & { phase: string };

export interface CheckRunStore {
  /** Who the runs belong to in messages ("county 330723"); empty on the county edition. */
  readonly scope: string;
  /** Goes before download file names (e.g. "330723-"). */
  readonly filePrefix: string;
  /** Where result tables find their geometry for GeoJSON. */
  readonly layers: Pick<LayerStore, 'read'>;
  /** Throws, naming the parameter, when the request's parameters (over dataset.json's) are refused. */
  checkParams(request: Record<string, unknown>): Promise<void>;
  /** Records a run and starts or queues it; resolves to its id. */
  start(check: CheckName, request: Record<string, unknown>, user: string | null): Promise<number>;
  list(check?: CheckName): Promise<RunInfo[]>;
  get(id: number): Promise<RunInfo | null>;
  /** The live progress of a run just read, null when none is known. */
  progress(run: RunInfo): LiveProgress | null;
  document(id: number): Promise<CheckDocument | null>;
  latest(check: CheckName, batch?: string): Promise<RunInfo | null>;
  summaries(): Promise<Summaries>;
  /** Calls `fn` with the run's progress (ending with phase done or failed) until the returned stop. */
  follow(id: number, fn: (p: LiveProgress) => void): () => void;
}

/** The county edition: the DuckDB file and the runner computing in this process. */
export function duckRuns(store: Store, runner: CheckRunner): CheckRunStore {
  return {
    scope: '',
    filePrefix: '',
    layers: store,
    async checkParams(request) {
      await runner.params(request);
    },
    async start(check, request, user) {
      return (await runner.start(check, request, user)).id;
    },
    list: (check) => listRuns(store, { check }),
    get: (id) => getRun(store, id),
    progress: (run) => runner.progress(run.id) ?? null,
    document: (id) => runDocument(store, id),
    latest: (check, batch) => latestRun(store, check, batch),
    summaries: () => summaries(store),
    follow: (id, fn) =>
      runner.events.on('run-progress', (p) => {
        if (p.id === id) fn(p);
      }),
  };
}
