// A TileSource over features held in memory, indexed with flatbush: used by the tests and the
// bench, and a model of what the store-backed source must do.
import Flatbush from 'flatbush';
import type { Geometry } from 'geojson';
import type { TileFeature, TileFieldType, TileLayerInfo, TileSource } from './types.ts';
import { geometryBBox, isEmptyBBox } from '../geo/bbox.ts';

export interface MemoryLayerOptions {
  /** Version string; by default a counter that increases on every setLayer. */
  version?: string;
  minzoom?: number;
  maxzoom?: number;
  description?: string;
}

interface MemoryLayer {
  features: TileFeature[];
  index: Flatbush | null;
  info: TileLayerInfo;
  version: string;
}

export class MemorySource implements TileSource {
  private readonly store = new Map<string, MemoryLayer>();
  private counter = 0;

  /** Adds or replaces a layer; its version changes, so its cached tiles become stale. */
  setLayer(name: string, features: TileFeature[], options: MemoryLayerOptions = {}): void {
    const n = features.length;
    const index = n ? new Flatbush(n) : null;
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    const fields: Record<string, TileFieldType> = {};
    for (let i = 0; i < n; i++) {
      const f = features[i];
      const b = geometryBbox(f.geometry, name, i);
      index!.add(b[0], b[1], b[2], b[3]);
      box[0] = Math.min(box[0], b[0]);
      box[1] = Math.min(box[1], b[1]);
      box[2] = Math.max(box[2], b[2]);
      box[3] = Math.max(box[3], b[3]);
      for (const key in f.properties) {
        const v = f.properties[key];
        if (v === null || fields[key]) continue;
        fields[key] = typeof v === 'number' ? 'Number' : typeof v === 'boolean' ? 'Boolean' : 'String';
      }
    }
    index?.finish();
    this.counter++;
    this.store.set(name, {
      features,
      index,
      version: options.version ?? `m${this.counter}`,
      info: {
        name,
        fields,
        bounds: n ? (box as [number, number, number, number]) : null,
        minzoom: options.minzoom ?? 0,
        maxzoom: options.maxzoom ?? 16,
        description: options.description,
      },
    });
  }

  async layers(): Promise<string[]> {
    return [...this.store.keys()];
  }

  async info(layer: string): Promise<TileLayerInfo | null> {
    return this.store.get(layer)?.info ?? null;
  }

  async version(layer: string): Promise<string> {
    const l = this.store.get(layer);
    if (!l) throw new Error(`tiles: unknown layer ${layer}`);
    return l.version;
  }

  async features(layer: string, bbox: [number, number, number, number]): Promise<TileFeature[]> {
    const l = this.store.get(layer);
    if (!l) throw new Error(`tiles: unknown layer ${layer}`);
    if (!l.index) return [];
    // Input order, so tiles are the same whatever the tree's layout.
    const hits = Uint32Array.from(l.index.search(bbox[0], bbox[1], bbox[2], bbox[3])).sort();
    const out: TileFeature[] = new Array(hits.length);
    for (let i = 0; i < hits.length; i++) out[i] = l.features[hits[i]];
    return out;
  }
}

function geometryBbox(g: Geometry, layer: string, index: number): [number, number, number, number] {
  if (!g || !TILE_GEOMETRIES.has(g.type)) throw new Error(`tiles: layer ${layer} feature index ${index} has unsupported geometry ${String(g?.type)}`);
  const b = geometryBBox(g);
  if (isEmptyBBox(b)) throw new Error(`tiles: layer ${layer} feature index ${index} has no coordinates`);
  return b;
}

const TILE_GEOMETRIES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);
