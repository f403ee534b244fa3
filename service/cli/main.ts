// The `groundtruth` command line: import, export, serve, user, demo (and check, once checks land).
// Every command exits non-zero with the message on standard error when anything fails.
import { Command, Option } from 'commander';
import { registerDataCommands } from './data-commands.ts';
import { registerServerCommands } from './server-commands.ts';
import { registerExtraCommands } from './extra-commands.ts';
import { registerImageryCommands } from './imagery-commands.ts';
import { registerPlanCommands } from './plan-commands.ts';
import { registerTilesCommands } from './tiles-commands.ts';
import { PG_COMMANDS, isPgUrl } from './pg-store.ts';
import { registerWorkerCommands } from './worker-commands.ts';

const program = new Command();
program
  .name('groundtruth')
  .description(
    'Groundtruth: load county layers (patches, ledger, permits, footprints, fire lanes, waste facilities) into DuckDB,\n' +
      'run the spatial checks and serve them as JSON, CSV, GeoJSON and vector tiles.',
  )
  .addOption(new Option('--db <file|url>', 'DuckDB file, or postgres://… for the province edition (many counties)').env('GROUNDTRUTH_DB'))
  .showHelpAfterError();

// A postgres:// URL given to a DuckDB-only command would otherwise become a DuckDB file of that name.
program.hook('preAction', (_root, action) => {
  const db = action.optsWithGlobals().db as string | undefined;
  const name = [action.parent && action.parent !== program ? action.parent.name() : '', action.name()].filter(Boolean).join(' ');
  if (isPgUrl(db) && !PG_COMMANDS.has(name)) {
    throw new Error(`"${name}" runs on a DuckDB file only so far; on PostgreSQL: ${[...PG_COMMANDS].join(', ')}`);
  }
});

registerDataCommands(program);
registerServerCommands(program);
registerExtraCommands(program);
registerImageryCommands(program);
registerPlanCommands(program);
registerTilesCommands(program);
registerWorkerCommands(program);

// Benchmarks ask for the peak memory of a whole command.
if (process.env.GROUNDTRUTH_REPORT_RSS === '1') {
  process.on('exit', () => process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\n`));
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`groundtruth: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
