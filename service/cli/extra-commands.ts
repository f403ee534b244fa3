// check: load a dataset (into a temporary database unless --db), run the checks of docs/spec/checks.md and
// write patches.json, fire.json and coverage.json in its Output format. On PostgreSQL it runs one
// check on a county already loaded (pg-check.ts).
import type { Command } from 'commander';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../store/index.ts';
import { loadDataset } from '../datasets/load.ts';
import { CHECKS, isCheckName, type CheckName } from '../checks/registry/index.ts';
import { Progress } from './progress.ts';
import { printLoadResult } from './report.ts';
import { dbOption } from './data-commands.ts';
import { isPgUrl } from './pg-store.ts';

export function registerExtraCommands(program: Command): void {
  program
    .command('check')
    .description(
      'load a dataset directory, run the checks and write <check>.json documents (docs/spec/checks.md);\n' +
        'on PostgreSQL (--db postgres://…): run one check on one loaded county and store the run',
    )
    .argument('<dataset-dir|check>', 'directory of <layer>.<ext> files and an optional dataset.json; on PostgreSQL the check to run')
    .option('--out <dir>', 'where to write patches.json, fire.json, coverage.json (required on DuckDB)')
    .option('--only <check>', `run one check: ${CHECKS.join(', ')}`)
    .option('--param <key=value...>', 'override a run parameter, e.g. --param min_overlap=0.4')
    .option('--county <code>', 'county code on a PostgreSQL store (needed when it holds more than one)')
    .action(async (dir: string, opts: { out?: string; only?: string; param?: string[]; county?: string }, cmd: Command) => {
      if (opts.only && !isCheckName(opts.only)) throw new Error(`--only must be one of ${CHECKS.join(', ')}; got "${opts.only}"`);
      const overrides: Record<string, string> = {};
      for (const kv of opts.param ?? []) {
        const i = kv.indexOf('=');
        if (i < 1) throw new Error(`--param expects key=value; got "${kv}"`);
        overrides[kv.slice(0, i)] = kv.slice(i + 1);
      }
      const explicitDb = dbOption(cmd);
      if (isPgUrl(explicitDb)) {
        if (opts.only) throw new Error('on PostgreSQL the check is the argument: groundtruth check fire --county 330723');
        const { checkOnPg } = await import('./pg-check.ts');
        return checkOnPg(explicitDb, dir, { county: opts.county, out: opts.out, overrides });
      }
      if (opts.county) throw new Error('--county is for a PostgreSQL store (--db postgres://…); a DuckDB file holds one county');
      if (!opts.out) throw new Error("required option '--out <dir>' not specified");
      const outDir = opts.out;
      const tmp = explicitDb ? null : await mkdtemp(join(tmpdir(), 'groundtruth-check-'));
      const store = await Store.open(explicitDb ?? join(tmp!, 'check.duckdb'));
      try {
        const progress = new Progress('check');
        const ds = await loadDataset(store, dir, {
          onLayer: (l) => progress.update(`loading ${l}`, true),
          onProgress: (read) => progress.update(`${read.toLocaleString('en')} features`),
        });
        progress.done(`loaded ${ds.layers.length} layer files from ${dir}`);
        ds.layers.forEach((r) => printLoadResult(r, (l) => process.stderr.write(`${l}\n`)));
        if (ds.layers.some((r) => !r.committed)) throw new Error('the dataset did not load; nothing was checked');

        // The check engine loads only for this command.
        const { CheckRunner } = await import('../runs/runner.ts');
        const runner = await CheckRunner.create(store);
        await mkdir(outDir, { recursive: true });
        const checks: CheckName[] = opts.only ? [opts.only as CheckName] : [...CHECKS];
        for (const check of checks) {
          const started = Date.now();
          const onProgress = (p: { id: number; phase: string; done: number; total: number }) =>
            progress.update(`${check} ${p.phase}${p.total ? ` ${p.done}/${p.total}` : ''}`);
          const stop = runner.events.on('run-progress', onProgress);
          const { finished } = await runner.start(check, overrides, 'cli');
          const doc = await finished.finally(stop);
          await writeFile(join(outDir, `${check}.json`), `${JSON.stringify(doc, null, 2)}\n`);
          progress.done(`${check}: done in ${((Date.now() - started) / 1000).toFixed(1)} s → ${join(outDir, `${check}.json`)}`);
        }
      } finally {
        store.close();
        if (tmp) await rm(tmp, { recursive: true, force: true });
      }
    });
}
