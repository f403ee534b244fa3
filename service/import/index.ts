// The importers: a county's layer file → a stream of validated LayerFeatures and a load report.
// Format readers produce raw features; one pipeline converts CRS, repairs, types and checks them.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { csvSource } from './csv.ts'; // CSV with wkt or lon/lat columns
import { formatByContent, formatByExtension, type FormatName } from './formats.ts'; // which reader
import { geojsonSource } from './geojson.ts'; // streaming FeatureCollection
import { ndjsonSource } from './ndjson.ts'; // one Feature per line
import { parquetSource } from './parquet.ts'; // GeoParquet via in-memory DuckDB
import { chooseProjection, newReport, validateSource } from './pipeline.ts'; // CRS, repair, typing, duplicates
import { describeParquet, hasParquetMagic } from './parquet.ts';
import { planParquet } from './parquet-plan.ts'; // which Parquet columns DuckDB carries as they are
import { stageParquetColumns } from './parquet-columns.ts'; // GeoParquet loaded by column
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { StagedRows } from '../store/load.ts';
import { shapefileSource } from './shapefile.ts'; // loose or zipped .shp/.dbf/.prj
import { ImportError, type ImportOptions, type ImportReport, type RawSource } from './types.ts';
import type { LayerFeature } from '../layers/schema.ts';
import { parseCrs } from '../geo/crs.ts';

export { ImportError } from './types.ts';
export type { ImportOptions, ImportReport, LoadProblem, DatasetConfig } from './types.ts';
export { parseDate } from './dates.ts';
export { detectLayerFiles, placeLayerFiles, readDatasetJson } from './dataset.ts';

/** The report's CRS before the first feature fixes it (an unknown one fails there, with its message). */
function initialCrsName(decl: string | object | undefined): string {
  if (decl === undefined) return 'EPSG:4326';
  try {
    return parseCrs(decl).code;
  } catch {
    return typeof decl === 'string' ? decl : 'unknown';
  }
}

async function openSource(path: string, file: string, format: FormatName, size: number, opts: ImportOptions): Promise<RawSource> {
  switch (format) {
    case 'geojson':
      return geojsonSource(path, file, size);
    case 'ndjson':
      return ndjsonSource(path, file, size);
    case 'geoparquet':
      return parquetSource(path, file, size);
    case 'shapefile':
      return shapefileSource(path, file, size, opts.encoding);
    case 'csv':
      return csvSource(path, file, size, opts.encoding);
  }
}

/** The checks every load makes before reading: the file is there, not empty, the field map is sound, the format known. */
async function prepare(path: string, opts: ImportOptions): Promise<{ file: string; size: number; format: FormatName }> {
  const file = opts.label ?? basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new ImportError(file, `cannot read the file: ${(err as Error).message}`);
  }
  if (size === 0) throw new ImportError(file, 'the file is empty');
  for (const [src, target] of Object.entries(opts.fieldMap ?? {})) {
    if (typeof target !== 'string' || target === '') throw new ImportError(file, `field map entry ${JSON.stringify(src)} must name a property, got ${JSON.stringify(target)}`);
  }
  const format = formatByExtension(path) ?? (await formatByContent(path));
  if (!format) throw new ImportError(file, 'unknown file format (expected .geojson, .json, .ndjson, .geojsonl, .parquet, .shp, .zip or .csv)');
  return { file, size, format };
}

/**
 * Opens one layer file. Feature problems go to report.problems (the feature is skipped); file
 * problems throw ImportError, here or while iterating. The report is complete when iteration ends.
 */
export async function openLayerFile(
  path: string,
  opts: ImportOptions,
): Promise<{ report: ImportReport; features: AsyncIterable<LayerFeature> }> {
  const { file, size, format } = await prepare(path, opts);
  const source = await openSource(path, file, format, size, opts);
  const report = newReport(file, opts.layer, source.format, initialCrsName(opts.crs ?? source.declaredCrs));
  return { report, features: validateSource(source, opts, file, report) };
}

/**
 * A GeoParquet file that DuckDB can load by column (parquet-plan.ts), as a stager for the store;
 * null for every other file, which is read feature by feature with openLayerFile. The report is
 * complete when the stager returns.
 */
export async function openLayerColumns(
  path: string,
  opts: ImportOptions,
): Promise<{ report: ImportReport; stage: (conn: DuckDBConnection) => Promise<StagedRows> } | null> {
  const { file, size, format } = await prepare(path, opts);
  if (format !== 'geoparquet') return null;
  if (!(await hasParquetMagic(path))) throw new ImportError(file, 'not a Parquet file (no PAR1 header)');
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  let layout;
  try {
    const conn = await instance.connect();
    try {
      layout = await describeParquet(conn, path, file);
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
  const plan = planParquet(opts.layer, layout, opts.fieldMap);
  if (!plan) return null;
  const report = newReport(file, opts.layer, 'geoparquet', initialCrsName(opts.crs ?? layout.declaredCrs));
  const projection = chooseProjection(file, opts.crs, layout.declaredCrs);
  report.crs = projection.crs.code;
  const load = { path, file, layer: opts.layer, layout, plan, projection, opts, report, totalBytes: size };
  return { report, stage: (conn) => stageParquetColumns(conn, load) };
}
