// Stage 1 of a tile: WGS84 GeoJSON → flat coordinates in tile units (0..extent, y down), with a
// bbox per feature so later stages can reject or skip clipping cheaply.
import type { Position } from 'geojson';
import type { TileFeature } from './types.ts';
import { latToWorldY, lonToWorldX } from './tile-math.ts';

/** Flat [x0, y0, x1, y1, …] in tile units; polygon rings are open (last ≠ first). */
export type Flat = number[];

export interface ProjectedFeature {
  feature: TileFeature;
  /** MVT geometry type: 1 point, 2 line, 3 polygon. */
  type: 1 | 2 | 3;
  /** type 1: one Flat of all points; type 2: one Flat per line; type 3: one Flat[] (rings) per polygon. */
  points: Flat;
  lines: Flat[];
  /** Filled on first use by ensurePolygons: most polygons at low zoom are merged unprojected. */
  polygons: Flat[][];
  /** type 3: area of the exterior rings in tile units², from lon/lat without projecting every vertex. */
  area: number;
  projector: TileProjector | null;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Maps lon/lat to tile units of tile z/x/y. */
export class TileProjector {
  /** Tile units per world unit, and the tile's origin in them (the columnar source scales by them). */
  readonly scale: number;
  readonly x0: number;
  readonly y0: number;
  constructor(z: number, x: number, y: number, extent: number) {
    const n = 2 ** z;
    this.scale = n * extent;
    this.x0 = x * extent;
    this.y0 = y * extent;
  }

  /** Tile units per degree of longitude. */
  get unitsPerDegree(): number {
    return this.scale / 360;
  }

  x(lon: number): number {
    return this.fromWorldX(lonToWorldX(lon));
  }

  y(lat: number): number {
    return this.fromWorldY(latToWorldY(lat));
  }

  /** World x (lonToWorldX, computed once per layer by a columnar source) → tile units: as x(). */
  fromWorldX(wx: number): number {
    return wx * this.scale - this.x0;
  }

  fromWorldY(wy: number): number {
    return wy * this.scale - this.y0;
  }

  /**
   * Area in tile units² of a polygon of `areaDeg` square degrees whose mid latitude has cosine
   * `cosLat` (mercatorCos): Mercator stretches y by 1/cos φ.
   */
  area(areaDeg: number, cosLat: number): number {
    return (areaDeg * this.unitsPerDegree * this.unitsPerDegree) / cosLat;
  }

  /** Appends the projection of `coords` to `out`, dropping a repeated closing position if `ring`. */
  pushLine(coords: Position[], out: Flat, ring: boolean): Flat {
    let count = coords.length;
    if (ring && count > 1) {
      const a = coords[0];
      const b = coords[count - 1];
      if (a[0] === b[0] && a[1] === b[1]) count--;
    }
    for (let i = 0; i < count; i++) {
      const p = coords[i];
      out.push(this.fromWorldX(lonToWorldX(p[0])), this.fromWorldY(latToWorldY(p[1])));
    }
    return out;
  }
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * Polygons already known to be too small to draw at this zoom, kept as flat columns instead of
 * one object each: at low zoom a tile holds a million of them and objects cost more in GC than
 * all the arithmetic.
 */
export class TinyPolygons {
  count = 0;
  /** Index into the layer's features. */
  readonly index: Uint32Array;
  readonly cx: Float64Array;
  readonly cy: Float64Array;
  readonly area: Float64Array;
  constructor(readonly features: TileFeature[], capacity: number) {
    this.index = new Uint32Array(capacity);
    this.cx = new Float64Array(capacity);
    this.cy = new Float64Array(capacity);
    this.area = new Float64Array(capacity);
  }
}

/** Projects a layer; polygons with area below `tinyArea` go to `tiny` unprojected. */
export function projectLayer(
  features: TileFeature[],
  projector: TileProjector,
  layer: string,
  tinyArea: number,
): { projected: ProjectedFeature[]; tiny: TinyPolygons } {
  const projected: ProjectedFeature[] = [];
  const tiny = new TinyPolygons(features, tinyArea > 0 ? features.length : 0);
  for (let i = 0; i < features.length; i++) {
    const f = features[i];
    const g = f.geometry;
    if (tinyArea > 0 && (g?.type === 'Polygon' || g?.type === 'MultiPolygon')) {
      checkId(f, layer);
      polygonBboxAndArea(g.type === 'Polygon' ? [g.coordinates] : g.coordinates, projector, SCRATCH);
      if (SCRATCH.area < tinyArea) {
        const n = tiny.count++;
        tiny.index[n] = i;
        tiny.cx[n] = (SCRATCH.minX + SCRATCH.maxX) / 2;
        tiny.cy[n] = (SCRATCH.minY + SCRATCH.maxY) / 2;
        tiny.area[n] = SCRATCH.area;
        continue;
      }
    }
    projected.push(projectFeature(f, projector, layer));
  }
  return { projected, tiny };
}

interface BboxArea {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  area: number;
}

const SCRATCH: BboxArea = { minX: 0, minY: 0, maxX: 0, maxY: 0, area: 0 };

function checkId(feature: TileFeature, layer: string): void {
  if (!Number.isInteger(feature.id) || feature.id < 0) {
    throw new Error(`tiles: layer ${layer} feature id ${feature.id} is not a non-negative integer`);
  }
}

/**
 * A projected feature of `type` with no geometry yet and an empty bbox. Only the arrays a type
 * uses are then allocated: at low zoom this runs for a million features.
 */
export function emptyProjected(feature: TileFeature, type: 1 | 2 | 3): ProjectedFeature {
  return {
    feature,
    type,
    points: NONE as unknown as Flat,
    lines: NONE as unknown as Flat[],
    polygons: NONE as unknown as Flat[][],
    area: 0,
    projector: null,
    minX: Infinity,
    minY: Infinity,
    maxX: -Infinity,
    maxY: -Infinity,
  };
}

/** cos of the mid latitude of a lon/lat bbox, as TileProjector.area wants it. */
export function mercatorCos(minLat: number, maxLat: number): number {
  return Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
}

export function projectFeature(feature: TileFeature, projector: TileProjector, layer: string): ProjectedFeature {
  if (!Number.isInteger(feature.id) || feature.id < 0) {
    throw new Error(`tiles: layer ${layer} feature id ${feature.id} is not a non-negative integer`);
  }
  const g = feature.geometry;
  const out = emptyProjected(feature, 1);
  switch (g?.type) {
    case 'Polygon':
    case 'MultiPolygon':
      out.type = 3;
      out.polygons = [];
      out.projector = projector;
      polygonBboxAndArea(g.type === 'Polygon' ? [g.coordinates] : g.coordinates, projector, out);
      return out;
    case 'Point':
      out.points = projector.pushLine([g.coordinates], [], false);
      break;
    case 'MultiPoint':
      out.points = projector.pushLine(g.coordinates, [], false);
      break;
    case 'LineString':
      out.type = 2;
      out.lines = [projector.pushLine(g.coordinates, [], false)];
      break;
    case 'MultiLineString':
      out.type = 2;
      out.lines = g.coordinates.map((line) => projector.pushLine(line, [], false));
      break;
    default:
      throw new Error(
        `tiles: layer ${layer} feature ${feature.id} has geometry type ${String(g?.type)}; expected Point, MultiPoint, LineString, MultiLineString, Polygon or MultiPolygon`,
      );
  }
  growBbox(out, out.points);
  for (const l of out.lines) growBbox(out, l);
  return out;
}

/** Grows the feature's bbox over the points of `flat`. */
export function growBbox(out: ProjectedFeature, flat: Flat): void {
  for (let i = 0; i < flat.length; i += 2) {
    const px = flat[i];
    const py = flat[i + 1];
    if (px < out.minX) out.minX = px;
    if (px > out.maxX) out.maxX = px;
    if (py < out.minY) out.minY = py;
    if (py > out.maxY) out.maxY = py;
  }
}

/** Projects a polygon feature's rings (once). */
export function ensurePolygons(f: ProjectedFeature): Flat[][] {
  if (f.projector) {
    const g = f.feature.geometry as import('geojson').Polygon | import('geojson').MultiPolygon;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const poly of polys) f.polygons.push(poly.map((ring) => f.projector!.pushLine(ring, [], true)));
    f.projector = null;
  }
  return f.polygons;
}

/**
 * Sets the tile-unit bbox and exterior area of a polygon feature from its lon/lat exterior rings:
 * the bbox by projecting two corners, the area by the shoelace formula in degrees scaled by
 * Mercator's local stretch (1/cos φ in y), exact enough for deciding what is too small to see.
 */
function polygonBboxAndArea(polys: Position[][][], projector: TileProjector, out: BboxArea): void {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  let areaDeg = 0;
  for (const poly of polys) {
    const ring = poly[0];
    if (!ring) continue;
    let sum = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const lon = ring[i][0];
      const lat = ring[i][1];
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
      sum += ring[j][0] * lat - lon * ring[j][1];
    }
    areaDeg += Math.abs(sum / 2);
  }
  if (minLon > maxLon) {
    out.minX = out.minY = Infinity;
    out.maxX = out.maxY = -Infinity;
    out.area = 0;
    return;
  }
  out.minX = projector.x(minLon);
  out.minY = projector.y(maxLat);
  out.maxX = projector.x(maxLon);
  out.maxY = projector.y(minLat);
  out.area = projector.area(areaDeg, mercatorCos(minLat, maxLat));
}
