// Demand units from settlements: a village or compound is one unit at small scale and is split
// into village groups (村民小组) along its length when the scale asks for more units than there
// are settlements. About a third are drawn as polygons, a few carry a measured waste_tpd.
import type { Polygon, Position } from 'geojson';
import { local, type Frame } from './shapes.ts';
import type { World } from './world.ts';

export interface DemandUnit {
  id: string;
  name: string;
  township: string;
  population: number;
  waste_tpd: number | null;
  geometry: Polygon | { type: 'Point'; coordinates: Position };
  /** Where the checks measure it from (a rectangle's centre is its interior point). */
  at: Position;
}

export function demandFromSettlements(world: World): DemandUnit[] {
  const rng = world.rng;
  const homes = world.settlements.filter((s) => s.kind !== 'park' && s.households > 0);
  const households = homes.reduce((n, s) => n + s.households, 0);
  const target = world.scale.demand;
  const units: DemandUnit[] = [];
  for (const s of homes) {
    const parts = Math.max(1, Math.round((target * s.households) / households));
    const ring = s.area.coordinates[0];
    const frame: Frame = { x: ring[0][0], y: ring[0][1], angle: Math.atan2(ring[1][1] - ring[0][1], ring[1][0] - ring[0][0]) };
    const length = Math.hypot(ring[1][0] - ring[0][0], ring[1][1] - ring[0][1]);
    const depth = Math.hypot(ring[3][0] - ring[0][0], ring[3][1] - ring[0][1]);
    const perPerson = s.kind === 'compound' ? 2.8 : 3.2;
    for (let k = 0; k < parts; k++) {
      const u0 = (length * k) / parts;
      const u1 = (length * (k + 1)) / parts;
      const at = local(frame, (u0 + u1) / 2, depth / 2);
      const population = Math.max(20, Math.round(((s.households / parts) * perPerson * rng.range(0.85, 1.15))));
      const polygon = rng.chance(0.3);
      const geometry: DemandUnit['geometry'] = polygon
        ? { type: 'Polygon', coordinates: [[local(frame, u0, 0), local(frame, u1, 0), local(frame, u1, depth), local(frame, u0, depth), local(frame, u0, 0)]] }
        : { type: 'Point', coordinates: at };
      units.push({
        id: world.nextId('DU'),
        name: parts > 1 ? `${s.name}第${k + 1}组` : s.name,
        township: s.township.name,
        population,
        // Weighed at the compound gate where a market or canteen makes per-capita figures wrong.
        waste_tpd: rng.chance(0.12) ? Math.round(population * rng.range(0.9, 1.6)) / 1000 : null,
        geometry,
        at,
      });
    }
  }
  return units;
}
