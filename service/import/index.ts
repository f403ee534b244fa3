// The importers: a county's layer file → a stream of validated LayerFeatures and a load report.
// Format readers produce raw features; one pipeline converts CRS, repairs, types and checks them.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { csvSource } from './csv.ts'; // CSV with wkt or lon/lat columns
import { formatByContent, formatByExtension, type FormatName } from './formats.ts'; // which reader
import { geojsonSource } from './geojson.ts'; // streaming FeatureCollection
import { ndjsonSource } from './ndjson.ts'; // one Feature per line
import { parquetSource } from './parquet.ts'; // GeoParquet via in-memory DuckDB
import { newReport, validateSource } from './pipeline.ts'; // CRS, repair, typing, duplicates
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

/**
 * Opens one layer file. Feature problems go to report.problems (the feature is skipped); file
 * problems throw ImportError, here or while iterating. The report is complete when iteration ends.
 */
export async function openLayerFile(
  path: string,
  opts: ImportOptions,
): Promise<{ report: ImportReport; features: AsyncIterable<LayerFeature> }> {
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
  const source = await openSource(path, file, format, size, opts);
  const report = newReport(file, opts.layer, source.format, initialCrsName(opts.crs ?? source.declaredCrs));
  return { report, features: validateSource(source, opts, file, report) };
}
