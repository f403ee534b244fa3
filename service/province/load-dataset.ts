// A dataset directory into one county of the PostgreSQL store: the county from `--county` or
// dataset.json's "county_code" (refused without one: rows of no county would be nobody's), then
// each layer file streamed by PgCountyStore.load (COPY into staging, swap in one transaction).
import { openLayerFile, placeLayerFiles, readDatasetJson } from '../import/index.ts';
import type { LayerName } from '../layers/schema.ts';
import type { PgCountyStore, PgStore } from '../store/pg/index.ts';
import { CountyError, checkCountyCode } from '../store/pg/county.ts';

export interface PgDatasetLoad {
  county: string;
  layers: { layer: LayerName; committed: boolean; count: number; problems: number }[];
}

export async function loadDatasetPg(store: PgStore, dir: string, opts: { county?: string; user?: string; onLayer?: (l: LayerName) => void } = {}): Promise<PgDatasetLoad> {
  const config = (await readDatasetJson(dir)) as Record<string, unknown> & Awaited<ReturnType<typeof readDatasetJson>>;
  const code = opts.county ?? (config.county_code as string | undefined);
  if (code === undefined) {
    throw new CountyError(`${dir}: a PostgreSQL store keeps many counties; give the county with --county or "county_code" in dataset.json`, 400);
  }
  const county: PgCountyStore = await store.addCounty(checkCountyCode(String(code)), (config.name as string | undefined) ?? null);
  const { files } = await placeLayerFiles(dir, config);
  const out: PgDatasetLoad = { county: county.county, layers: [] };
  for (const { layer, path } of files) {
    opts.onLayer?.(layer);
    const opened = await openLayerFile(path, { layer, crs: config.layer_crs?.[layer] });
    const r = await county.load(layer, opened.features, opened.report, { user: opts.user });
    out.layers.push({ layer, committed: r.committed, count: r.featureCount, problems: opened.report.problems.length });
  }
  const { name, layer_crs: _c, field_map: _f, files: _files, county_code: _k, ...params } = config;
  await county.setDatasetParams({ name, ...params });
  return out;
}
