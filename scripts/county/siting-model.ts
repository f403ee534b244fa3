// The reference greedy answer of docs/spec/checks.md §3 siting, over the generator's points, written into
// the manifest so the checks engineer has an expected result for the whole sample.
import type { Position } from 'geojson';
import { assign, demandTpd, DEFAULT_RADIUS, type StationSite } from './coverage-model.ts';
import type { DemandUnit } from './demand.ts';
import type { Candidate } from './candidates.ts';

export interface GreedyResult {
  chosen: { id: string; gain_tpd: number }[];
  covered_tpd_before: number;
  covered_tpd_after: number;
  infeasible: string[];
  /** Closest any unit lies to a chosen-or-not candidate's 3 km edge: below 0.05 m the answer is fragile. */
  radius_margin_m: number;
}

const dist = (a: Position, b: Position) => Math.hypot(a[0] - b[0], a[1] - b[1]);

export function greedySiting(units: DemandUnit[], stations: StationSite[], candidates: Candidate[], k: number): GreedyResult {
  const tpd = units.map(demandTpd);
  const covered = units.map((u) => assign(u.at, stations).covered);
  const before = tpd.reduce((s, t, i) => s + (covered[i] ? t : 0), 0);
  const feasible = candidates.filter((c) => c.feasible).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const reach = feasible.map((c) => units.flatMap((u, i) => (dist(u.at, c.at) <= DEFAULT_RADIUS ? [i] : [])));
  let margin = Infinity;
  for (const c of feasible) for (const u of units) margin = Math.min(margin, Math.abs(dist(u.at, c.at) - DEFAULT_RADIUS));
  const taken = new Set<number>();
  const chosen: GreedyResult['chosen'] = [];
  let after = before;
  while (chosen.length < k && taken.size < feasible.length) {
    let best = -1;
    let bestGain = -1;
    for (let j = 0; j < feasible.length; j++) {
      if (taken.has(j)) continue;
      let gain = 0;
      for (const i of reach[j]) if (!covered[i]) gain += tpd[i];
      // Strictly greater wins: feasible is sorted by id, so ties keep the smaller id.
      if (gain > bestGain + 1e-9) {
        best = j;
        bestGain = gain;
      }
    }
    taken.add(best);
    for (const i of reach[best]) covered[i] = true;
    chosen.push({ id: feasible[best].id, gain_tpd: bestGain });
    after += bestGain;
  }
  return {
    chosen,
    covered_tpd_before: before,
    covered_tpd_after: after,
    infeasible: candidates.filter((c) => !c.feasible).map((c) => c.id).sort(),
    radius_margin_m: margin,
  };
}
