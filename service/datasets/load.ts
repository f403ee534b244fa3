// Loading files into the store: one layer file, or a dataset directory (every <layer>.<ext> in it
// and its dataset.json). The CLI and the upload API both come through here, so both report alike.
import { basename } from 'node:path';
import { openLayerColumns, openLayerFile, placeLayerFiles, readDatasetJson, ImportError, type ImportReport } from '../import/index.ts';
import { audit, cliActor } from '../audit/log.ts';
import type { LayerName } from '../layers/schema.ts';
import type { AuditedLayerStore } from '../store/layer-store.ts';
import type { Store } from '../store/index.ts';

export interface LoadFileOptions {
  layer: LayerName;
  crs?: string;
  fieldMap?: Record<string, string>;
  allowRejects?: boolean;
  /** Accept a file with no features as the layer's new, empty content. */
  allowEmpty?: boolean;
  /** Who loads it (a user name; the command line's OS user when absent), and from where. */
  user?: string;
  ip?: string;
  /** Name to use in messages instead of the (temporary) path. */
  label?: string;
  onProgress?: (read: number, bytes: number, totalBytes: number) => void;
}

export interface LoadResult extends ImportReport {
  committed: boolean;
  version: number;
  feature_count: number;
}

export async function loadLayerFile(store: AuditedLayerStore, path: string, opts: LoadFileOptions): Promise<LoadResult> {
  const label = opts.label ?? basename(path);
  let report: ImportReport | undefined;
  try {
    const importOpts = { layer: opts.layer, crs: opts.crs, fieldMap: opts.fieldMap, label, onProgress: opts.onProgress };
    const storeOpts = { allowRejects: opts.allowRejects, allowEmpty: opts.allowEmpty, user: opts.user };
    // GeoParquet goes by column into a DuckDB store (DuckDB reads it); other files and stores, feature by feature.
    const columnStore = 'loadStaged' in store ? (store as AuditedLayerStore & Pick<Store, 'loadStaged'>) : null;
    const columns = columnStore ? await openLayerColumns(path, importOpts) : null;
    let outcome;
    if (columnStore && columns) {
      report = columns.report;
      outcome = await columnStore.loadStaged(opts.layer, columns.stage, columns.report, storeOpts);
    } else {
      const opened = await openLayerFile(path, importOpts);
      report = opened.report;
      outcome = await store.load(opts.layer, opened.features, opened.report, storeOpts);
    }
    const result = { ...report, committed: outcome.committed, version: outcome.version, feature_count: outcome.featureCount };
    await noteLoad(store, opts, result);
    return result;
  } catch (err: unknown) {
    if (!(err instanceof ImportError)) throw err;
    const info = await store.layer(opts.layer);
    const result: LoadResult = {
      file: label,
      format: 'unknown',
      crs: 'unknown',
      read: 0,
      repaired: 0,
      rejected: 0,
      ...(report ?? {}),
      layer: opts.layer,
      // Nothing of a refused file is loaded, whatever the report counted before the error.
      loaded: 0,
      problems: [...(report?.problems ?? []), ...err.problems],
      committed: false,
      version: info.version,
      feature_count: info.count,
    };
    await noteLoad(store, opts, result);
    return result;
  }
}

async function noteLoad(store: AuditedLayerStore, opts: LoadFileOptions, r: LoadResult): Promise<void> {
  await audit(store, {
    actor: opts.user ?? cliActor(),
    action: r.committed ? 'layer.load' : 'layer.load_refused',
    target: opts.layer,
    detail: { file: r.file, version: r.version, read: r.read, loaded: r.loaded, rejected: r.rejected, problems: r.problems.length },
    ip: opts.ip ?? (opts.user ? null : 'cli'),
  });
}

export interface DatasetLoadResult {
  name?: string;
  params: Record<string, unknown>;
  layers: LoadResult[];
}

/** Loads every layer file of a dataset directory; each layer commits (or not) on its own. */
export async function loadDataset(
  store: AuditedLayerStore,
  dir: string,
  opts: { allowRejects?: boolean; allowEmpty?: boolean; ignoreUnplaced?: boolean; user?: string; crs?: string; onLayer?: (layer: LayerName) => void; onProgress?: LoadFileOptions['onProgress'] } = {},
): Promise<DatasetLoadResult> {
  const config = await readDatasetJson(dir);
  const { files, unplaced } = await placeLayerFiles(dir, config);
  if (unplaced.length && !opts.ignoreUnplaced) {
    const list = unplaced.map((u) => `${u.file} (${u.reason})`).join('; ');
    const err = new ImportError(dir, `nothing was loaded: ${unplaced.length} file(s) could not be put on a layer: ${list}. Name them <layer>.<ext>, map them in dataset.json "files", or pass --ignore-unplaced`);
    err.problems.push(...unplaced.map((u) => ({ file: u.file, index: null, message: u.reason })));
    throw err;
  }
  const layers: LoadResult[] = [];
  for (const { layer, path } of files) {
    opts.onLayer?.(layer);
    layers.push(
      await loadLayerFile(store, path, {
        layer,
        crs: config.layer_crs?.[layer] ?? opts.crs,
        fieldMap: fieldMapFor(config.field_map, layer),
        allowRejects: opts.allowRejects,
        allowEmpty: opts.allowEmpty,
        user: opts.user,
        onProgress: opts.onProgress,
      }),
    );
  }
  const { name, layer_crs: _c, field_map: _f, files: _files, ...params } = config;
  await store.setDatasetParams({ name, ...params });
  return { name, params, layers };
}

function fieldMapFor(map: unknown, layer: LayerName): Record<string, string> | undefined {
  if (!map || typeof map !== 'object') return undefined;
  const m = map as Record<string, unknown>;
  // Either one map for every layer ({ "监测编号": "id" }) or one per layer ({ "patches": { … } }).
  if (m[layer] && typeof m[layer] === 'object') return m[layer] as Record<string, string>;
  if (Object.values(m).every((v) => typeof v === 'string')) return m as Record<string, string>;
  return undefined;
}
