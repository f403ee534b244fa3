// Loading files into the store: one layer file, or a dataset directory (every <layer>.<ext> in it
// and its dataset.json). The CLI and the upload API both come through here, so both report alike.
import { basename } from 'node:path';
import { openLayerFile, detectLayerFiles, readDatasetJson, ImportError, type ImportReport } from '../import/index.ts';
import type { LayerName } from '../layers/schema.ts';
import type { Store } from '../store/index.ts';

export interface LoadFileOptions {
  layer: LayerName;
  crs?: string;
  fieldMap?: Record<string, string>;
  allowRejects?: boolean;
  user?: string;
  /** Name to use in messages instead of the (temporary) path. */
  label?: string;
  onProgress?: (read: number, bytes: number, totalBytes: number) => void;
}

export interface LoadResult extends ImportReport {
  committed: boolean;
  version: number;
  feature_count: number;
}

export async function loadLayerFile(store: Store, path: string, opts: LoadFileOptions): Promise<LoadResult> {
  const label = opts.label ?? basename(path);
  let report: ImportReport | undefined;
  try {
    const opened = await openLayerFile(path, {
      layer: opts.layer,
      crs: opts.crs,
      fieldMap: opts.fieldMap,
      label,
      onProgress: opts.onProgress,
    });
    report = opened.report;
    const outcome = await store.load(opts.layer, opened.features, opened.report, {
      allowRejects: opts.allowRejects,
      user: opts.user,
    });
    return { ...opened.report, committed: outcome.committed, version: outcome.version, feature_count: outcome.featureCount };
  } catch (err: unknown) {
    if (!(err instanceof ImportError)) throw err;
    const info = await store.layer(opts.layer);
    return {
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
  }
}

export interface DatasetLoadResult {
  name?: string;
  params: Record<string, unknown>;
  layers: LoadResult[];
}

/** Loads every layer file of a dataset directory; each layer commits (or not) on its own. */
export async function loadDataset(
  store: Store,
  dir: string,
  opts: { allowRejects?: boolean; user?: string; crs?: string; onLayer?: (layer: LayerName) => void; onProgress?: LoadFileOptions['onProgress'] } = {},
): Promise<DatasetLoadResult> {
  const config = await readDatasetJson(dir);
  const files = await detectLayerFiles(dir);
  const layers: LoadResult[] = [];
  for (const { layer, path } of files) {
    opts.onLayer?.(layer);
    layers.push(
      await loadLayerFile(store, path, {
        layer,
        crs: config.layer_crs?.[layer] ?? opts.crs,
        fieldMap: fieldMapFor(config.field_map, layer),
        allowRejects: opts.allowRejects,
        user: opts.user,
        onProgress: opts.onProgress,
      }),
    );
  }
  const { name, layer_crs: _c, field_map: _f, ...params } = config;
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
