// The job queue of check runs: pg-boss, in the same PostgreSQL database (its own schema `pgboss`;
// under Citus it stays on the coordinator, as SKIP LOCKED needs one node). One job per county run.
// A job's lease is pg-boss's expiry: a job still active after `leaseSeconds` is failed by the
// maintenance of any running worker and retried (up to `retryLimit` times) by whichever worker
// fetches it next, so a worker killed mid-run costs one lease, never the run.
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { CheckName } from '../checks/registry/index.ts';

export const CHECK_QUEUE = 'groundtruth-check-run';

export interface CheckJob {
  county: string;
  run: number;
  check: CheckName;
  province_run: number | null;
}

export interface JobPolicy {
  /** Seconds a worker may hold a job before it counts as lost; longer than the longest county run. */
  leaseSeconds: number;
  /** Attempts after the first. */
  retryLimit: number;
}

export const DEFAULT_POLICY: JobPolicy = { leaseSeconds: 900, retryLimit: 5 };

export interface BossOptions {
  /** Run pg-boss maintenance (expiring lost jobs) in this process, every `maintenanceSeconds`. */
  supervise?: boolean;
  maintenanceSeconds?: number;
  /** Connections pg-boss may hold. */
  max?: number;
}

/** Starts pg-boss on `url` (creating its schema and the queue when missing). */
export async function openQueue(url: string, opts: BossOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    max: opts.max ?? 4,
    supervise: opts.supervise ?? false,
    maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 30,
    schedule: false,
    application_name: 'groundtruth',
  });
  // pg-boss reports maintenance and connection trouble as events; without a listener an
  // EventEmitter 'error' would end the process.
  boss.on('error', (err) => process.stderr.write(`groundtruth queue: ${err instanceof Error ? err.message : String(err)}\n`));
  await boss.start();
  if (!(await boss.getQueue(CHECK_QUEUE))) await createQueueOnce(url, boss);
  return boss;
}

/** The advisory lock key under which one process at a time creates the queue ("gtqueue" as bytes). */
const QUEUE_LOCK = 0x6774717565756500n.toString();

/**
 * Creates the check queue unless another process did first. pg-boss's create_queue run by two
 * processes at once (nodes and workers started together on a new database) deadlocks, and the
 * loser cannot tell whether the winner will commit; so the processes take turns under a session
 * advisory lock, held on a connection of its own and dropped with it.
 */
async function createQueueOnce(url: string, boss: PgBoss): Promise<void> {
  const lock = new pg.Client({ connectionString: url });
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [QUEUE_LOCK]);
    if (!(await boss.getQueue(CHECK_QUEUE))) await boss.createQueue(CHECK_QUEUE, { name: CHECK_QUEUE, policy: 'standard' });
  } finally {
    await lock.end().catch(() => undefined);
  }
}
