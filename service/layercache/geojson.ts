// One feature of a columnar layer back as GeoJSON, for the few features a tile shows.
import type { Geometry, Position } from 'geojson';
import type { ColumnarLayer } from './columnar.ts';

function positions(col: ColumnarLayer, part: number): Position[] {
  const out: Position[] = [];
  for (let v = col.partVertex[part]; v < col.partVertex[part + 1]; v++) out.push([col.lonLat[2 * v], col.lonLat[2 * v + 1]]);
  return out;
}

function rings(col: ColumnarLayer, group: number): Position[][] {
  const out: Position[][] = [];
  for (let p = col.groupPart[group]; p < col.groupPart[group + 1]; p++) out.push(positions(col, p));
  return out;
}

export function featureGeometry(col: ColumnarLayer, i: number): Geometry {
  const g0 = col.featureGroup[i], g1 = col.featureGroup[i + 1];
  switch (col.kind[i]) {
    case 1: return { type: 'Point', coordinates: positions(col, col.groupPart[g0])[0] };
    case 2: return { type: 'LineString', coordinates: positions(col, col.groupPart[g0]) };
    case 3: return { type: 'Polygon', coordinates: rings(col, g0) };
    case 4: return { type: 'MultiPoint', coordinates: rings(col, g0).map((p) => p[0]) };
    case 5: return { type: 'MultiLineString', coordinates: rings(col, g0) };
    default: {
      const polygons: Position[][][] = [];
      for (let g = g0; g < g1; g++) polygons.push(rings(col, g));
      return { type: 'MultiPolygon', coordinates: polygons };
    }
  }
}
