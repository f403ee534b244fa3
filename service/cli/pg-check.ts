// `groundtruth check <check> --db postgres://… --county 330723`: one county's run computed in this
// process by the worker's job code (province/job.ts), recorded as a run of the county and saved
// in one transaction, so the service's /c/<county>/api/checks/<check>/latest shows it. The check,
// the county and the parameters are checked before anything is written.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKS, isCheckName } from '../checks/registry/index.ts';
import { resolveParams, type CheckParams } from '../checks/index.ts';
import { Progress } from './progress.ts';
import { existingCounty, withPgStore } from './pg-store.ts';

export interface PgCheckOptions {
  county?: string;
  out?: string;
  overrides: Record<string, string>;
}

export async function checkOnPg(url: string, check: string, opts: PgCheckOptions): Promise<void> {
  if (!isCheckName(check)) throw new Error(`unknown check "${check}"; checks are ${CHECKS.join(', ')}; nothing was run`);
  await withPgStore(url, async (store) => {
    const county = await existingCounty(store, opts.county);
    try {
      resolveParams((await county.datasetParams()) as Partial<CheckParams>, opts.overrides as Partial<CheckParams>);
    } catch (err) {
      throw new Error(`${(err as Error).message}; nothing was run`);
    }
    // The engine and the run tables load only for this command.
    const { migrateRuns, createRun, runDocumentPg } = await import('../province/runs.ts');
    const { ThreadSlot, processCheckJob } = await import('../province/job.ts');
    await migrateRuns(store);
    const progress = new Progress('check');
    const started = Date.now();
    const run = await createRun(store.pool, county.county, null, check, opts.overrides, 'cli');
    const slot = new ThreadSlot();
    let out;
    try {
      out = await processCheckJob(store, slot, { county: county.county, run, check, province_run: null }, false, (phase, done, total) =>
        progress.update(`${check} ${phase}${total ? ` ${done}/${total}` : ''}`),
      );
    } finally {
      await slot.close();
    }
    if (out.status === 'refused') throw new Error(`${out.error} (run ${run} of county ${county.county} failed)`);
    const where = `run ${run} of county ${county.county}, ${out.rows ?? 0} rows`;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (!opts.out) return progress.done(`${check}: done in ${seconds} s → ${where}`);
    await mkdir(opts.out, { recursive: true });
    const file = join(opts.out, `${check}.json`);
    await writeFile(file, `${JSON.stringify(await runDocumentPg(store.pool, county.county, run), null, 2)}\n`);
    progress.done(`${check}: done in ${seconds} s → ${file} (${where})`);
  });
}
