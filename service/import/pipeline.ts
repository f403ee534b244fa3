// The validation pipeline every format shares: raw feature → CRS conversion → geometry type check →
// repair → typed properties → duplicate ids. Feature problems are reported and the feature skipped;
// file problems throw ImportError.
import type { Geometry } from 'geojson';
import { LAYERS, type LayerFeature, type LayerName } from '../layers/schema.ts';
import { CrsError, parseCrs, WGS84 } from '../geo/crs.ts';
import { repairGeometry } from '../geo/repair.ts';
import { CoordinateError, NotLonLatError, isEmptyGeometry, toWgs84, type Projection } from './coordinates.ts';
import { PropTyper } from './props.ts';
import { ImportError, type ImportOptions, type ImportReport, type RawSource } from './types.ts';

const PROGRESS_EVERY = 10_000;

/** Explicit option first, then what the file declares; none → lon/lat assumed and checked. */
export function chooseProjection(file: string, explicit: string | undefined, declared: RawSource['declaredCrs']): Projection {
  const decl = explicit ?? declared;
  if (decl === undefined) return { crs: WGS84, assumed: true };
  try {
    return { crs: parseCrs(decl), assumed: false };
  } catch (err) {
    if (err instanceof CrsError) throw new ImportError(file, err.message);
    throw err;
  }
}

export function newReport(file: string, layer: LayerName, format: string, crs: string): ImportReport {
  return { file, layer, format, crs, read: 0, loaded: 0, repaired: 0, rejected: 0, problems: [] };
}

export interface GeometryContext {
  file: string;
  layer: LayerName;
  index: number;
  projection: Projection;
  windingIsRepair: boolean;
}

/**
 * One feature's geometry: type allowed in the layer, not empty, converted to WGS84, repaired.
 * Feature problems go to `problem` (geometry null); undeclared non-lon/lat coordinates throw.
 * Every reader's features pass here, row by row or (GeoParquet) over the geometry column alone.
 */
export function checkGeometry(
  raw: unknown,
  geometryError: string | undefined,
  ctx: GeometryContext,
  problem: (field: string | undefined, message: string) => void,
): { geometry: Geometry | null; repaired: boolean } {
  const layer = LAYERS[ctx.layer];
  let geometry: Geometry | null = null;
  const g = raw as { type?: unknown; coordinates?: unknown } | null | undefined;
  if (geometryError) problem('geometry', geometryError);
  else if (g === null || g === undefined || typeof g !== 'object') problem('geometry', 'geometry is missing');
  else if (!(layer.geometry as readonly string[]).includes(String(g.type))) {
    problem('geometry', `geometry type ${JSON.stringify(g.type)} is not allowed in layer ${ctx.layer} (allowed: ${layer.geometry.join(', ')})`);
  } else if (isEmptyGeometry(g)) problem('geometry', 'geometry is empty');
  else {
    try {
      geometry = toWgs84(g, ctx.projection);
    } catch (err) {
      if (err instanceof NotLonLatError) {
        throw new ImportError(
          ctx.file,
          `coordinates are not longitude/latitude and no CRS is declared (feature ${ctx.index}, first position ${err.message}); declare one with a .prj, a GeoJSON "crs", dataset.json "layer_crs" or the crs option`,
          ctx.index,
        );
      }
      if (!(err instanceof CoordinateError)) throw err;
      problem('geometry', err.message);
    }
  }
  if (!geometry) return { geometry: null, repaired: false };
  const fixed = repairGeometry(geometry, ctx.windingIsRepair);
  if (!fixed.geometry) {
    problem('geometry', `geometry cannot be repaired: ${fixed.reason}`);
    return { geometry: null, repaired: false };
  }
  return { geometry: fixed.geometry, repaired: fixed.repaired };
}

/** Validates a raw source into layer features; `report` is filled in as iteration goes. */
export async function* validateSource(
  source: RawSource,
  opts: ImportOptions,
  file: string,
  report: ImportReport,
): AsyncGenerator<LayerFeature> {
  const layer = LAYERS[opts.layer];
  const typer = new PropTyper(opts.layer, opts.fieldMap, source.excelDates);
  const seenIds = new Map<string, number>();
  const batches = new Set<string>();
  let projection: Projection | null = null;
  let index = -1;
  const problem = (field: string | undefined, message: string) =>
    report.problems.push({ file, index, ...(field ? { field } : {}), message: `${file}: feature ${index}: ${message}` });

  for await (const batch of source.features) {
    for (const raw of batch) {
      index++;
      report.read++;
      if (index % PROGRESS_EVERY === 0 && index > 0) opts.onProgress?.(index, source.bytesRead(), source.totalBytes);
      // The CRS is fixed at the first feature, once the reader has seen the file's header.
      if (!projection) {
        projection = chooseProjection(file, opts.crs, source.declaredCrs);
        report.crs = projection.crs.code;
      }
      const before = report.problems.length;
      const checked = checkGeometry(raw.geometry, raw.geometryError, { file, layer: opts.layer, index, projection, windingIsRepair: source.windingIsRepair }, problem);
      let geometry = checked.geometry;
      const wasRepaired = checked.repaired;
      const typed = typer.type(raw.props ?? {}, raw.featureId);
      for (const p of typed.problems) problem(p.field, p.message);

      const id = typed.props[layer.idProp];
      if (typeof id === 'string') {
        const key = opts.layer === 'patches' ? `${typed.props.batch}\u0000${id}` : id;
        const first = seenIds.get(key);
        if (first !== undefined) {
          const scope = opts.layer === 'patches' ? ` in batch ${JSON.stringify(typed.props.batch)}` : '';
          problem(layer.idProp, `duplicate ${layer.idProp} ${JSON.stringify(id)}${scope}: features ${first} and ${index}`);
        } else seenIds.set(key, index);
      }
      if (report.problems.length > before || !geometry) {
        report.rejected++;
        continue;
      }
      if (opts.layer === 'patches') batches.add(String(typed.props.batch));
      if (wasRepaired) report.repaired++;
      report.loaded++;
      yield { index, geometry, props: typed.props, extra: typed.extra };
    }
  }
  if (!projection) report.crs = chooseProjection(file, opts.crs, source.declaredCrs).crs.code;
  else if (opts.crs === undefined && source.declaredCrs !== undefined && projection.assumed) {
    // A GeoJSON `crs` member after the features: too late to convert what was already read.
    const late = chooseProjection(file, undefined, source.declaredCrs);
    if (late.crs.kind !== 'lonlat') throw new ImportError(file, `the "crs" member (${late.crs.code}) comes after the features; move it before "features" or pass the crs option`);
  }
  if (opts.layer === 'patches') report.batches = [...batches].sort();
  opts.onProgress?.(report.read, source.bytesRead(), source.totalBytes);
}
