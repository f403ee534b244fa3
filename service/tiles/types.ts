// The one interface between the tile routes and wherever features live (after Martin's
// Source). Routes know nothing of DuckDB; the memory source and the store's source both fit it.
import type { Geometry } from 'geojson';

export type TilePropValue = string | number | boolean | null;

export interface TileFeature {
  /** Becomes the MVT feature id; must be a non-negative integer. */
  id: number;
  /** WGS84 longitude/latitude. */
  geometry: Geometry;
  properties: Record<string, TilePropValue>;
}

export type TileFieldType = 'String' | 'Number' | 'Boolean';

export interface TileLayerInfo {
  name: string;
  fields: Record<string, TileFieldType>;
  /** [west, south, east, north] in degrees, or null when the layer is empty. */
  bounds: [number, number, number, number] | null;
  minzoom: number;
  maxzoom: number;
  description?: string;
}

export interface TileSource {
  /** Names of the available layers. */
  layers(): Promise<string[]>;
  /** null = unknown layer (the route answers 404). */
  info(layer: string): Promise<TileLayerInfo | null>;
  /** Changes whenever the layer's data or its check results change; part of ETag and cache key. */
  version(layer: string): Promise<string>;
  /**
   * Optional: the version for the tile cache and ETag when it leaves out changes the routes are
   * told of by area (touchArea); `version` otherwise.
   */
  cacheVersion?(layer: string): Promise<string>;
  /** Features whose bbox intersects `bbox` ([w, s, e, n], already buffered). */
  features(layer: string, bbox: [number, number, number, number], zoom: number): Promise<TileFeature[]>;
  /** Optional: the same features with stage 1 (projection) left to the source, which may do it faster. */
  layerInput?(layer: string, bbox: [number, number, number, number], zoom: number): Promise<import('./encode.ts').TileLayerInput>;
}
