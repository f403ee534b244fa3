// check: load a dataset (into a temporary database unless --db), run the checks of docs/spec/checks.md and
// write patches.json, fire.json and coverage.json in its Output format.
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

export function registerExtraCommands(program: Command): void {
  program
    .command('check')
    .description('load a dataset directory, run the checks and write <check>.json documents (docs/spec/checks.md)')
    .argument('<dataset-dir>', 'directory of <layer>.<ext> files and an optional dataset.json')
    .requiredOption('--out <dir>', 'where to write patches.json, fire.json, coverage.json')
    .option('--only <check>', `run one check: ${CHECKS.join(', ')}`)
    .option('--param <key=value...>', 'override a run parameter, e.g. --param min_overlap=0.4')
    .action(async (dir: string, opts: { out: string; only?: string; param?: string[] }, cmd: Command) => {
      if (opts.only && !isCheckName(opts.only)) throw new Error(`--only must be one of ${CHECKS.join(', ')}; got "${opts.only}"`);
      const explicitDb = dbOption(cmd);
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

        const overrides: Record<string, string> = {};
        for (const kv of opts.param ?? []) {
          const i = kv.indexOf('=');
          if (i < 1) throw new Error(`--param expects key=value; got "${kv}"`);
          overrides[kv.slice(0, i)] = kv.slice(i + 1);
        }
        // The check engine loads only for this command.
        const { CheckRunner } = await import('../runs/runner.ts');
        const runner = await CheckRunner.create(store);
        await mkdir(opts.out, { recursive: true });
        const checks: CheckName[] = opts.only ? [opts.only as CheckName] : [...CHECKS];
        for (const check of checks) {
          const started = Date.now();
          const onProgress = (p: { id: number; phase: string; done: number; total: number }) =>
            progress.update(`${check} ${p.phase}${p.total ? ` ${p.done}/${p.total}` : ''}`);
          const stop = runner.events.on('run-progress', onProgress);
          const { finished } = await runner.start(check, overrides, 'cli');
          const doc = await finished.finally(stop);
          await writeFile(join(opts.out, `${check}.json`), `${JSON.stringify(doc, null, 2)}\n`);
          progress.done(`${check}: done in ${((Date.now() - started) / 1000).toFixed(1)} s → ${join(opts.out, `${check}.json`)}`);
        }
      } finally {
        store.close();
        if (tmp) await rm(tmp, { recursive: true, force: true });
      }
    });
}
