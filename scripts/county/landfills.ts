// Landfills: 官山后垅 in closure (the county's real 2023–24 in-place closure of ~30,000 m²), the
// operating second-phase site, and an old closed township dump. Reserved before any settlement.
import type { Polygon } from 'geojson';
import { toMetric } from './frame.ts';
import { rectIn, type Frame } from './shapes.ts';
import type { World } from './world.ts';

export interface Landfill {
  id: string;
  name: string;
  status: 'operating' | 'closing' | 'closed';
  capacity_m3: number;
  remaining_m3: number;
  frame: Frame;
  /** Size in the frame: the polygon is [0,w]×[0,h]. */
  w: number;
  h: number;
  polygon: Polygon;
}

const SITES = [
  { id: 'TM01', name: '官山后垅生活垃圾填埋场', status: 'closing', lon: 119.785, lat: 28.858, w: 200, h: 150, capacity_m3: 600_000, remaining_m3: 0 },
  { id: 'TM02', name: '武义县生活垃圾填埋场(二期)', status: 'operating', lon: 119.872, lat: 28.828, w: 340, h: 240, capacity_m3: 1_200_000, remaining_m3: 385_000 },
  { id: 'TM03', name: '桃溪镇老垃圾填埋场', status: 'closed', lon: 119.69, lat: 28.94, w: 120, h: 90, capacity_m3: 80_000, remaining_m3: 0 },
] as const;

export function reserveLandfills(world: World): Landfill[] {
  return SITES.map((s) => {
    const [x, y] = toMetric(s.lon, s.lat);
    const frame: Frame = { x, y, angle: 0.35 };
    const polygon = rectIn(frame, 0, 0, s.w, s.h);
    const xs = polygon.coordinates[0].map((p) => p[0]);
    const ys = polygon.coordinates[0].map((p) => p[1]);
    world.occupancy.mark(Math.min(...xs) - 80, Math.min(...ys) - 80, Math.max(...xs) + 80, Math.max(...ys) + 80);
    return { ...s, frame, polygon };
  });
}
