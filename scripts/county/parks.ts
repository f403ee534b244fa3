// Industrial parks (工业功能区): large steel sheds and a few office blocks on 6–7 m fire lanes,
// beside the seats of the manufacturing towns first (桐琴, 泉溪, 白洋 …), then elsewhere.
import { COMPANY_WORDS } from './names.ts';
import { local, rectIn, type Frame } from './shapes.ts';
import { layRows } from './rows.ts';
import type { World } from './world.ts';

const PARK_TOWNS = ['桐琴镇', '泉溪镇', '白洋街道', '履坦镇', '王宅镇', '茭道镇'];

export function layParks(world: World, budget: number): number {
  const rng = world.rng;
  const seats = [
    ...PARK_TOWNS.map((n) => world.map.townships.find((t) => t.name === n)!),
    ...world.map.townships,
  ];
  let built = 0;
  let attempts = 0;
  let park = 0;
  while (built < budget && attempts < 5_000) {
    attempts++;
    const town = seats[park % seats.length];
    const angle = rng.range(-0.6, 0.6);
    // Farther from the seat as nearby ground runs out (only the benchmark county gets there).
    const dist = rng.range(600, Math.min(8_000, 2_500 + attempts * 5));
    const dir = rng.range(0, 2 * Math.PI);
    const length = rng.range(500, 1_100);
    const lanes = rng.int(3, 6);
    const depth = lanes * 150;
    const frame: Frame = { x: town.seat[0] + dist * Math.cos(dir), y: town.seat[1] + dist * Math.sin(dir), angle };
    const corners = [local(frame, 0, 0), local(frame, length, 0), local(frame, 0, depth), local(frame, length, depth)];
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    const box = [Math.min(...xs) - 30, Math.min(...ys) - 30, Math.max(...xs) + 30, Math.max(...ys) + 30] as const;
    if (!corners.every((p) => world.map.contains(p)) || !world.occupancy.isFree(...box)) continue;
    world.occupancy.mark(...box);
    park++;
    const township = world.map.townshipAt(local(frame, length / 2, depth / 2));
    let number = 0;
    const result = layRows(world, {
      frame,
      length,
      lanes,
      laneWidth: () => rng.pick([6, 6, 7, 4]),
      size: () => (rng.chance(0.85) ? { w: rng.range(30, 120), d: rng.range(20, 55) } : { w: rng.range(20, 35), d: rng.range(12, 16) }),
      sideGap: () => rng.range(10, 20),
      backGap: 14,
      lShapeChance: 0.1,
      township,
      address: () => `武义县${township.name}${rng.pick(COMPANY_WORDS)}园区${++number}号`,
      owner: () => `武义${rng.pick(COMPANY_WORDS)}有限公司`,
      budget: budget - built,
      attrs: () => {
        const structure = rng.weighted({ steel_shed: 50, steel_frame: 30, concrete: 15, brick: 5 });
        const floors = structure === 'concrete' ? rng.int(3, 6) : rng.int(1, 2);
        return { use: 'enterprise', structure, floors, height_m: Math.round((floors * 4.5 + rng.range(1, 4)) * 10) / 10 };
      },
    });
    built += result.buildings;
    world.settlements.push({
      name: `${township.name.replace(/(街道|镇|乡)$/, '')}工业功能区${park}`,
      township,
      centre: local(frame, length / 2, depth / 2),
      area: rectIn(frame, 0, 0, length, depth),
      households: 0,
      kind: 'park',
    });
  }
  return built;
}
