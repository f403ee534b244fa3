// Tiles of layers without check results (footprints above all) cut from the in-memory columns:
// an index search instead of a DuckDB query per tile. The choice of features is the SQL's (bbox
// intersects the buffered tile; below zoom 14 features under half a pixel both ways are left
// out), in the same fid order. Until a layer's columns are in memory, tiles come from SQL and the
// columns are read in the background; layers that carry check results stay on SQL, which joins
// them.
import { isLayerName, LAYERS, type LayerName } from '../layers/schema.ts';
import type { Store } from '../store/index.ts';
import type { Geometry } from 'geojson';
import type { TileFeature, TileLayerInput } from '../tiles/index.ts';
import { StoreTileSource } from '../tilesource/duckdb-source.ts';
import { tileJoinsOn } from '../checks/registry/index.ts';
import { boxIndex } from './box-index.ts';
import type { LayerCache } from './cache.ts';
import type { ColumnarLayer } from './columnar.ts';
import { projectHits } from './tile-space.ts';
import { featureGeometry } from './geojson.ts';

/** Features whose bbox spans less than this many pixels both ways are left out of a tile. */
const MIN_PIXELS = 0.5;
/** From this zoom on every feature is kept, however small. */
const KEEP_ALL_FROM_ZOOM = 14;

/** Layers whose tiles join check results (or, for patches, field verdicts) stay on SQL. */
function carriesResults(layer: LayerName): boolean {
  return layer === 'patches' || tileJoinsOn(layer).length > 0;
}

export class CachedTileSource extends StoreTileSource {
  private currentVersions: Promise<Record<LayerName, number>> | null = null;

  constructor(
    private readonly layerStore: Store,
    private readonly cache: LayerCache,
  ) {
    super(layerStore);
  }

  override invalidate(): void {
    super.invalidate();
    this.currentVersions = null;
  }

  override async features(name: string, bbox: [number, number, number, number], zoom: number): Promise<TileFeature[]> {
    return (await this.layerInput(name, bbox, zoom)).features;
  }

  /** From the columns, the chosen features with projection left to the pre-projected columns. */
  async layerInput(name: string, bbox: [number, number, number, number], zoom: number): Promise<TileLayerInput> {
    if (!isLayerName(name) || carriesResults(name)) return { name, features: await super.features(name, bbox, zoom) };
    const version = (await (this.currentVersions ??= this.layerStore.versions()))[name];
    const col = this.cache.peek(name, version);
    if (!col) {
      this.cache.get(name, version).catch(() => undefined);
      return { name, features: await super.features(name, bbox, zoom) };
    }
    return columnLayerInput(col, name, bbox, zoom);
  }
}

/**
 * A tile's features cut from a layer's columns: those whose bbox meets the buffered tile, without
 * the ones too small to see at the zoom, in fid order, projected straight from the columns.
 */
export function columnLayerInput(col: ColumnarLayer, name: LayerName, bbox: [number, number, number, number], zoom: number): TileLayerInput {
  if (col.size === 0) return { name, features: [] };
  const minDeg = minFeatureDegrees(zoom);
  const found = boxIndex(col).search(bbox[0], bbox[1], bbox[2], bbox[3]).sort((a, b) => a - b);
  const props = LAYERS[name].props.map((p) => [p.name, col.props[p.name]] as const);
  const b = col.box;
  const hits: number[] = [];
  const features: TileFeature[] = [];
  for (const i of found) {
    const w = b[4 * i + 2] - b[4 * i], h = b[4 * i + 3] - b[4 * i + 1];
    if (!(w >= minDeg || h >= minDeg || b[4 * i + 2] === b[4 * i])) continue;
    const properties: TileFeature['properties'] = {};
    for (const [key, values] of props) {
      const v = values[i];
      if (v !== null && v !== undefined) properties[key] = v;
    }
    hits.push(i);
    // Geometry is made only if someone asks (features()); tiles project from the columns.
    features.push(lazyGeometry(col, i, col.fid[i], properties));
  }
  return { name, features, project: (projector, tinyArea) => projectHits(col, features, hits, projector, tinyArea) };
}

/** Features narrower and lower than this (degrees) are left out of a tile at `zoom`. */
export function minFeatureDegrees(zoom: number): number {
  return zoom >= KEEP_ALL_FROM_ZOOM ? 0 : (MIN_PIXELS * 360) / (256 * 2 ** zoom);
}

function lazyGeometry(col: ColumnarLayer, i: number, id: number, properties: TileFeature['properties']): TileFeature {
  let geometry: Geometry | undefined;
  return {
    id,
    properties,
    get geometry() {
      return (geometry ??= featureGeometry(col, i));
    },
  };
}
