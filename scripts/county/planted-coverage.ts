// Planted coverage situations (docs/spec/checks.md §3): units beside serving, planned and closed
// stations, a unit that only a farther station with a wider radius covers, an overloaded
// station's market town, homes near landfills of each status, and candidates inside landfills.
// Places that depend on where the stations fell are found by a deterministic grid search.
import type { Position } from 'geojson';
import { local } from './shapes.ts';
import { DEFAULT_RADIUS, serves, type StationSite } from './coverage-model.ts';
import type { Landfill } from './landfills.ts';
import type { DemandUnit } from './demand.ts';
import type { Candidate } from './candidates.ts';
import { isOpenGround } from './candidates.ts';
import type { World } from './world.ts';

const dist = (a: Position, b: Position) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const radius = (s: StationSite) => s.service_radius_m ?? DEFAULT_RADIUS;

/** The grid point (250 m step) nearest `near` that satisfies `ok`, or an error naming `what`. */
function search(world: World, near: Position, what: string, ok: (p: Position) => boolean): Position {
  let best: Position | null = null;
  let bestD = Infinity;
  const [x0, y0] = world.map.outline.reduce((m, p) => [Math.min(m[0], p[0]), Math.min(m[1], p[1])], [Infinity, Infinity]);
  const [x1, y1] = world.map.outline.reduce((m, p) => [Math.max(m[0], p[0]), Math.max(m[1], p[1])], [-Infinity, -Infinity]);
  for (let x = Math.ceil(x0 / 250) * 250; x <= x1; x += 250) {
    for (let y = Math.ceil(y0 / 250) * 250; y <= y1; y += 250) {
      const p: Position = [x, y];
      if (!world.map.contains(p) || !ok(p)) continue;
      const d = dist(p, near);
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
  }
  if (!best) throw new Error(`planted coverage: no place found for ${what}`);
  return best;
}

export interface PlantedCoverage {
  units: DemandUnit[];
  candidates: Candidate[];
  /** Units whose expected row the manifest states, with the situation. */
  watch: { id: string; situation: string }[];
  overloaded: string;
  /** The unit whose waste_tpd is raised if the overloaded station is not loaded enough. */
  marketUnit: string;
}

export function plantCoverage(world: World, stations: StationSite[], landfills: Landfill[]): PlantedCoverage {
  const serving = stations.filter(serves);
  const units: DemandUnit[] = [];
  const watch: PlantedCoverage['watch'] = [];
  const township = (p: Position) => world.map.townshipAt(p).name;
  const unit = (situation: string, name: string, at: Position, population: number, waste_tpd: number | null = null) => {
    const u: DemandUnit = { id: world.nextId('DU'), name, township: township(at), population, waste_tpd, geometry: { type: 'Point', coordinates: at }, at };
    units.push(u);
    watch.push({ id: u.id, situation });
    return u;
  };
  const station = (id: string) => stations.find((s) => s.id === id)!;

  // A planned station far from every serving one, with a village next to it.
  const planned = search(world, world.map.townships.find((t) => t.name === '柳城畲族镇')!.seat, 'a planned station', (p) =>
    serving.every((s) => dist(p, s.at) > radius(s) + 1_500),
  );
  stations.push({ id: 'ZZ07', name: `${township(planned)}垃圾中转站(规划)`, at: planned, status: 'planned', capacity_tpd: 60, service_radius_m: null });
  const uncovered = unit('uncovered: 400 m from a planned station, beyond every serving radius', '畲乡新村', [planned[0] + 400, planned[1]], 1_260);

  const east = station('ZZ01').at;
  unit('covered: 600 m from an operating station', '东苑小区', [east[0] + 600, east[1]], 3_400);

  // Nearest serving station is beyond its 3 km; ZZ06 (radius 5 km) is farther yet covers it.
  const wide = station('ZZ06');
  const farther = search(world, wide.at, 'a unit covered only by a farther, wider station', (p) => {
    const dw = dist(p, wide.at);
    if (dw > radius(wide) - 300) return false;
    const others = serving.filter((s) => s.id !== wide.id);
    return others.every((s) => dist(p, s.at) > radius(s) + 300) && others.some((s) => dist(p, s.at) < dw - 300);
  });
  unit('covered by a farther station (ZZ06, 5 km radius) though assigned to a nearer one out of its 3 km', '岭下村', farther, 860);

  const closed = station('ZZ08').at;
  unit('next to a closed station (200 m), which serves nobody', '茭道老街', [closed[0] + 200, closed[1]], 1_900);

  const wangzhai = station('ZZ05');
  const market = unit('market town beside the 20 t/d 王宅 station, weighed ≥ 18 t/d: overloads it', '王宅镇集镇', [wangzhai.at[0] - 300, wangzhai.at[1]], 9_000, 18);

  // Homes at set distances from the south edge (v = 0) of each landfill.
  const setback = (l: Landfill, d: number, name: string) => {
    const at = local(l.frame, l.w / 2, -d);
    const inside = l.status !== 'closed' && d < 500;
    unit(`${d} m from ${l.status} landfill ${l.id}: ${inside ? 'in' : 'not in'} the 500 m setback`, name, at, 640);
  };
  const [closing, operating, old] = landfills;
  setback(closing, 300, '后垅村');
  setback(operating, 450, '塘头村');
  setback(operating, 560, '下塘村');
  setback(old, 200, '老窑村');

  const candidates: Candidate[] = [];
  for (const l of [old, closing]) {
    const at = local(l.frame, l.w / 2, l.h / 2);
    candidates.push({ id: world.nextId('HX'), name: `${l.name}场内候选点`, capacity_tpd: 200, at, feasible: false });
  }
  // A feasible site that covers the uncovered village beside the planned station.
  const gainSite = search(world, [uncovered.at[0] + 900, uncovered.at[1] + 300], 'a feasible candidate near the uncovered village', (p) =>
    isOpenGround(world, p) && dist(p, uncovered.at) < 2_000,
  );
  candidates.push({ id: world.nextId('HX'), name: `${township(gainSite)}畲乡候选点`, capacity_tpd: 120, at: gainSite, feasible: true });
  return { units, candidates, watch, overloaded: 'ZZ05', marketUnit: market.id };
}
