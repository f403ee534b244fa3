// Exact overlay work (intersection areas, unions, flat-ended corridors, interior points) through
// JSTS, fed from FlatGeoms. Invalid polygons are repaired like GEOS MakeValid's linework method.
import { makeValidRings } from '../geo/make-valid.ts';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
import BufferOp from 'jsts/org/locationtech/jts/operation/buffer/BufferOp.js';
import BufferParameters from 'jsts/org/locationtech/jts/operation/buffer/BufferParameters.js';
import UnaryUnionOp from 'jsts/org/locationtech/jts/operation/union/UnaryUnionOp.js';
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
import InteriorPointArea from 'jsts/org/locationtech/jts/algorithm/InteriorPointArea.js';
import 'jsts/org/locationtech/jts/monkey.js'; // adds isValid/intersection/… to Geometry
import type { FlatGeom } from './flat-geometry.ts';
import { isSimpleSingleRing } from './flat-validity.ts';

// JSTS ships no useful types (everything is `any`); this alias keeps the intent readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JstsGeometry = any;

export const factory = new GeometryFactory();

function coords(g: FlatGeom, part: number): Coordinate[] {
  const out: Coordinate[] = [];
  for (let v = g.partStart[part]; v < g.partStart[part + 1]; v++) out.push(new Coordinate(g.xy[2 * v], g.xy[2 * v + 1]));
  return out;
}

/** GEOS MakeValid (linework) of a JSTS (multi)polygon, by the shared repair in service/geo. */
export function makeValidPolygonal(g: JstsGeometry): JstsGeometry {
  const rings: Coordinate[][] = [];
  for (let i = 0; i < g.getNumGeometries(); i++) {
    const poly = g.getGeometryN(i);
    rings.push(poly.getExteriorRing().getCoordinates());
    for (let h = 0; h < poly.getNumInteriorRing(); h++) rings.push(poly.getInteriorRingN(h).getCoordinates());
  }
  return makeValidRings(rings);
}

/** FlatGeom → JSTS geometry; polygons are checked and repaired. */
export function toJsts(g: FlatGeom): JstsGeometry {
  const nParts = g.partStart.length - 1;
  if (g.dim === 0) {
    if (nParts === 1) return factory.createPoint(new Coordinate(g.xy[0], g.xy[1]));
    return factory.createMultiPoint(Array.from({ length: nParts }, (_, p) => factory.createPoint(coords(g, p)[0])));
  }
  if (g.dim === 1) {
    const lines = Array.from({ length: nParts }, (_, p) => {
      const c = coords(g, p);
      return factory.createLineString(c.length === 1 ? [c[0], c[0]] : c);
    });
    return lines.length === 1 ? lines[0] : factory.createMultiLineString(lines);
  }
  const polys: JstsGeometry[] = [];
  for (let q = 0; q + 1 < g.polyStart.length; q++) {
    const first = g.polyStart[q], end = g.polyStart[q + 1];
    const ringOf = (p: number) => {
      const c = coords(g, p);
      while (c.length < 4) c.push(c[c.length - 1]); // degenerate ring: let validity repair it
      return factory.createLinearRing(c);
    };
    const holes = [];
    for (let p = first + 1; p < end; p++) holes.push(ringOf(p));
    polys.push(factory.createPolygon(ringOf(first), holes));
  }
  const geom = polys.length === 1 ? polys[0] : factory.createMultiPolygon(polys);
  // IsValidOp is the dearest step of building a geometry: skip it when the flat test is sure.
  if (isSimpleSingleRing(g) || geom.isValid()) return geom;
  try {
    return makeValidPolygonal(geom);
  } catch {
    // Noding can fail on pathological input; a check must go on with the best repair at hand.
    return geom.buffer(0);
  }
}

const CORRIDOR_PARAMS = (() => {
  const p = new BufferParameters();
  p.setEndCapStyle(BufferParameters.CAP_FLAT);
  p.setJoinStyle(BufferParameters.JOIN_ROUND);
  p.setQuadrantSegments(8);
  return p;
})();

/** Centre line buffered by `half` on each side, flat ends, round joins of 8 segments a quarter. */
export function corridor(line: JstsGeometry, half: number): JstsGeometry {
  return BufferOp.bufferOp(line, half, CORRIDOR_PARAMS);
}

/**
 * A ∩ B. JSTS's old overlay can throw a TopologyException on nearly coincident edges; retrying
 * on buffer(0)-cleaned inputs is what JTS users do, and a check must never crash on one pair.
 */
export function intersection(a: JstsGeometry, b: JstsGeometry): JstsGeometry {
  try {
    return OverlayOp.overlayOp(a, b, OverlayOp.INTERSECTION);
  } catch {
    return OverlayOp.overlayOp(a.buffer(0), b.buffer(0), OverlayOp.INTERSECTION);
  }
}

export function intersectionArea(a: JstsGeometry, b: JstsGeometry): number {
  return intersection(a, b).getArea();
}

/** Area of the union of polygonal pieces. */
export function unionArea(pieces: JstsGeometry[]): number {
  if (pieces.length === 0) return 0;
  if (pieces.length === 1) return pieces[0].getArea();
  try {
    return UnaryUnionOp.union(factory.createGeometryCollection(pieces)).getArea();
  } catch {
    return UnaryUnionOp.union(factory.createGeometryCollection(pieces.map((p) => p.buffer(0)))).getArea();
  }
}

/** JTS InteriorPointArea (= PostGIS ST_PointOnSurface for polygons). */
export function interiorPoint(g: JstsGeometry): [number, number] {
  const c = InteriorPointArea.getInteriorPoint(g);
  return [c.x, c.y];
}
