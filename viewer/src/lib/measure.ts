// The measuring tool's arithmetic: geodesic length and area of the clicked points (turf), the
// figures in words (m / km, m² / ha) and the GeoJSON the map draws. Pure, so node tests it.
import { area, length } from '@turf/turf';
import type { Feature, FeatureCollection, Position } from 'geojson';
import type { Lang } from './i18n.ts';

export type MeasureMode = 'length' | 'area';

/** Metres along the path through the points, in order (0 for fewer than two). */
export function pathLength(points: readonly Position[]): number {
  if (points.length < 2) return 0;
  return length({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [...points] } }, { units: 'kilometers' }) * 1000;
}

/** Square metres inside the ring the points close (0 for fewer than three). */
export function ringArea(points: readonly Position[]): number {
  if (points.length < 3) return 0;
  return area({ type: 'Polygon', coordinates: [[...points, points[0]]] });
}

/** Metres around the closed ring (the polygon's perimeter). */
export function ringPerimeter(points: readonly Position[]): number {
  return points.length < 3 ? pathLength(points) : pathLength([...points, points[0]]);
}

const UNITS = {
  zh: { m: '米', km: '公里', m2: '平方米', ha: '公顷' },
  en: { m: 'm', km: 'km', m2: 'm²', ha: 'ha' },
} as const;

function fixed(value: number, digits: number, lang: Lang): string {
  return value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Under 1 km in metres (one decimal below 100 m), from 1 km in kilometres (three decimals). */
export function formatLength(metres: number, lang: Lang): string {
  const u = UNITS[lang];
  if (metres < 1000) return `${fixed(metres, metres < 100 ? 1 : 0, lang)} ${u.m}`;
  return `${fixed(metres / 1000, 3, lang)} ${u.km}`;
}

/** Under 1 ha in square metres, from 1 ha in hectares (four decimals: one square metre). */
export function formatArea(squareMetres: number, lang: Lang): string {
  const u = UNITS[lang];
  if (squareMetres < 10_000) return `${fixed(squareMetres, squareMetres < 100 ? 1 : 0, lang)} ${u.m2}`;
  return `${fixed(squareMetres / 10_000, 4, lang)} ${u.ha}`;
}

export interface Measurement {
  mode: MeasureMode;
  /** Metres: the path, or the ring's perimeter in area mode. */
  length: number;
  /** Square metres; 0 in length mode. */
  area: number;
}

export function measure(points: readonly Position[], mode: MeasureMode): Measurement {
  return mode === 'length' ? { mode, length: pathLength(points), area: 0 } : { mode, length: ringPerimeter(points), area: ringArea(points) };
}

/** What the map draws: the vertices, the path (or closed ring) and, in area mode, the fill. */
export function measureShapes(points: readonly Position[], mode: MeasureMode): FeatureCollection {
  const features: Feature[] = points.map((p, i) => ({ type: 'Feature', properties: { kind: 'vertex', i }, geometry: { type: 'Point', coordinates: p } }));
  if (points.length >= 2) {
    const line = mode === 'area' && points.length >= 3 ? [...points, points[0]] : [...points];
    features.push({ type: 'Feature', properties: { kind: 'line' }, geometry: { type: 'LineString', coordinates: line } });
  }
  if (mode === 'area' && points.length >= 3) {
    features.push({ type: 'Feature', properties: { kind: 'fill' }, geometry: { type: 'Polygon', coordinates: [[...points, points[0]]] } });
  }
  return { type: 'FeatureCollection', features };
}
