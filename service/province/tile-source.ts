// Tiles of the request's county. Layers without check results are cut from their columns
// (CountyLayerCache), or by one keyed SQL statement while those are still being read. Layers whose
// tiles show check results and verdicts (patches, ledger, fire lanes, demand, transfer stations)
// come from SQL that joins the latest runs, as the county edition's do (tile-queries.ts).
// The version in every cache key and ETag names the county, the layer version read from the
// database for this request and, for a layer with results, the newest run of each check it shows
// and the county's newest verdict, read by one keyed statement per request: a write, a verdict or
// a finished run on any node or worker is seen at once.
import type pg from 'pg';
import { LAYER_NAMES, LAYERS, isLayerName, type LayerName } from '../layers/schema.ts';
import type { TileFeature, TileLayerInfo, TileLayerInput, TileSource } from '../tiles/index.ts';
import { carriesResults, columnLayerInput, minFeatureDegrees } from '../layercache/tile-source.ts';
import { rowToFeature } from '../store/features.ts';
import { resultJoin, runsShown, type LatestRuns } from '../tilesource/results-sql.ts';
import { toLatestRuns } from '../runs/persist.ts';
import type { CountyLayerCache } from './layer-cache.ts';
import { currentCounty, requestMeta, type CountyContext } from './county-context.ts';
import { TILE_RUNS, resultTileQuery, tileRunsOf } from './tile-queries.ts';

const NO_RUNS: LatestRuns = { ...toLatestRuns([]), verdicts: 0 };

export class CountyTileSource implements TileSource {
  /** The runs a request's tiles show, read once per request (as requestMeta reads versions). */
  private readonly runsOfRequest = new WeakMap<CountyContext, Promise<LatestRuns>>();

  constructor(
    private readonly cache: CountyLayerCache,
    /** Where reads of county data go (the store's read router: a replica or the primary). */
    private readonly reads: pg.Pool,
  ) {}

  private requestRuns(): Promise<LatestRuns> {
    const ctx = currentCounty();
    let runs = this.runsOfRequest.get(ctx);
    if (!runs) {
      runs = this.reads.query(TILE_RUNS.sql, [ctx.store.county]).then((r) => tileRunsOf(r.rows));
      this.runsOfRequest.set(ctx, runs);
    }
    return runs;
  }

  async layers(): Promise<string[]> {
    return [...LAYER_NAMES];
  }

  async info(name: string): Promise<TileLayerInfo | null> {
    if (!isLayerName(name)) return null;
    // The routes ask for info before the version: read the runs beside the layer versions, not after.
    if (carriesResults(name)) this.requestRuns().catch(() => undefined);
    const layer = (await requestMeta()).find((l) => l.name === name)!;
    const fields: TileLayerInfo['fields'] = {};
    for (const p of LAYERS[name].props) fields[p.name] = p.type === 'number' || p.type === 'integer' ? 'Number' : 'String';
    // The joined fields do not depend on which runs are shown.
    Object.assign(fields, resultJoin(name, NO_RUNS).fields);
    return { name, fields, bounds: layer.bbox, minzoom: 0, maxzoom: 16, description: `${LAYERS[name].title.zh} · ${LAYERS[name].title.en}` };
  }

  async version(name: string): Promise<string> {
    const county = currentCounty().store.county;
    if (!isLayerName(name)) return `${county}-0`;
    if (!carriesResults(name)) return `${county}-v${(await requestMeta()).find((l) => l.name === name)!.version}`;
    const [meta, runs] = await Promise.all([requestMeta(), this.requestRuns()]);
    return `${county}-v${meta.find((l) => l.name === name)!.version}-${runsShown(name, runs)}`;
  }

  async layerInput(name: string, bbox: [number, number, number, number], zoom: number): Promise<TileLayerInput> {
    if (!isLayerName(name)) return { name, features: [] };
    if (carriesResults(name)) return { name, features: await this.resultFeatures(name, bbox, zoom) };
    const { store } = currentCounty();
    const version = (await requestMeta()).find((l) => l.name === name)!.version;
    const col = this.cache.peek(store.county, name, version);
    if (col) return columnLayerInput(col, name, bbox, zoom);
    // A county's footprints take a while to read into columns: until then tiles come from SQL
    // (the same choice of features), and the read goes on in the background.
    this.cache.get(store.county, name, version).catch(() => undefined);
    const rows = await store.tileFeatures(name, bbox, minFeatureDegrees(zoom));
    return {
      name,
      features: rows.map((f) => ({ id: f.fid, geometry: f.geometry, properties: present(f.props) })),
    };
  }

  async features(name: string, bbox: [number, number, number, number], zoom: number): Promise<TileFeature[]> {
    return (await this.layerInput(name, bbox, zoom)).features;
  }

  /** A layer's features in the tile with the results of the runs this request's version names. */
  private async resultFeatures(name: LayerName, bbox: [number, number, number, number], zoom: number): Promise<TileFeature[]> {
    const county = currentCounty().store.county;
    const q = resultTileQuery(name, await this.requestRuns());
    const { rows } = await this.reads.query(q.sql, [county, ...bbox, minFeatureDegrees(zoom), ...q.params]);
    return rows.map((r) => {
      const f = rowToFeature(name, r);
      const properties = present(f.props);
      for (const [field, type] of Object.entries(q.fields)) {
        const v = r[field] as string | number | boolean | null | undefined;
        if (v === null || v === undefined) continue;
        // count(*) and other bigints arrive as text from pg.
        properties[field] = type === 'Number' && typeof v !== 'number' ? Number(v) : v;
      }
      return { id: f.fid, geometry: f.geometry, properties };
    });
  }
}

/** Properties without the absent ones, as the county edition's tiles carry them. */
function present(props: Record<string, unknown>): TileFeature['properties'] {
  const out: TileFeature['properties'] = {};
  for (const [k, v] of Object.entries(props)) if (v !== null && v !== undefined) out[k] = v as string | number | boolean;
  return out;
}
