// GEOS MakeValid's linework method in JSTS (jsts 2.12 has no GeometryFixer): node every ring
// against every other, polygonize the noded lines, and keep the faces that lie inside an odd
// number of the original rings. A bow-tie becomes its two triangles, both kept, as PostGIS does.
// The importers and the check engine both repair through makeValidRings.
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
import Polygonizer from 'jsts/org/locationtech/jts/operation/polygonize/Polygonizer.js';
import UnaryUnionOp from 'jsts/org/locationtech/jts/operation/union/UnaryUnionOp.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
import InteriorPointArea from 'jsts/org/locationtech/jts/algorithm/InteriorPointArea.js';
import type { Position } from 'geojson';

// JSTS ships no usable types; this alias keeps the intent readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JstsGeometry = any;

const factory = new GeometryFactory();

/** Rings as [[x, y], …] closed; one polygon = exterior then holes. */
export type Rings = Position[][];

function toCoords(ring: Position[]): Coordinate[] {
  return ring.map((p) => new Coordinate(p[0], p[1]));
}

function toJstsPolygon(rings: Rings): JstsGeometry {
  const shell = factory.createLinearRing(toCoords(rings[0]));
  const holes = rings.slice(1).map((r) => factory.createLinearRing(toCoords(r)));
  return factory.createPolygon(shell, holes);
}

/** OGC validity of polygons (each one alone, and together as a MultiPolygon). */
export function polygonsAreValid(polygons: Rings[]): boolean {
  const parts = polygons.map(toJstsPolygon);
  const g = parts.length === 1 ? parts[0] : factory.createMultiPolygon(parts);
  return new IsValidOp(g).isValid();
}

function insideOddRings(p: { x: number; y: number }, rings: Coordinate[][]): boolean {
  let inside = false;
  for (const c of rings) {
    for (let i = 0, j = c.length - 1; i < c.length; j = i++) {
      if (c[i].y > p.y !== c[j].y > p.y && p.x < ((c[j].x - c[i].x) * (p.y - c[i].y)) / (c[j].y - c[i].y) + c[i].x) inside = !inside;
    }
  }
  return inside;
}

/**
 * The linework repair itself, on every ring of a (multi)polygon at once: node them together,
 * polygonize, keep the faces whose interior point lies inside an odd number of rings, and union
 * the kept faces (they never overlap, so this only joins neighbours). Overlapping parts of a
 * MultiPolygon therefore cancel where they overlap, as GEOS's linework method does.
 * Returns an empty polygon when nothing with area is left.
 */
export function makeValidRings(rings: Coordinate[][]): JstsGeometry {
  const lines = rings.map((r) => factory.createLineString(r));
  const noded = UnaryUnionOp.union(factory.createMultiLineString(lines));
  const polygonizer = new Polygonizer();
  polygonizer.add(noded);
  const faces: JstsGeometry[] = polygonizer.getPolygons().toArray();
  const kept = faces.filter((face) => insideOddRings(InteriorPointArea.getInteriorPoint(face), rings));
  if (kept.length === 0) return factory.createPolygon();
  return UnaryUnionOp.union(factory.createGeometryCollection(kept));
}

function ringOf(line: JstsGeometry): Position[] {
  return line.getCoordinates().map((c: Coordinate) => [c.x, c.y]);
}

/**
 * Repairs polygons by the linework rule over all their rings together (see makeValidRings).
 * Returns polygons as rings (orientation not yet normalised); an empty list when nothing with
 * area is left.
 */
export function makeValidPolygons(polygons: Rings[]): Rings[] {
  const merged = makeValidRings(polygons.flat().map(toCoords));
  const out: Rings[] = [];
  for (let i = 0; i < merged.getNumGeometries(); i++) {
    const poly = merged.getGeometryN(i);
    if (poly.getGeometryType() !== 'Polygon' || poly.isEmpty()) continue;
    const rings = [ringOf(poly.getExteriorRing())];
    for (let h = 0; h < poly.getNumInteriorRing(); h++) rings.push(ringOf(poly.getInteriorRingN(h)));
    out.push(rings);
  }
  return out;
}
