// The planted yard: open land set aside before any village is placed, cut into 120 m slots, one
// planted situation per slot so no two interfere (the widest rule, 18 m of enterprise spacing,
// is far inside a slot). Random features never enter it: its ground is marked taken and
// random patches avoid its box.
import type { Position } from 'geojson';
import { toMetric } from './frame.ts';
import { local, type Frame } from './shapes.ts';
import type { World } from './world.ts';
import type { Township } from './townships.ts';

export const SLOT = 120;
const COLS = 12;
const ROWS = 6;

export interface Yard {
  frame: Frame;
  box: [number, number, number, number];
  /** The next free slot, as a frame centred on the slot. */
  slot(): { frame: Frame; township: Township };
}

export function reserveYard(world: World, lon: number, lat: number): Yard {
  const [x, y] = toMetric(lon, lat);
  const frame: Frame = { x, y, angle: 0.2 };
  const corners: Position[] = [local(frame, 0, 0), local(frame, COLS * SLOT, 0), local(frame, 0, ROWS * SLOT), local(frame, COLS * SLOT, ROWS * SLOT)];
  for (const c of corners) if (!world.map.contains(c)) throw new Error(`planted yard at ${lon},${lat} leaves the county`);
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const box: [number, number, number, number] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  world.occupancy.mark(box[0] - 60, box[1] - 60, box[2] + 60, box[3] + 60);
  let next = 0;
  return {
    frame,
    box,
    slot() {
      if (next >= COLS * ROWS) throw new Error('planted yard is full');
      const i = next % COLS;
      const j = Math.floor(next / COLS);
      next++;
      const c = local(frame, (i + 0.5) * SLOT, (j + 0.5) * SLOT);
      return { frame: { x: c[0], y: c[1], angle: frame.angle }, township: world.map.townshipAt(c) };
    },
  };
}
