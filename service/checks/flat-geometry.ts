// Geometries as flat coordinate arrays in planar metres: what the hot loops (distances, bbox
// rejects) read. GeoJSON rings are closed here if the file left them open.
import type { Geometry, Position } from 'geojson';
import { geometryBBox, isEmptyBBox } from '../geo/bbox.ts';

/** lon/lat → planar metres; the returned pair may be reused by the next call (read it at once). */
export type Projector = (lon: number, lat: number) => [number, number];

/** 0 = point(s), 1 = line(s), 2 = polygon(s). */
export type Dimension = 0 | 1 | 2;

export interface FlatGeom {
  dim: Dimension;
  /** x0, y0, x1, y1, … of every vertex of every part. */
  xy: Float64Array;
  /** Vertex index where each ring / line / point part starts, plus the end: length parts + 1. */
  partStart: Uint32Array;
  /** Polygons only: part index where each polygon's rings start (shell first), plus the end. */
  polyStart: Uint32Array;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The parts of a geometry as coordinate lists, each with whether it is a ring, grouped by polygon. */
function partsOf(g: Geometry, where: () => string): { dim: Dimension; polygons: Position[][][] } {
  switch (g?.type) {
    case 'Point': return { dim: 0, polygons: [[[g.coordinates]]] };
    case 'MultiPoint': return { dim: 0, polygons: [g.coordinates.map((p) => [p])] };
    case 'LineString': return { dim: 1, polygons: [[g.coordinates]] };
    case 'MultiLineString': return { dim: 1, polygons: [g.coordinates] };
    case 'Polygon': return { dim: 2, polygons: [g.coordinates] };
    case 'MultiPolygon': return { dim: 2, polygons: g.coordinates };
    default: throw new Error(`${where()}: unsupported geometry type ${JSON.stringify((g as { type?: unknown })?.type)}`);
  }
}

/**
 * Projects a GeoJSON geometry into a FlatGeom; `where()` names the feature in error messages
 * (built only on error). Two passes (count, then fill) so that nothing but the typed arrays is
 * allocated: a million footprints go through here.
 */
export function toFlat(g: Geometry, project: Projector, where: () => string): FlatGeom {
  const { dim, polygons } = partsOf(g, where);
  let nParts = 0, nPoints = 0;
  for (const rings of polygons) {
    if (rings.length === 0) throw new Error(`${where()}: polygon without rings`);
    for (const ring of rings) {
      if (ring.length === 0 || (dim === 2 && ring.length < 3)) throw new Error(`${where()}: ${dim === 2 ? 'polygon ring' : 'part'} with ${ring.length} points`);
      nParts++;
      nPoints += ring.length + (dim === 2 ? 1 : 0); // room to close an open ring
    }
  }
  if (nParts === 0) throw new Error(`${where()}: empty geometry`);
  const xy = new Float64Array(nPoints * 2);
  const partStart = new Uint32Array(nParts + 1);
  const polyStart = new Uint32Array(dim === 2 ? polygons.length + 1 : 2);
  let v = 0, p = 0, q = 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const rings of polygons) {
    if (dim === 2) polyStart[q++] = p;
    for (const ring of rings) {
      partStart[p++] = v;
      const first = v;
      for (const c of ring) {
        const lon = c[0], lat = c[1];
        if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error(`${where()}: bad coordinate ${JSON.stringify(c)}`);
        const [x, y] = project(lon, lat);
        xy[2 * v] = x;
        xy[2 * v + 1] = y;
        v++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      const last = v - 1;
      if (dim === 2 && (xy[2 * first] !== xy[2 * last] || xy[2 * first + 1] !== xy[2 * last + 1])) {
        xy[2 * v] = xy[2 * first];
        xy[2 * v + 1] = xy[2 * first + 1];
        v++;
      }
    }
  }
  partStart[p] = v;
  if (dim === 2) polyStart[q] = p;
  else polyStart[1] = p;
  return { dim, xy: v * 2 === xy.length ? xy : xy.slice(0, v * 2), partStart, polyStart, minX, minY, maxX, maxY };
}

/** Lon/lat bounding box of a GeoJSON geometry, written into `out` at `at` (minLon, minLat, maxLon, maxLat). */
export function lonLatBBox(g: Geometry, out: Float64Array, at: number, where: () => string): void {
  if (!g || !CHECK_GEOMETRIES.has(g.type)) {
    throw new Error(`${where()}: unsupported geometry type ${JSON.stringify((g as { type?: unknown })?.type)}`);
  }
  const b = geometryBBox(g);
  if (isEmptyBBox(b)) throw new Error(`${where()}: empty or non-numeric coordinates`);
  out.set(b, at);
}

const CHECK_GEOMETRIES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);
