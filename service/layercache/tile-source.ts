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
import { tileProps } from './tile-props.ts';

/** Features whose bbox spans less than this many pixels both ways are left out of a tile. */
const MIN_PIXELS = 0.5;
/** From this zoom on every feature is kept, however small. */
const KEEP_ALL_FROM_ZOOM = 14;

/** Layers whose tiles join check results (or, for patches, field verdicts) stay on SQL. */
export function carriesResults(layer: LayerName): boolean {
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

  /** Waits until a result-free layer's columns are in memory, so its tiles come from them. */
  async ready(name: string): Promise<void> {
    if (!isLayerName(name) || carriesResults(name)) return;
    const version = (await (this.currentVersions ??= this.layerStore.versions()))[name];
    await this.cache.get(name, version);
  }

  override async features(name: string, bbox: [number, number, number, number], zoom: number): Promise<TileFeature[]> {
    const input = await this.layerInput(name, bbox, zoom);
    if (!input.columns) return input.features;
    // Plain features (properties as an object, geometry made on first read) for callers outside the encoder.
    return input.features.map((f) => {
      const { col, row } = f as ColumnFeature;
      return lazyGeometry(col, row, f.id, f.properties);
    });
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
  // A typed array sorts numbers natively, without a comparator call per pair.
  const found = Uint32Array.from(boxIndex(col).search(bbox[0], bbox[1], bbox[2], bbox[3])).sort();
  const b = col.box;
  const hits = new Uint32Array(found.length);
  const features: TileFeature[] = [];
  for (let k = 0; k < found.length; k++) {
    const i = found[k];
    const w = b[4 * i + 2] - b[4 * i], h = b[4 * i + 3] - b[4 * i + 1];
    if (!(w >= minDeg || h >= minDeg || b[4 * i + 2] === b[4 * i])) continue;
    hits[features.length] = i;
    // Properties and geometry are made only if someone asks; the encoder reads the columns.
    features.push(new ColumnFeature(col, i));
  }
  const kept = hits.subarray(0, features.length);
  return {
    name,
    features,
    columns: tileProps(col),
    project: (projector, tinyArea) => projectHits(col, features, kept, projector, tinyArea),
  };
}

const NAMES = new Map<LayerName, readonly string[]>();
function columnNames(layer: LayerName): readonly string[] {
  let names = NAMES.get(layer);
  if (!names) NAMES.set(layer, (names = LAYERS[layer].props.map((p) => p.name)));
  return names;
}

/** A feature of a columnar layer known by its row: properties and geometry are read when asked. */
class ColumnFeature implements TileFeature {
  readonly id: number;
  constructor(
    readonly col: ColumnarLayer,
    readonly row: number,
  ) {
    this.id = col.fid[row];
  }

  get properties(): TileFeature['properties'] {
    const properties: TileFeature['properties'] = {};
    for (const key of columnNames(this.col.layer)) {
      const v = this.col.props[key][this.row];
      if (v !== null && v !== undefined) properties[key] = v;
    }
    return properties;
  }

  get geometry(): Geometry {
    return featureGeometry(this.col, this.row);
  }
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
