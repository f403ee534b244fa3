// Filling crew-days. Days go in date order and crews in the order given; each crew-day is seeded
// by the most dangerous record it may take that day (eligible, in its townships, and fitting what
// is left of the day, or anything when the day is still empty: a record larger than a crew-day
// gets a day of its own), then takes the seed's nearest neighbours within `day_radius_m` that
// still fit, nearest first. A crew works one area a day, so a day may stay part-empty rather
// than send the crew across the county.
import KDBush from 'kdbush';
import { compareDanger } from './danger.ts';
import type { Crew, PlanRecord } from './types.ts';

export interface Slot {
  date: string;
  crew: Crew;
  /** Indices into the candidate list, in the order taken. */
  taken: number[];
  area: number;
}

export interface Candidate {
  rec: PlanRecord;
  /** First date it may be torn down ('' = any). */
  from: string;
  /** Which crews may take it (indices into the crew list). */
  crews: Uint8Array;
}

export function crewTakes(crew: Crew, township: string | null): boolean {
  return !crew.townships?.length || (township !== null && crew.townships.includes(township));
}

/**
 * Fills the slots (already holding any pinned records) from the candidates; returns which
 * candidates were placed. Slots must be in date order, crews in their order within a date.
 */
export function fillSlots(cands: Candidate[], slots: Slot[], crewIndex: Map<string, number>, placed: Uint8Array, radius: number): void {
  const order = cands.map((_, i) => i).sort((a, b) => compareDanger(cands[a].rec, cands[b].rec));
  const rank = new Uint32Array(cands.length);
  order.forEach((c, r) => (rank[c] = r));
  const index = new KDBush(Math.max(1, cands.length));
  for (const c of cands) index.add(c.rec.x, c.rec.y);
  if (!cands.length) index.add(0, 0);
  index.finish();
  // Everything before `head` in danger order is placed: the seed scan never looks back at it.
  let head = 0;
  for (const slot of slots) {
    const ci = crewIndex.get(slot.crew.name)!;
    const cap = slot.crew.m2_per_day;
    const may = (i: number) => !placed[i] && cands[i].crews[ci] === 1 && cands[i].from <= slot.date;
    while (head < order.length && placed[order[head]]) head++;
    let seed = -1;
    for (let r = head; r < order.length; r++) {
      const i = order[r];
      if (may(i) && (slot.taken.length === 0 || slot.area + cands[i].rec.area_m2 <= cap)) {
        seed = i;
        break;
      }
    }
    if (seed < 0) continue;
    const take = (i: number) => {
      placed[i] = 1;
      slot.taken.push(i);
      slot.area += cands[i].rec.area_m2;
    };
    take(seed);
    if (slot.area >= cap) continue;
    const s = cands[seed].rec;
    // Nearest first, searched in widening rings: a crew-day is full long before the radius in a
    // town, and records inside a ring already looked at cannot fit later (the day only grows).
    let inner = -1;
    for (let r = Math.min(250, radius); inner < radius && slot.area < cap; r = Math.min(r * 2, radius)) {
      const near = index
        .range(s.x - r, s.y - r, s.x + r, s.y + r)
        .filter((i) => may(i))
        .map((i) => ({ i, d: (cands[i].rec.x - s.x) ** 2 + (cands[i].rec.y - s.y) ** 2 }))
        .filter((n) => n.d <= r * r && (inner < 0 || n.d > inner * inner))
        .sort((a, b) => a.d - b.d || rank[a.i] - rank[b.i]);
      for (const { i } of near) {
        if (slot.area + cands[i].rec.area_m2 <= cap) take(i);
        if (slot.area >= cap) break;
      }
      inner = r;
    }
  }
}

export { compareDanger };
