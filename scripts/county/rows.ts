// The one layout every settlement uses: lanes run along the frame's u axis, each with a row of
// buildings on either side facing it, rows of neighbouring lanes back to back. Villages, town
// compounds and industrial parks differ only in sizes, gaps and lane widths.
import type { Position } from 'geojson';
import { lShapeIn, local, rectIn, type Frame } from './shapes.ts';
import { addBuilding } from './buildings.ts';
import type { BuildingAttrs, World } from './world.ts';
import type { Township } from './townships.ts';

export interface RowPlan {
  frame: Frame;
  /** Length of the lanes, metres along u. */
  length: number;
  lanes: number;
  laneWidth: () => number;
  /** Building size: w along the lane, d across it. */
  size: () => { w: number; d: number };
  sideGap: () => number;
  /** Gap between the backs of two rows. */
  backGap: number;
  attrs: () => BuildingAttrs;
  lShapeChance: number;
  township: Township;
  address: () => string;
  owner: () => string;
  /** Stop after this many buildings. */
  budget: number;
}

export interface RowResult {
  buildings: number;
  /** Depth of the laid-out band across the lanes (v extent), metres. */
  depth: number;
}

/** Deepest building the plan can produce, from a few draws (sizes are bounded ranges). */
function bandDepth(plan: RowPlan): number {
  let d = 0;
  for (let i = 0; i < 16; i++) d = Math.max(d, plan.size().d);
  return Math.ceil(d);
}

export function layRows(world: World, plan: RowPlan): RowResult {
  const rng = world.rng;
  const dMax = bandDepth(plan);
  let vc = 0;
  let count = 0;
  for (let k = 0; k < plan.lanes && count < plan.budget; k++) {
    const width = plan.laneWidth();
    const setback = width / 2 + rng.range(1, 3);
    const lane = vc + dMax + setback;
    const start: Position = local(plan.frame, -3, lane);
    const end: Position = local(plan.frame, plan.length + 3, lane);
    world.lanes.push({ id: world.nextId('XF'), geometry: { type: 'LineString', coordinates: [start, end] }, width_m: width });
    for (const side of [-1, 1] as const) {
      let u = rng.range(0, 4);
      while (count < plan.budget) {
        const { w, d } = plan.size();
        if (u + w > plan.length) break;
        const front = lane + side * setback;
        const back = front + side * d;
        const v0 = Math.min(front, back);
        const v1 = Math.max(front, back);
        const spot = { frame: plan.frame, u0: u, v0, u1: u + w, v1, township: plan.township };
        const lShaped = rng.chance(plan.lShapeChance);
        // The cut corner of an L-shape sits at the back, away from the lane.
        const geometry =
          lShaped && side > 0
            ? lShapeIn(plan.frame, u, v0, w, d, w * 0.4, d * 0.35)
            : rectIn(plan.frame, u, v0, u + w, v1);
        const outerRow = (k === 0 && side < 0) || (k === plan.lanes - 1 && side > 0);
        addBuilding(world, {
          geometry,
          spot,
          back: side,
          backRoom: outerRow ? 6 : plan.backGap / 2 + (dMax - d),
          address: plan.address(),
          owner: plan.owner(),
          ...plan.attrs(),
        });
        count++;
        u += w + plan.sideGap();
      }
    }
    vc = lane + setback + dMax + plan.backGap;
  }
  return { buildings: count, depth: vc };
}
