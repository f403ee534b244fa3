// import and export: moving layer files in and out of the database.
import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { isLayerName, LAYER_NAMES, type LayerName } from '../layers/schema.ts';
import { Store } from '../store/index.ts';
import { loadDataset, loadLayerFile, type LoadResult } from '../datasets/load.ts';
import { exportCsv, exportGeoJSON, exportParquet, EXPORT_FORMATS } from '../export/layer.ts';
import { Progress, formatBytes } from './progress.ts';
import { printLoadResult } from './report.ts';
import { basename, extname } from 'node:path';
import type { AuditedLayerStore, LayerStore } from '../store/layer-store.ts';
import { existingCounty, importCounty, isPgUrl, withPgStore } from './pg-store.ts';

export function dbOption(cmd: Command): string | undefined {
  return cmd.optsWithGlobals().db as string | undefined;
}

function progressFor(label: string) {
  const p = new Progress(label);
  return {
    progress: p,
    onProgress: (read: number, bytes: number, total: number) =>
      p.update(`${read.toLocaleString('en')} features, ${formatBytes(bytes)}${total ? ` of ${formatBytes(total)} (${Math.round((100 * bytes) / total)}%)` : ''}`),
  };
}

/** Guesses the layer of a single file from its name: ledger.geojson, patches_2024Q2.zip … */
export function layerFromFileName(path: string): LayerName | null {
  const stem = basename(path, extname(path)).toLowerCase();
  return LAYER_NAMES.find((l) => stem === l || stem.startsWith(`${l}_`) || stem.startsWith(`${l}-`) || stem.startsWith(`${l}.`)) ?? null;
}

interface ImportOpts {
  layer?: string;
  crs?: string;
  fieldMap?: string;
  allowRejects?: boolean;
  allowEmpty?: boolean;
  ignoreUnplaced?: boolean;
  county?: string;
}

/** Loads a file or a dataset directory into one county's layers, whichever store holds them. */
async function runImport(store: AuditedLayerStore, path: string, opts: ImportOpts): Promise<void> {
  const results: LoadResult[] = [];
  if ((await stat(path)).isDirectory()) {
    const { progress, onProgress } = progressFor('import');
    const ds = await loadDataset(store, path, {
      allowRejects: opts.allowRejects,
      allowEmpty: opts.allowEmpty,
      ignoreUnplaced: opts.ignoreUnplaced,
      crs: opts.crs,
      onLayer: (l) => progress.update(`loading ${l}`, true),
      onProgress,
    });
    progress.done(`dataset ${ds.name ?? path}: ${ds.layers.length} layer files`);
    results.push(...ds.layers);
  } else {
    const layer = opts.layer ?? layerFromFileName(path);
    if (!layer || !isLayerName(layer)) {
      throw new Error(`say which layer ${path} is with --layer (one of ${LAYER_NAMES.join(', ')})`);
    }
    const { progress, onProgress } = progressFor(`import ${layer}`);
    const result = await loadLayerFile(store, path, {
      layer,
      crs: opts.crs,
      fieldMap: opts.fieldMap ? (JSON.parse(opts.fieldMap) as Record<string, string>) : undefined,
      allowRejects: opts.allowRejects,
      allowEmpty: opts.allowEmpty,
      onProgress,
    });
    progress.done(`${result.read.toLocaleString('en')} features read`);
    results.push(result);
  }
  results.forEach((r) => printLoadResult(r));
  if (results.some((r) => !r.committed)) {
    throw new Error('some files were not loaded; their layers keep their previous version (see the problems above)');
  }
}

/** GeoJSON or CSV of one layer to a file or standard output. */
async function writeExport(store: Pick<LayerStore, 'read'>, layer: LayerName, opts: { format: string; out?: string }): Promise<void> {
  const out = opts.out ? createWriteStream(opts.out) : process.stdout;
  const n = opts.format === 'csv' ? await exportCsv(store, layer, out) : await exportGeoJSON(store, layer, out);
  if (opts.out) {
    out.end();
    await once(out, 'finish');
  }
  process.stderr.write(`export: ${n} features${opts.out ? ` → ${opts.out}` : ''}\n`);
}

export function registerDataCommands(program: Command): void {
  program
    .command('import')
    .description('load a layer file, or every <layer>.<ext> of a dataset directory (with its dataset.json)')
    .argument('<path>', 'a file (.geojson .json .geojsonl .ndjson .parquet .shp .zip .csv) or a dataset directory')
    .option('--layer <layer>', `layer of a single file: ${LAYER_NAMES.join(', ')}`)
    .option('--crs <crs>', 'declared CRS when the file has none: EPSG:4326, EPSG:4490, EPSG:4513–4554, GCJ02')
    .option('--field-map <json>', 'source column → property, e.g. {"监测编号":"id"}')
    .option('--allow-rejects', 'load the valid features and report the rejected ones (default: all or nothing)')
    .option('--allow-empty', 'accept a file with no features as the new, empty layer')
    .option('--ignore-unplaced', 'load a dataset directory even when some files fit no layer')
    .option('--county <code>', 'county code (6-digit 行政区划代码) on a PostgreSQL store; default: dataset.json "county_code"')
    .action(async (path: string, opts: ImportOpts, cmd: Command) => {
      const db = dbOption(cmd);
      if (isPgUrl(db)) {
        // The county is checked before the store is touched: a refused import writes nothing.
        const county = await importCounty(path, opts.county);
        await withPgStore(db, async (pg) => runImport(await pg.addCounty(county.code, county.name), path, opts));
        return;
      }
      if (opts.county) throw new Error('--county is for a PostgreSQL store (--db postgres://…); a DuckDB file holds one county');
      const store = await Store.open(db);
      try {
        await runImport(store, path, opts);
      } finally {
        store.close();
      }
    });


  program
    .command('export')
    .description('write a layer as GeoJSON, CSV (UTF-8 with BOM, WKT geometry) or GeoParquet')
    .argument('<layer>', LAYER_NAMES.join(', '))
    .option('--format <format>', EXPORT_FORMATS.join(', '), 'geojson')
    .option('--out <file>', 'output file (standard output when omitted; required for parquet)')
    .option('--county <code>', 'county code on a PostgreSQL store (needed when it holds more than one)')
    .action(async (layer: string, opts: { format: string; out?: string; county?: string }, cmd: Command) => {
      if (!isLayerName(layer)) throw new Error(`unknown layer "${layer}"; layers are ${LAYER_NAMES.join(', ')}`);
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
        throw new Error(`unknown format "${opts.format}"; formats are ${EXPORT_FORMATS.join(', ')}`);
      }
      const db = dbOption(cmd);
      if (isPgUrl(db)) {
        if (opts.format === 'parquet') throw new Error('parquet export is from a DuckDB file; export geojson or csv from PostgreSQL');
        await withPgStore(db, async (pg) => writeExport(await existingCounty(pg, opts.county), layer, opts));
        return;
      }
      const store = await Store.open(db);
      try {
        if (opts.format === 'parquet') {
          if (!opts.out) throw new Error('parquet needs --out FILE');
          const n = await exportParquet(store, layer, opts.out);
          process.stderr.write(`export: ${n} features → ${opts.out}\n`);
          return;
        }
        await writeExport(store, layer, opts);
      } finally {
        store.close();
      }
    });
}
