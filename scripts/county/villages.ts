// Villages: clusters of houses strung along a road, lanes parallel to it, named like the hill
// villages of Wuyi and mostly of one clan. Placed until the footprint budget is spent, each on
// free ground inside the county.
import { SURNAMES, VILLAGE_HEADS, VILLAGE_TAILS } from './names.ts';
import { local, rectIn, type Frame } from './shapes.ts';
import { layRows } from './rows.ts';
import type { Road } from './roads.ts';
import type { World } from './world.ts';

function bounds(ring: number[][]): [number, number, number, number] {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export function layVillages(world: World, roads: Road[], budget: number): number {
  const rng = world.rng;
  const grow = Math.max(1, Math.pow(world.scale.footprints / 30_000, 0.35));
  const names = new Set<string>();
  let built = 0;
  let failures = 0;
  const [bx0, by0, bx1, by1] = bounds(world.map.outline);
  // Once the roadsides are full (only the benchmark county gets there), villages go on hill
  // tracks, which are not drawn: anchors scanned row by row over the county pack far denser
  // than random throws.
  const SCAN = 50;
  const columns = Math.ceil((bx1 - bx0) / SCAN);
  const scanTotal = columns * Math.ceil((by1 - by0) / SCAN);
  let scan = 0;
  // The benchmark county packs its villages tighter, or a million houses would not fit.
  const dense = world.scale.footprints > 100_000;
  const margin = dense ? 8 : 30;
  const backGap = dense ? 2 : 8;
  while (built < budget && scan < scanTotal) {
    const onRoad = failures < 300; // sticky: failures stop being reset once scanning starts
    let road: Pick<Road, 'a' | 'b'>;
    if (onRoad) {
      road = rng.pick(roads);
    } else {
      const a: [number, number] = [bx0 + (scan % columns) * SCAN, by0 + Math.floor(scan / columns) * SCAN];
      scan++;
      road = { a, b: [a[0] + 1000, a[1]] };
    }
    const t = onRoad ? rng.range(0.08, 0.92) : 0;
    const angle = Math.atan2(road.b[1] - road.a[1], road.b[0] - road.a[0]) + (onRoad ? rng.range(-0.15, 0.15) : 0);
    const houses = Math.min(budget - built, Math.round(rng.range(40, 180) * grow));
    const lanes = Math.max(1, Math.round(Math.sqrt(houses / 12)));
    const length = Math.max(60, Math.ceil(houses / (2 * lanes)) * 14);
    // A lane's two rows and their gaps: 2 × (16 m house + ≤ 5 m setback) + the back gap.
    const depth = lanes * (42 + backGap);
    const side = onRoad ? (rng.chance(0.5) ? 1 : -1) : 1;
    const offset = onRoad ? rng.range(15, 60) : 0;
    const along: [number, number] = [road.a[0] + t * (road.b[0] - road.a[0]), road.a[1] + t * (road.b[1] - road.a[1])];
    const frame: Frame = { x: along[0], y: along[1], angle };
    // Origin at the village's near corner on the chosen side of the road.
    const v0 = side > 0 ? offset : -offset - depth;
    const corner = onRoad ? local(frame, -length / 2, v0) : road.a;
    const vf: Frame = { x: corner[0], y: corner[1], angle };
    const corners = [local(vf, 0, 0), local(vf, length, 0), local(vf, 0, depth), local(vf, length, depth)];
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    const box = [Math.min(...xs) - margin, Math.min(...ys) - margin, Math.max(...xs) + margin, Math.max(...ys) + margin] as const;
    if (!corners.every((p) => world.map.contains(p)) || !world.occupancy.isFree(...box)) {
      failures++;
      continue;
    }
    if (onRoad) failures = 0;
    world.occupancy.mark(...box);
    const centre = local(vf, length / 2, depth / 2);
    const township = world.map.townshipAt(centre);
    let name = `${rng.pick(VILLAGE_HEADS)}${rng.pick(VILLAGE_TAILS)}`;
    for (let k = 2; names.has(name); k++) name = `${name.replace(/村$/, '')}${k}村`;
    names.add(name);
    const clan = rng.pick(SURNAMES);
    let number = 0;
    const result = layRows(world, {
      frame: vf,
      length,
      lanes,
      laneWidth: () => (rng.chance(0.2) ? 3.5 : 4),
      size: () => ({ w: rng.range(8, 14), d: rng.range(9, 16) }),
      sideGap: () => (dense ? rng.range(1, 2) : rng.range(1.5, 4)),
      backGap,
      lShapeChance: 0.2,
      township,
      address: () => `武义县${township.name}${name}${++number}号`,
      owner: () => `${rng.chance(0.7) ? clan : rng.pick(SURNAMES)}某某`,
      budget: houses,
      attrs: () => {
        const structure = rng.weighted({ brick: 45, concrete: 38, timber: 5, simple: 7, steel_shed: 5 });
        const small = structure === 'simple' || structure === 'steel_shed';
        const floors = small ? 1 : structure === 'timber' ? rng.int(1, 2) : rng.int(2, 4);
        const use = small ? 'other' : rng.chance(0.05) ? 'commercial' : 'residential';
        return { use, structure, floors, height_m: Math.round((floors * 3.1 + rng.range(0, 1.2)) * 10) / 10 };
      },
    });
    built += result.buildings;
    world.settlements.push({
      name,
      township,
      centre,
      area: rectIn(vf, 0, 0, length, depth),
      households: result.buildings,
      kind: 'village',
    });
  }
  return built;
}
