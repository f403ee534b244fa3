// CLI of the sample county generator:
//   npx tsx scripts/generate-county.ts --out data/sample [--footprints N] [--seed S] [--parquet]
import { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { DEFAULT_FOOTPRINTS, DEFAULT_SEED, generateCounty } from './county/generate.ts';
import { renderSampleImagery } from './county/imagery.ts';

const program = new Command()
  .name('generate-county')
  .description('Writes a deterministic synthetic county (武义县) with one <layer>.geojson per layer, dataset.json and PLANTED.md.')
  .requiredOption('--out <dir>', 'output directory')
  .option('--footprints <n>', 'number of building footprints', String(DEFAULT_FOOTPRINTS))
  .option('--seed <s>', 'random seed (same seed, same bytes)', DEFAULT_SEED)
  .option('--parquet', 'also write <layer>.parquet (GeoParquet via DuckDB)', false)
  .option('--imagery <dir>', 'also render before/after GeoTIFFs (EPSG:4549) of the change patches into <dir> (tens of MB; npm start makes them in var/)')
  .parse();

const o = program.opts<{ out: string; footprints: string; seed: string; parquet: boolean; imagery?: string }>();
const footprints = Number(o.footprints);
if (!Number.isInteger(footprints)) throw new Error(`--footprints must be an integer, got ${o.footprints}`);
const summary = await generateCounty({ out: o.out, footprints, seed: o.seed, parquet: o.parquet, log: (l) => console.error(l) });
const imagery = o.imagery ? await mkdir(o.imagery, { recursive: true }).then(() => renderSampleImagery(o.out, o.imagery!)) : undefined;
console.log(JSON.stringify({ out: o.out, ...summary, ...(imagery ? { imagery } : {}) }));
