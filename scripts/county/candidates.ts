// Candidate sites for new stations. Random ones sit on free ground (a free occupancy cell whose
// neighbours are free too, so ≥ 50 m from any building and outside every landfill) near
// villages, mostly uncovered ones, as a planner would shortlist them.
import type { Position } from 'geojson';
import type { World } from './world.ts';
import type { DemandUnit } from './demand.ts';

export interface Candidate {
  id: string;
  name: string;
  capacity_tpd: number;
  at: Position;
  /** What the generator built it to be (checked again in the manifest). */
  feasible: boolean;
}

export function isOpenGround(world: World, p: Position): boolean {
  // Every cell touching p ± 40 m free: anything taken is ≥ 40 m away, past the largest
  // separation (30 m) a station size asks.
  const r = Math.max(40, world.occupancy.cell);
  return world.map.contains(p) && world.occupancy.isFree(p[0] - r, p[1] - r, p[0] + r, p[1] + r);
}

export function randomCandidates(world: World, units: DemandUnit[], uncovered: Set<string>, count: number): Candidate[] {
  const rng = world.rng;
  const out: Candidate[] = [];
  const pool = units.filter((u) => uncovered.has(u.id));
  for (let attempts = 0; out.length < count && attempts < count * 200; attempts++) {
    const near = pool.length && rng.chance(0.7) ? rng.pick(pool) : rng.pick(units);
    const t = rng.range(0, 2 * Math.PI);
    const r = rng.range(200, 1_800);
    const at: Position = [near.at[0] + r * Math.cos(t), near.at[1] + r * Math.sin(t)];
    if (!isOpenGround(world, at)) continue;
    out.push({
      id: world.nextId('HX'),
      name: `${near.township}${near.name.replace(/第\d+组$/, '')}附近候选点`,
      capacity_tpd: rng.int(5, 60) * 10,
      at,
      feasible: true,
    });
  }
  return out;
}
