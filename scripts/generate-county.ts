// CLI of the sample county generator:
//   npx tsx scripts/generate-county.ts --out data/sample [--footprints N] [--seed S] [--parquet]
import { Command } from 'commander';
import { DEFAULT_FOOTPRINTS, DEFAULT_SEED, generateCounty } from './county/generate.ts';

const program = new Command()
  .name('generate-county')
  .description('Writes a deterministic synthetic county (武义县) with one <layer>.geojson per layer, dataset.json and PLANTED.md.')
  .requiredOption('--out <dir>', 'output directory')
  .option('--footprints <n>', 'number of building footprints', String(DEFAULT_FOOTPRINTS))
  .option('--seed <s>', 'random seed (same seed, same bytes)', DEFAULT_SEED)
  .option('--parquet', 'also write <layer>.parquet (GeoParquet via DuckDB)', false)
  .parse();

const o = program.opts<{ out: string; footprints: string; seed: string; parquet: boolean }>();
const footprints = Number(o.footprints);
if (!Number.isInteger(footprints)) throw new Error(`--footprints must be an integer, got ${o.footprints}`);
const summary = await generateCounty({ out: o.out, footprints, seed: o.seed, parquet: o.parquet, log: (l) => console.error(l) });
console.log(JSON.stringify({ out: o.out, ...summary }));
