// The generator's own small model of docs/spec/checks.md §3 over points, used to place planted coverage
// situations and to write their expected results. Demand polygons are centrally symmetric
// rectangles, whose interior point (JTS InteriorPointArea) is their centre.
import type { Position } from 'geojson';
import { pointPolygonDistance } from './shapes.ts';
import type { Landfill } from './landfills.ts';

export interface StationSite {
  id: string;
  name: string;
  at: Position;
  status: 'operating' | 'upgrading' | 'planned' | 'closed';
  capacity_tpd: number;
  service_radius_m: number | null;
}

export const DEFAULT_RADIUS = 3000;
export const PER_CAPITA_KG = 1.0;
export const SETBACK_M = 500;

export const serves = (s: StationSite) => s.status === 'operating' || s.status === 'upgrading';
const dist = (a: Position, b: Position) => Math.hypot(a[0] - b[0], a[1] - b[1]);

export interface Assignment {
  station_id: string | null;
  distance_m: number | null;
  covered: boolean;
}

export function assign(p: Position, stations: StationSite[]): Assignment {
  let best: StationSite | null = null;
  let bestD = Infinity;
  let covered = false;
  for (const s of stations) {
    if (!serves(s)) continue;
    const d = dist(p, s.at);
    if (d < bestD - 0.001 || (Math.abs(d - bestD) <= 0.001 && best !== null && s.id < best.id)) {
      best = s;
      bestD = d;
    }
    if (d <= (s.service_radius_m ?? DEFAULT_RADIUS)) covered = true;
  }
  return { station_id: best?.id ?? null, distance_m: best ? bestD : null, covered };
}

/** Smallest margin by which p is inside or outside any serving station's radius. */
export function radiusMargin(p: Position, stations: StationSite[]): number {
  let m = Infinity;
  for (const s of stations) if (serves(s)) m = Math.min(m, Math.abs(dist(p, s.at) - (s.service_radius_m ?? DEFAULT_RADIUS)));
  return m;
}

export function landfillDistance(p: Position, landfills: Landfill[], includeClosed: boolean): number {
  let d = Infinity;
  for (const l of landfills) if (includeClosed || l.status !== 'closed') d = Math.min(d, pointPolygonDistance(p, l.polygon.coordinates));
  return d;
}

export function demandTpd(u: { population: number; waste_tpd: number | null }): number {
  return u.waste_tpd ?? (u.population * PER_CAPITA_KG) / 1000;
}
