// `groundtruth worker`: takes check jobs of the province edition from the PostgreSQL queue.
import type { Command } from 'commander';
import { dbOption } from './data-commands.ts';

export function registerWorkerCommands(program: Command): void {
  program
    .command('worker')
    .description('run check jobs of a PostgreSQL store (--db postgres://…) until stopped; start any number, anywhere')
    .option('--concurrency <n>', 'county runs computed at once (one check thread each)', '1')
    .option('--maintenance-seconds <s>', 'how often this worker hands expired jobs (of a killed worker) back to the queue', '30')
    .option('--poll-seconds <s>', 'how often an idle loop asks for a job', '1')
    .action(async (opts: { concurrency: string; maintenanceSeconds: string; pollSeconds: string }, cmd: Command) => {
      const db = dbOption(cmd);
      if (!db || !/^postgres(ql)?:\/\//.test(db)) {
        throw new Error(`the worker needs a PostgreSQL store: --db postgres://user@host:port/database (or GROUNDTRUTH_DB); got ${db ? `"${db}"` : 'none'}`);
      }
      const num = (name: string, v: string) => {
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number; got "${v}"`);
        return n;
      };
      // Loaded here so that other commands do not pay for the queue and the check engine.
      const { startWorker } = await import('../province/worker.ts');
      const worker = await startWorker(db, {
        concurrency: num('concurrency', opts.concurrency),
        maintenanceSeconds: num('maintenance-seconds', opts.maintenanceSeconds),
        pollSeconds: num('poll-seconds', opts.pollSeconds),
        log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
      });
      process.stdout.write(`worker ready: ${opts.concurrency} loop(s) on ${db.replace(/:[^:@/]*@/, ':***@')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          void worker.stop().finally(resolve);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
    });
}
