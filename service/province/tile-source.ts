// Tiles of the request's county, cut from its layers' columns (CountyLayerCache), or by one keyed
// SQL statement while those are still being read. The version in
// every cache key and ETag names the county and the layer version read from the database for this
// request, so tiles of two counties never share a key and a write on any node is seen at once.
import { LAYER_NAMES, LAYERS, isLayerName } from '../layers/schema.ts';
import type { TileFeature, TileLayerInfo, TileLayerInput, TileSource } from '../tiles/index.ts';
import { columnLayerInput, minFeatureDegrees } from '../layercache/tile-source.ts';
import type { CountyLayerCache } from './layer-cache.ts';
import { currentCounty, requestMeta } from './county-context.ts';

export class CountyTileSource implements TileSource {
  constructor(private readonly cache: CountyLayerCache) {}

  async layers(): Promise<string[]> {
    return [...LAYER_NAMES];
  }

  async info(name: string): Promise<TileLayerInfo | null> {
    if (!isLayerName(name)) return null;
    const layer = (await requestMeta()).find((l) => l.name === name)!;
    const fields: TileLayerInfo['fields'] = {};
    for (const p of LAYERS[name].props) fields[p.name] = p.type === 'number' || p.type === 'integer' ? 'Number' : 'String';
    return { name, fields, bounds: layer.bbox, minzoom: 0, maxzoom: 16, description: `${LAYERS[name].title.zh} · ${LAYERS[name].title.en}` };
  }

  async version(name: string): Promise<string> {
    const county = currentCounty().store.county;
    if (!isLayerName(name)) return `${county}-0`;
    return `${county}-v${(await requestMeta()).find((l) => l.name === name)!.version}`;
  }

  async layerInput(name: string, bbox: [number, number, number, number], zoom: number): Promise<TileLayerInput> {
    if (!isLayerName(name)) return { name, features: [] };
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
      features: rows.map((f) => {
        const properties: TileFeature['properties'] = {};
        for (const [k, v] of Object.entries(f.props)) if (v !== null && v !== undefined) properties[k] = v;
        return { id: f.fid, geometry: f.geometry, properties };
      }),
    };
  }

  async features(name: string, bbox: [number, number, number, number], zoom: number): Promise<TileFeature[]> {
    return (await this.layerInput(name, bbox, zoom)).features;
  }
}
