// The metric frame the county is drawn in: CGCS2000 Gauss-Krüger EPSG:4549 (central meridian
// 120°E), the zone docs/spec/checks.md measures Wuyi in. Drawing in the checks' own plane means a planted
// distance of 5.0 m is 5.0 m to the checks too, up to the rounding of the written degrees.
import proj4 from 'proj4';
import { parseGaussKruger } from '../../service/geo/gauss-kruger.ts';

const zone = parseGaussKruger('EPSG:4549');
if (!zone) throw new Error('EPSG:4549 is not a Gauss-Krüger zone');
const converter = proj4('EPSG:4326', zone.proj4);

export const METRIC_EPSG = 4549;

/** The county's lon/lat box ("about 119.65–119.95°E, 28.75–29.05°N"). */
export const COUNTY_BBOX = { west: 119.65, south: 28.75, east: 119.95, north: 29.05 } as const;

/** Decimal places of written degrees: 1e-7° is about 1 cm, far below every planted margin. */
export const DEGREE_DECIMALS = 7;
const SCALE = 10 ** DEGREE_DECIMALS;

export type XY = [number, number];

export function toMetric(lon: number, lat: number): XY {
  const [x, y] = converter.forward([lon, lat]);
  return [x, y];
}

export function toLonLat(x: number, y: number): XY {
  const [lon, lat] = converter.inverse([x, y]);
  return [Math.round(lon * SCALE) / SCALE, Math.round(lat * SCALE) / SCALE];
}
