// GEOS MakeValid's linework method in JSTS (jsts 2.12 has no GeometryFixer): node every ring
// against every other, polygonize the noded lines, and keep the faces that lie inside an odd
// number of the original rings. A bow-tie becomes its two triangles, both kept, as PostGIS does.
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

function insideOddRings(p: { x: number; y: number }, rings: Position[][]): boolean {
  let inside = false;
  for (const c of rings) {
    for (let i = 0, j = c.length - 1; i < c.length; j = i++) {
      const yi = c[i][1], yj = c[j][1];
      if (yi > p.y !== yj > p.y && p.x < ((c[j][0] - c[i][0]) * (p.y - yi)) / (yj - yi) + c[i][0]) inside = !inside;
    }
  }
  return inside;
}

function makeValidOne(rings: Rings): JstsGeometry[] {
  const lines = rings.map((r) => factory.createLineString(toCoords(r)));
  const noded = UnaryUnionOp.union(factory.createMultiLineString(lines));
  const polygonizer = new Polygonizer();
  polygonizer.add(noded);
  const faces: JstsGeometry[] = polygonizer.getPolygons().toArray();
  return faces.filter((face) => insideOddRings(InteriorPointArea.getInteriorPoint(face), rings));
}

function ringOf(line: JstsGeometry): Position[] {
  return line.getCoordinates().map((c: Coordinate) => [c.x, c.y]);
}

/**
 * Repairs polygons: each one by the even-odd linework rule, then all parts unioned (overlapping
 * parts of a MultiPolygon merge). Returns polygons as rings (orientation not yet normalised);
 * an empty list when nothing with area is left.
 */
export function makeValidPolygons(polygons: Rings[]): Rings[] {
  const faces = polygons.flatMap(makeValidOne);
  if (faces.length === 0) return [];
  const merged = UnaryUnionOp.union(factory.createGeometryCollection(faces));
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
