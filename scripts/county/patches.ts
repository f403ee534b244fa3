// Satellite change patches for two quarterly batches. A patch is the blob a change detector
// draws around a change: the changed rectangle grown by a metre or two with its corners cut.
// Random patches fall on ledger records (any status), permits, unrecorded new extensions and
// cleared land; removals sit over standing records.
import type { Polygon } from 'geojson';
import type { Rng } from './rng.ts';
import { local, type Frame } from './shapes.ts';
import { addMonths, dateBetween } from './dates.ts';
import { COUNTY_CODE } from './names.ts';
import type { Spot, World } from './world.ts';

export interface Batch {
  name: string;
  from: string;
  to: string;
}

export const BATCHES: readonly Batch[] = [
  { name: '2024Q1', from: '2024-01-01', to: '2024-03-31' },
  { name: '2024Q2', from: '2024-04-01', to: '2024-06-30' },
];

export interface Patch {
  id: string;
  batch: string;
  detected_on: string;
  before_on: string;
  change_type: string;
  township: string;
  geometry: Polygon;
}

/** Octagon around [u0,u1]×[v0,v1] of `frame`, grown by `m` with corners cut by `c`. */
export function patchAround(frame: Frame, u0: number, v0: number, u1: number, v1: number, m: number, c: number): Polygon {
  const a = u0 - m;
  const b = u1 + m;
  const p = v0 - m;
  const q = v1 + m;
  const ring = [
    local(frame, a + c, p),
    local(frame, b - c, p),
    local(frame, b, p + c),
    local(frame, b, q - c),
    local(frame, b - c, q),
    local(frame, a + c, q),
    local(frame, a, q - c),
    local(frame, a, p + c),
  ];
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

export class PatchIds {
  private readonly next = new Map<string, number>();
  id(batch: string): string {
    const n = (this.next.get(batch) ?? 0) + 1;
    this.next.set(batch, n);
    return `${COUNTY_CODE}-${batch}-${String(n).padStart(5, '0')}`;
  }
}

export function patchDates(rng: Rng, batch: Batch): { detected_on: string; before_on: string } {
  const detected_on = dateBetween(rng, batch.from, batch.to);
  return { detected_on, before_on: addMonths(detected_on, -3) };
}

function around(rng: Rng, s: Spot): Polygon {
  const m = rng.range(0.8, 2.2);
  return patchAround(s.frame, s.u0, s.v0, s.u1, s.v1, m, m * rng.range(0.5, 1.2));
}

/** `keepOut` is the planted yard's box: no random patch may touch a planted case. */
export function randomPatches(world: World, ids: PatchIds, keepOut: [number, number, number, number]): Patch[] {
  const rng = world.rng;
  const out: Patch[] = [];
  const standing = world.ledger.filter((r) => r.status !== 'demolished');
  for (const batch of BATCHES) {
    for (let i = 0; i < world.scale.patchesPerBatch; i++) {
      const source = rng.weighted({ ledger: 40, permit: 20, fresh: 25, clearing: 8, removal: 7 });
      let spot: Spot | undefined;
      let change_type: string = rng.weighted({ construction: 80, expansion: 20 });
      if (source === 'ledger' && world.ledger.length) spot = rng.pick(world.ledger).spot;
      else if (source === 'permit' && world.permits.length) spot = rng.pick(world.permits).spot;
      else if (source === 'fresh' && world.newSpots.length) spot = rng.pick(world.newSpots);
      else if (source === 'removal' && standing.length) {
        spot = rng.pick(standing).spot;
        change_type = 'removal';
      } else if (world.settlements.length) {
        // Land cleared for building just outside a settlement: nothing is recorded there yet.
        const s = rng.pick(world.settlements);
        const ring = s.area.coordinates[0];
        const angle = Math.atan2(ring[1][1] - ring[0][1], ring[1][0] - ring[0][0]);
        const w = rng.range(30, 90);
        const frame: Frame = { x: ring[0][0], y: ring[0][1], angle };
        spot = { frame, u0: rng.range(0, 40), v0: -w - 35, u1: 0, v1: -35, township: s.township };
        spot.u1 = spot.u0 + rng.range(30, 90);
        change_type = 'land_clearing';
      }
      if (!spot) continue;
      const geometry = around(rng, spot);
      const ring = geometry.coordinates[0];
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      if (Math.max(...xs) >= keepOut[0] && Math.min(...xs) <= keepOut[2] && Math.max(...ys) >= keepOut[1] && Math.min(...ys) <= keepOut[3]) continue;
      out.push({
        id: ids.id(batch.name),
        batch: batch.name,
        ...patchDates(rng, batch),
        change_type,
        township: spot.township.name,
        geometry,
      });
    }
  }
  return out;
}
