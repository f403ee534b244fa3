// Where every building passes: it is written as a footprint (unless the ledger says it was torn
// down) and, by the scale's odds, becomes a ledger record, gets a permit, or gains an unrecorded
// new extension that a satellite patch will later find.
import type { Polygon } from 'geojson';
import { rectIn } from './shapes.ts';
import { dateBetween } from './dates.ts';
import { ledgerFromBuilding } from './ledger.ts';
import type { Building, World } from './world.ts';

const PERMIT_KIND: Record<string, string> = {
  residential: 'rural_housing',
  enterprise: 'industrial',
  commercial: 'commercial',
  public: 'public',
  other: 'other',
};

function footprintProps(world: World, b: Pick<Building, 'use' | 'structure' | 'floors' | 'height_m'>) {
  return { id: world.nextId('JZ'), use: b.use, structure: b.structure, floors: b.floors, height_m: b.height_m };
}

export function addBuilding(world: World, b: Building): void {
  const rng = world.rng;
  const s = world.scale;
  world.buildingCount++;
  let footprint = true;
  if (rng.chance(s.ledger / s.footprints)) {
    const { record, footprintOfBuilding, annexFootprint } = ledgerFromBuilding(world, b);
    world.ledger.push(record);
    footprint = footprintOfBuilding;
    if (annexFootprint) {
      world.footprints.add(annexFootprint, footprintProps(world, record));
    }
  } else if (rng.chance(s.permits / s.footprints)) {
    // A permit covers the plot: the building plus a metre or so around it.
    const m = rng.range(0.5, 1.5);
    const sp = b.spot;
    const geometry: Polygon = rectIn(sp.frame, sp.u0 - m, sp.v0 - m, sp.u1 + m, sp.v1 + m);
    world.permits.push({
      id: world.nextId('XK'),
      geometry,
      spot: sp,
      issued_on: dateBetween(rng, '2012-01-01', '2024-05-31'),
      kind: PERMIT_KIND[b.use],
    });
  } else if (b.backRoom >= 3 && rng.chance((s.patchesPerBatch * 0.6) / s.footprints)) {
    const sp = b.spot;
    const depth = Math.min(b.backRoom - 0.5, rng.range(3, 6));
    const [v0, v1] = b.back > 0 ? [sp.v1, sp.v1 + depth] : [sp.v0 - depth, sp.v0];
    world.newSpots.push({ ...sp, v0, v1 });
  }
  if (footprint) world.footprints.add(b.geometry, footprintProps(world, b));
}
