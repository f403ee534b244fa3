// The importers' public types: options, the load report, the fatal error, and the raw feature
// stream every format reader produces before validation.
import type { LayerName } from '../layers/schema.ts';

export interface ImportOptions {
  layer: LayerName;
  /** Explicit declaration ('EPSG:4549', '4490', 'GCJ02', a WKT); wins over the file's own. */
  crs?: string;
  /** Source column → property name (from the option or dataset.json "field_map"). */
  fieldMap?: Record<string, string>;
  /** .dbf / .csv encoding override ('utf-8', 'gbk', …). */
  encoding?: string;
  /** Name used in reports and messages instead of the path (uploads arrive as temporary files). */
  label?: string;
  /** Called every few thousand features and at the end. */
  onProgress?: (read: number, bytes: number, totalBytes: number) => void;
}

export interface LoadProblem {
  file: string;
  /** 0-based feature index; null for whole-file problems. */
  index: number | null;
  field?: string;
  message: string;
}

export interface ImportReport {
  file: string;
  layer: LayerName;
  format: string;
  crs: string;
  read: number;
  loaded: number;
  repaired: number;
  rejected: number;
  problems: LoadProblem[];
  batches?: string[];
}

/** A whole-file error: unknown CRS, projected coordinates with no CRS, malformed or truncated file. */
export class ImportError extends Error {
  problems: LoadProblem[];
  constructor(file: string, message: string, index: number | null = null) {
    super(`${file}: ${message}`);
    this.name = 'ImportError';
    this.problems = [{ file, index, message: `${file}: ${message}` }];
  }
}

/** dataset.json: run parameters are kept as they are. */
export interface DatasetConfig {
  name?: string;
  layer_crs?: Partial<Record<LayerName, string>>;
  field_map?: Record<string, string> | Partial<Record<LayerName, Record<string, string>>>;
  /** File name → layer, for files not named after their layer (e.g. "违建台账.shp": "ledger"). */
  files?: Record<string, string>;
  [param: string]: unknown;
}

/** One feature as a reader found it: a GeoJSON geometry (file coordinates) and raw attributes. */
export interface RawFeature {
  geometry: unknown;
  props: Record<string, unknown>;
  /** GeoJSON's feature-level `id`, used when the properties carry none. */
  featureId?: unknown;
  /** The reader could not build a geometry (bad WKT, non-numeric lon/lat): a feature problem. */
  geometryError?: string;
}

/** What a format reader hands the validation pipeline. */
export interface RawSource {
  format: string;
  /** CRS the file declares (.prj, `crs` member, GeoParquet metadata); a reader may set it while reading. */
  declaredCrs?: string | object;
  /** Excel serial numbers are dates (CSV, Shapefile). */
  excelDates: boolean;
  /** The format mandates counter-clockwise exteriors (RFC 7946), so fixing winding counts as a repair. */
  windingIsRepair: boolean;
  totalBytes: number;
  bytesRead(): number;
  /** Features in batches (one per chunk read), so the pipeline awaits once per batch, not per feature. */
  features: AsyncIterable<RawFeature[]>;
}
