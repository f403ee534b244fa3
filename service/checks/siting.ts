// Siting (docs/spec/checks.md §3): feasible candidates by CJJ/T 47-2016 separation and landfills,
// then the greedy maximal covering answer (largest new demand_tpd, ties by smaller id, going on
// at zero gain while feasible candidates remain).
import Flatbush from 'flatbush';
import type { DemandPoints } from './coverage.ts';
import { pointDistance } from './flat-distance.ts';
import { compareIds, isStanding, numberProp, TOUCH_EPS_M } from './ledger-rules.ts';
import type { MetricContext, MetricLayer } from './metric-context.ts';
import type { CheckParams } from './params.ts';

/** Gains closer than this (t/d) are ties. */
const GAIN_TIE = 1e-9;

/** CJJ/T 47-2016 separation from neighbouring buildings by capacity: < 150, 150–450 inclusive, > 450 t/d. */
export function separationForCapacity(capacityTpd: number): number {
  if (capacityTpd < 150) return 10;
  if (capacityTpd <= 450) return 15;
  return 30;
}

function capacity(layer: MetricLayer, i: number): number {
  const v = numberProp(layer.features[i], 'capacity_tpd');
  if (v === null || !(v > 0)) throw new Error(`${layer.where(i)}: capacity_tpd must be > 0, got ${JSON.stringify(layer.features[i].props.capacity_tpd ?? null)}`);
  return v;
}

function isFeasible(ctx: MetricContext, candidates: MetricLayer, c: number, x: number, y: number): boolean {
  const sep = separationForCapacity(capacity(candidates, c));
  const footprints = ctx.layer('footprints');
  for (const j of footprints.nearFeature(candidates, c, sep)) if (pointDistance(footprints.flat(j), x, y) <= sep + TOUCH_EPS_M) return false;
  const ledger = ctx.layer('ledger');
  for (const j of ledger.nearFeature(candidates, c, sep)) {
    if (isStanding(ledger.features[j]) && pointDistance(ledger.flat(j), x, y) <= sep + TOUCH_EPS_M) return false;
  }
  const landfills = ctx.layer('landfills');
  for (const j of landfills.nearFeature(candidates, c, 0)) if (pointDistance(landfills.flat(j), x, y) <= TOUCH_EPS_M) return false;
  return true;
}

export function chooseSites(ctx: MetricContext, demand: DemandPoints, coveredBefore: Uint8Array, params: CheckParams): { chosen: { id: string; gain_tpd: number }[]; infeasible: string[] } {
  const candidates = ctx.layer('candidates');
  const n = demand.x.length;
  const demandIndex = n ? new Flatbush(n) : null;
  if (demandIndex) {
    for (let i = 0; i < n; i++) demandIndex.add(demand.x[i], demand.y[i], demand.x[i], demand.y[i]);
    demandIndex.finish();
  }
  const infeasible: string[] = [];
  const feasible: { id: string; covers: Uint32Array }[] = [];
  const r = params.service_radius_m;
  for (let c = 0; c < candidates.size; c++) {
    const f = candidates.flat(c);
    const x = f.xy[0], y = f.xy[1];
    if (!isFeasible(ctx, candidates, c, x, y)) {
      infeasible.push(candidates.features[c].id);
      continue;
    }
    const covers = demandIndex ? demandIndex.search(x - r, y - r, x + r, y + r).filter((i) => Math.hypot(demand.x[i] - x, demand.y[i] - y) <= r + TOUCH_EPS_M) : [];
    feasible.push({ id: candidates.features[c].id, covers: Uint32Array.from(covers) });
  }
  feasible.sort((a, b) => compareIds(a.id, b.id));

  const covered = Uint8Array.from(coveredBefore);
  const taken = new Uint8Array(feasible.length);
  const chosen: { id: string; gain_tpd: number }[] = [];
  for (let step = 0; step < params.sites_to_choose && chosen.length < feasible.length; step++) {
    let best = -1;
    let bestGain = -Infinity;
    for (let k = 0; k < feasible.length; k++) {
      if (taken[k]) continue;
      let gain = 0;
      for (const i of feasible[k].covers) if (!covered[i]) gain += demand.tpd[i];
      // Candidates are in id order, so only a strictly larger gain displaces the current best.
      if (gain > bestGain + GAIN_TIE) {
        best = k;
        bestGain = gain;
      }
    }
    taken[best] = 1;
    for (const i of feasible[best].covers) covered[i] = 1;
    chosen.push({ id: feasible[best].id, gain_tpd: bestGain });
  }
  return { chosen, infeasible: infeasible.sort(compareIds) };
}
