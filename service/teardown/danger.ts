// Danger of a record from the latest fire run, and the order records are taken in: blocking a
// fire lane first, then other encroachments and separation violations, then the rest; within a
// class the larger first (more floor area at risk), ties by id in code-point order.
import type { Danger, PlanRecord, Reason } from './types.ts';

export interface FireFindings {
  encroachments: { building_id: string; blocked: boolean }[];
  spacing: { building_id: string; violations?: number }[];
}

/** Reasons per record id, in REASONS order. */
export function reasonsById(fire: FireFindings | null): Map<string, Reason[]> {
  const sets = new Map<string, Set<Reason>>();
  const add = (id: string, r: Reason) => {
    let s = sets.get(id);
    if (!s) sets.set(id, (s = new Set()));
    s.add(r);
  };
  for (const e of fire?.encroachments ?? []) add(e.building_id, e.blocked ? 'blocked' : 'encroach');
  for (const s of fire?.spacing ?? []) if ((s.violations ?? 1) > 0) add(s.building_id, 'spacing');
  const out = new Map<string, Reason[]>();
  for (const [id, s] of sets) out.set(id, (['blocked', 'encroach', 'spacing'] as const).filter((r) => s.has(r)));
  return out;
}

export function dangerOf(reasons: readonly Reason[]): Danger {
  if (reasons.includes('blocked')) return 'blocked';
  return reasons.length ? 'fire' : 'other';
}

const RANK: Record<Danger, number> = { blocked: 0, fire: 1, other: 2 };

export function compareDanger(a: PlanRecord, b: PlanRecord): number {
  return (
    RANK[dangerOf(a.reasons)] - RANK[dangerOf(b.reasons)] ||
    b.area_m2 - a.area_m2 ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
