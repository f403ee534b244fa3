// The county seat: a street grid near 119.81°E 28.89°N, slightly rotated like the real one along
// the 熟溪 river, each block a residential compound, an old-town block of small houses, or a
// school/market. The grid grows with the footprint budget.
import type { Position } from 'geojson';
import { toMetric } from './frame.ts';
import { STREET_NAMES, SURNAMES } from './names.ts';
import { local, rectIn, type Frame } from './shapes.ts';
import { layRows, type RowPlan } from './rows.ts';
import { ownerName } from './ledger.ts';
import type { World } from './world.ts';

const BLOCK_U = 150;
const BLOCK_V = 130;
const STREET = 20;

type BlockKind = 'compound' | 'old_town' | 'civic';

export function layTown(world: World, budget: number): number {
  const rng = world.rng;
  const [cx, cy] = toMetric(119.81, 28.89);
  const angle = (12 * Math.PI) / 180;
  // Blocks average ~30 buildings; the grid is drawn larger and filled from the centre out
  // until the budget is spent.
  const perBlock = 30;
  const blocks = Math.max(16, Math.ceil(budget / perBlock));
  const side = Math.ceil(Math.sqrt(blocks) * 1.5) + 2;
  const width = side * (BLOCK_U + STREET);
  const height = side * (BLOCK_V + STREET);
  const grid: Frame = { x: 0, y: 0, angle };
  // Origin so that the grid is centred on the town centre.
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  grid.x = cx - (width / 2) * c + (height / 2) * s;
  grid.y = cy - (width / 2) * s - (height / 2) * c;

  let built = 0;
  const taken: (readonly [number, number, number, number])[] = [];
  // Blocks nearest the centre first, so a small budget still gives a compact town.
  const order: [number, number][] = [];
  for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) order.push([i, j]);
  const mid = (side - 1) / 2;
  order.sort((a, b) => Math.hypot(a[0] - mid, a[1] - mid) - Math.hypot(b[0] - mid, b[1] - mid) || a[0] - b[0] || a[1] - b[1]);
  for (const [i, j] of order) {
    if (built >= budget) break;
    const u0 = i * (BLOCK_U + STREET);
    const v0 = j * (BLOCK_V + STREET);
    const corners: Position[] = [local(grid, u0, v0), local(grid, u0 + BLOCK_U, v0), local(grid, u0, v0 + BLOCK_V), local(grid, u0 + BLOCK_U, v0 + BLOCK_V)];
    if (!corners.every((p) => world.map.contains(p))) continue;
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    const box = [Math.min(...xs) - 10, Math.min(...ys) - 10, Math.max(...xs) + 10, Math.max(...ys) + 10] as const;
    // Rotated blocks' boxes overlap their neighbours', so the town marks its ground only at the
    // end and here tests only against what was reserved before it.
    if (!world.occupancy.isFree(...box)) continue;
    taken.push(box);
    const centre = local(grid, u0 + BLOCK_U / 2, v0 + BLOCK_V / 2);
    const township = world.map.townshipAt(centre);
    const street = STREET_NAMES[(i * 7 + j * 3) % STREET_NAMES.length];
    // A benchmark county's seat is mostly old town, which holds far more buildings per block.
    const kind = budget > 25_000 ? rng.weighted<BlockKind>({ compound: 20, old_town: 75, civic: 5 }) : rng.weighted<BlockKind>({ compound: 60, old_town: 30, civic: 10 });
    let number = rng.int(1, 40) * 2;
    const frame: Frame = { x: local(grid, u0 + 6, v0 + 6)[0], y: local(grid, u0 + 6, v0 + 6)[1], angle };
    const common = {
      frame,
      length: BLOCK_U - 12,
      township,
      address: () => `武义县${township.name}${street}${(number += 2)}号`,
      owner: () => ownerName(rng, SURNAMES),
      budget: budget - built,
    };
    let plan: RowPlan;
    if (kind === 'compound') {
      const highRise = rng.chance(0.3);
      plan = {
        ...common,
        lanes: 2,
        laneWidth: () => rng.pick([4, 4, 6]),
        size: () => ({ w: rng.range(24, 42), d: rng.range(11, 15) }),
        sideGap: () => rng.range(8, 14),
        backGap: 14,
        lShapeChance: 0,
        attrs: () => {
          const floors = highRise && rng.chance(0.6) ? rng.int(11, 18) : rng.int(5, 7);
          return { use: 'residential', structure: 'concrete', floors, height_m: Math.round((floors * 2.9 + 1) * 10) / 10 };
        },
      };
    } else if (kind === 'old_town') {
      plan = {
        ...common,
        lanes: 3,
        laneWidth: () => rng.pick([3.5, 4, 4, 4]),
        size: () => ({ w: rng.range(8, 14), d: rng.range(9, 13) }),
        sideGap: () => rng.range(1, 3),
        backGap: 3,
        lShapeChance: 0.15,
        attrs: () => {
          const floors = rng.int(2, 4);
          const structure = rng.weighted({ brick: 50, concrete: 40, timber: 10 });
          return {
            use: rng.chance(0.25) ? 'commercial' : 'residential',
            structure,
            floors: structure === 'timber' ? 2 : floors,
            height_m: Math.round((floors * 3.1 + 0.4) * 10) / 10,
          };
        },
      };
    } else {
      plan = {
        ...common,
        lanes: 1,
        laneWidth: () => 6,
        size: () => ({ w: rng.range(30, 60), d: rng.range(15, 24) }),
        sideGap: () => rng.range(12, 20),
        backGap: 20,
        lShapeChance: 0.3,
        attrs: () => {
          const floors = rng.int(3, 5);
          return { use: rng.pick(['public', 'commercial'] as const), structure: 'concrete', floors, height_m: Math.round(floors * 3.8 * 10) / 10 };
        },
      };
    }
    const result = layRows(world, plan);
    built += result.buildings;
    if (kind !== 'civic') {
      world.settlements.push({
        name: kind === 'compound' ? `${street}${rng.pick(['花园', '小区', '公寓', '新村'])}` : `${street}老街区`,
        township,
        centre,
        area: rectIn(grid, u0, v0, u0 + BLOCK_U, v0 + BLOCK_V),
        households: kind === 'compound' ? result.buildings * rng.int(18, 36) : result.buildings,
        kind: 'compound',
      });
    }
  }
  for (const box of taken) world.occupancy.mark(...box);
  return built;
}
