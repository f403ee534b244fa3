// A worker process: N loops taking check jobs from the queue, each with its own check thread, so
// N county runs compute at once on N cores. Any number of workers run on any machines; each also
// runs the queue's maintenance, which hands the jobs of a dead worker to the living once their
// lease has run out.
import type PgBoss from 'pg-boss';
import { PgStore } from '../store/pg/index.ts';
import { migrateRuns } from './runs.ts';
import { CHECK_QUEUE, openQueue, type CheckJob } from './queue.ts';
import { ThreadSlot, processCheckJob } from './job.ts';

export interface WorkerOptions {
  concurrency?: number;
  /** Seconds between this worker's looks for expired leases. */
  maintenanceSeconds?: number;
  /** Seconds between polls of an idle loop. */
  pollSeconds?: number;
  log?: (line: string) => void;
}

export interface RunningWorker {
  stop(): Promise<void>;
}

export async function startWorker(url: string, opts: WorkerOptions = {}): Promise<RunningWorker> {
  const concurrency = opts.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new Error(`--concurrency must be a whole number from 1 to 64; got ${String(opts.concurrency)}`);
  }
  const log = opts.log ?? (() => undefined);
  const store = await PgStore.open(url, { max: concurrency + 2 });
  let boss: PgBoss | null = null;
  const slots = Array.from({ length: concurrency }, () => new ThreadSlot());
  try {
    await migrateRuns(store);
    boss = await openQueue(url, { supervise: true, maintenanceSeconds: opts.maintenanceSeconds ?? 30 });
    for (const slot of slots) {
      await boss.work<CheckJob>(CHECK_QUEUE, { batchSize: 1, pollingIntervalSeconds: opts.pollSeconds ?? 1, includeMetadata: true }, async ([job]) => {
        const t0 = Date.now();
        const { county, run, check } = job.data;
        log(`run ${run}: ${check} of ${county} (attempt ${job.retryCount + 1})`);
        const out = await processCheckJob(store, slot, job.data, job.retryCount < job.retryLimit).catch((err: unknown) => {
          log(`run ${run}: ${check} of ${county} failed: ${err instanceof Error ? err.message : String(err)}`);
          throw err;
        });
        if (out.status === 'refused') return void log(`run ${run}: ${check} of ${county} refused, not retried: ${out.error}`);
        log(`run ${run}: ${check} of ${county} ${out.status}${out.rows !== undefined ? `, ${out.rows} rows` : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      });
    }
  } catch (err) {
    await boss?.stop({ graceful: false, wait: false }).catch(() => undefined);
    await store.close().catch(() => undefined);
    throw err;
  }
  return {
    async stop() {
      await boss!.stop({ graceful: true, wait: true, timeout: 30_000 });
      for (const s of slots) await s.close();
      await store.close();
    },
  };
}
