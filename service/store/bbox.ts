// Bounding box and representative point of a GeoJSON geometry, in one pass over its coordinates.
import type { Geometry, Position } from 'geojson';

export type BBox = [number, number, number, number];

export function geometryBBox(g: Geometry): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (p: Position) => {
    if (p[0] < b[0]) b[0] = p[0];
    if (p[1] < b[1]) b[1] = p[1];
    if (p[0] > b[2]) b[2] = p[0];
    if (p[1] > b[3]) b[3] = p[1];
  };
  const walk = (g: Geometry): void => {
    switch (g.type) {
      case 'Point':
        add(g.coordinates);
        return;
      case 'LineString':
      case 'MultiPoint':
        g.coordinates.forEach(add);
        return;
      case 'Polygon':
      case 'MultiLineString':
        for (const r of g.coordinates) r.forEach(add);
        return;
      case 'MultiPolygon':
        for (const p of g.coordinates) for (const r of p) r.forEach(add);
        return;
      case 'GeometryCollection':
        g.geometries.forEach(walk);
        return;
    }
  };
  walk(g);
  return b;
}
