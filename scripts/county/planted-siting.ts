// Planted candidate sites with one building at a chosen distance, one per yard slot, each
// against the CJJ/T 47-2016 separation of its size class: < 150 t/d 10 m, 150–450 t/d 15 m,
// > 450 t/d 30 m. The candidate is the slot centre; the building's near face is `gap` m east.
import type { Manifest } from './manifest.ts';
import type { PlantKit, Slot } from './planted-kit.ts';
import type { Candidate } from './candidates.ts';
import type { World } from './world.ts';

export function plantSiting(world: World, kit: PlantKit, slot: () => Slot, manifest: Manifest): Candidate[] {
  const out: Candidate[] = [];
  const site = (
    situation: string,
    capacity: number,
    gap: number,
    neighbour: 'footprint' | 'ledger' | 'demolished',
    feasible: boolean,
  ) => {
    const s = slot();
    let ids: Record<string, string[]>;
    if (neighbour === 'footprint') {
      ids = { footprints: [kit.footprint(s, gap, -5, gap + 10, 5, { use: 'other', structure: 'simple', floors: 1, height_m: 3 })] };
    } else {
      const status = neighbour === 'ledger' ? 'pending' : 'demolished';
      ids = { ledger: [kit.ledger(s, gap, -5, gap + 10, 5, { status, built_on: '2023-03-01', recorded_on: '2023-06-06' })] };
    }
    const c: Candidate = { id: world.nextId('HX'), name: `${s.township.name}试点候选点${out.length + 1}`, capacity_tpd: capacity, at: [s.frame.x, s.frame.y], feasible };
    out.push(c);
    manifest.add({ check: 'siting', situation, ids: { candidates: [c.id], ...ids }, expect: { feasible } });
  };
  site('100 t/d (needs 10 m), footprint 12 m away: feasible', 100, 12, 'footprint', true);
  site('100 t/d (needs 10 m), footprint 8 m away: infeasible', 100, 8, 'footprint', false);
  site('300 t/d (needs 15 m), footprint 12 m away: infeasible', 300, 12, 'footprint', false);
  site('150 t/d is medium (needs 15 m), footprint 12 m away: infeasible', 150, 12, 'footprint', false);
  site('450 t/d is medium (needs 15 m), footprint 20 m away: feasible', 450, 20, 'footprint', true);
  site('500 t/d (needs 30 m), footprint 20 m away: infeasible', 500, 20, 'footprint', false);
  site('100 t/d, pending ledger record (not in footprints) 6 m away: infeasible', 100, 6, 'ledger', false);
  site('100 t/d, demolished ledger record 5 m away: feasible', 100, 5, 'demolished', true);
  return out;
}
