// Shared by the generator tests: reading a generated dataset and projecting it back to the
// metric plane the checks measure in (EPSG:4549).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import proj4 from 'proj4';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { parseGaussKruger } from '../../service/geo/gauss-kruger.ts';

export const SAMPLE_DIR = new URL('../../data/sample/', import.meta.url).pathname;

export function readLayer(dir: string, layer: string): FeatureCollection {
  return JSON.parse(readFileSync(join(dir, `${layer}.geojson`), 'utf8')) as FeatureCollection;
}

const zone = parseGaussKruger('EPSG:4549')!;
const toGk = proj4('EPSG:4326', zone.proj4);

export function metric(p: Position): [number, number] {
  const [x, y] = toGk.forward([p[0], p[1]]);
  return [x, y];
}

/** Outer rings of a polygonal geometry in metres, as polygon-clipping wants them. */
export function metricPolygons(g: Geometry): [number, number][][][] {
  if (g.type === 'Polygon') return [g.coordinates.map((r) => r.map(metric))];
  if (g.type === 'MultiPolygon') return g.coordinates.map((p) => p.map((r) => r.map(metric)));
  throw new Error(`not polygonal: ${g.type}`);
}

export function allPositions(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    default:
      throw new Error(`unexpected geometry ${g.type}`);
  }
}
