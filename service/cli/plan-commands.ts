// plan-teardown: a teardown plan from the stored ledger and the latest fire run, written as JSON
// (and kept in the database like a plan made over HTTP).
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { Store } from '../store/index.ts';
import { dbOption } from './data-commands.ts';
import { parsePlanRequest, PlanInputError } from '../teardown/request.ts';
import { planTeardown } from '../teardown/plan.ts';
import { loadPlanSource } from '../teardown/records.ts';
import { PLANS_SQL, savePlan } from '../teardown/plans-store.ts';
import { TEARDOWN_SQL } from '../teardown/tables.ts';
import { RUNS_SQL } from '../runs/tables.ts';

/** `A:3000` or `A:3000:王宅镇,履坦镇` → a crew. */
export function parseCrew(spec: string): { name: string; m2_per_day: number; townships?: string[] } {
  const [name, m2, towns] = spec.split(':');
  const crew: { name: string; m2_per_day: number; townships?: string[] } = { name, m2_per_day: Number(m2) };
  if (towns) crew.townships = towns.split(',').filter(Boolean);
  return crew;
}

export function registerPlanCommands(program: Command): void {
  program
    .command('plan-teardown')
    .description('plan teardown days from the stored ledger (pending records) and the latest fire run')
    .requiredOption('--from <date>', 'first day of the plan, YYYY-MM-DD')
    .requiredOption('--weeks <n>', 'how many weeks')
    .requiredOption('--crew <crew...>', 'a crew and its m² per day, e.g. A:3000 or B:2000:王宅镇,履坦镇')
    .option('--weekday <day...>', 'teardown weekdays (mon … sun)', ['thu'])
    .option('--no-require-notice', 'plan records without a notice and deadline too')
    .requiredOption('--out <file>', 'where to write the plan JSON')
    .action(async (opts: { from: string; weeks: string; crew: string[]; weekday: string[]; requireNotice: boolean; out: string }, cmd: Command) => {
      const store = await Store.open(dbOption(cmd));
      try {
        await store.migrate([...TEARDOWN_SQL, ...RUNS_SQL, ...PLANS_SQL]);
        const source = await loadPlanSource(store);
        const request = { from: opts.from, weeks: Number(opts.weeks), weekdays: opts.weekday, crews: opts.crew.map(parseCrew), require_notice: opts.requireNotice };
        let params;
        try {
          params = parsePlanRequest(request, { today: new Date().toISOString().slice(0, 10), townships: source.townships });
        } catch (err) {
          if (err instanceof PlanInputError) throw new Error(`bad plan request, ${err.message}`);
          throw err;
        }
        const plan = planTeardown(source.records, params);
        const saved = await savePlan(store, plan, { user: 'cli', metric_crs: source.metric_crs, fire_run_id: source.fire_run_id });
        await writeFile(opts.out, `${JSON.stringify(saved, null, 2)}\n`);
        const scheduled = plan.days.reduce((n, d) => n + d.items.length, 0);
        process.stderr.write(`plan ${saved.id}: ${scheduled} records on ${plan.days.filter((d) => d.items.length).length} crew-days, ${plan.unscheduled.length} unscheduled → ${opts.out}\n`);
      } finally {
        store.close();
      }
    });
}
