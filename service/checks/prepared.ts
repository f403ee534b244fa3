// Geometry a layer's caller has already prepared: lon/lat boxes, their index and planar
// geometries, kept across runs. The engine reads them instead of the features' GeoJSON when a
// feature array comes with them; the values are the same as it would compute (same projection,
// same boxes, same index insertion order), so results do not depend on which path ran.
import type Flatbush from 'flatbush';
import type { FlatGeom, Projector } from './flat-geometry.ts';
import type { CheckFeature } from './types.ts';

export interface PreparedGeometry {
  /** minLon, minLat, maxLon, maxLat per feature, as lonLatBBox computes them. */
  box: Float64Array;
  /** The index of `box` (inserted in feature order, node size 16). */
  index(): Flatbush;
  /** Feature i projected with `project`, as toFlat would; `crs` keys any cache. */
  flat(i: number, crs: string, project: Projector): FlatGeom;
}

const PREPARED = new WeakMap<CheckFeature[], PreparedGeometry>();

/** Attaches prepared geometry to a layer's feature array (the array must not change afterwards). */
export function attachPrepared(features: CheckFeature[], prepared: PreparedGeometry): void {
  PREPARED.set(features, prepared);
}

export function preparedOf(features: CheckFeature[]): PreparedGeometry | undefined {
  return PREPARED.get(features);
}
