// The one bounding-box helper: the box of a GeoJSON geometry in one pass over its coordinates.
// Runs once per feature on every load, check and tile source, so it walks with plain loops and
// no closures.
import type { Geometry, Position } from 'geojson';

export type BBox = [number, number, number, number];

function addPoints(b: BBox, ps: Position[]): void {
  for (let i = 0; i < ps.length; i++) {
    const x = ps[i][0];
    const y = ps[i][1];
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  }
}

function addGeometry(b: BBox, g: Geometry): void {
  switch (g.type) {
    case 'Point':
      addPoints(b, [g.coordinates]);
      return;
    case 'LineString':
    case 'MultiPoint':
      addPoints(b, g.coordinates);
      return;
    case 'Polygon':
    case 'MultiLineString':
      for (const r of g.coordinates) addPoints(b, r);
      return;
    case 'MultiPolygon':
      for (const p of g.coordinates) for (const r of p) addPoints(b, r);
      return;
    case 'GeometryCollection':
      for (const c of g.geometries) addGeometry(b, c);
      return;
  }
}

/** [minX, minY, maxX, maxY]; [Infinity, Infinity, -Infinity, -Infinity] when there are no coordinates (see isEmptyBBox). */
export function geometryBBox(g: Geometry): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  addGeometry(b, g);
  return b;
}

/** True for the box of a geometry without (numeric) coordinates. */
export function isEmptyBBox(b: BBox): boolean {
  return !(b[0] <= b[2] && b[1] <= b[3]);
}
