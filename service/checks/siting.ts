// Siting (docs/spec/checks.md §3): feasible candidates by CJJ/T 47-2016 separation and landfills,
// then the maximal covering answer: solved exactly by default, with the greedy reference answer
// (largest new demand_tpd, ties by smaller id, going on at zero gain while feasible candidates
// remain) as the solver's start, its fallback and the figure reported beside it.
import Flatbush from 'flatbush';
import type { DemandPoints } from './coverage.ts';
import { pointDistance } from './flat-distance.ts';
import { compareIds, isStanding, numberProp, TOUCH_EPS_M } from './ledger-rules.ts';
import type { MetricContext, MetricLayer } from './metric-context.ts';
import type { CheckParams } from './params.ts';
import { groupByCoverSet, solveMaxCover, type CoverInstance } from './mclp.ts';

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

export interface SitingAnswer {
  chosen: { id: string; gain_tpd: number; assigned_tpd: number; capacity_tpd: number; overloaded: boolean }[];
  infeasible: string[];
  excluded: string[];
  method: 'exact' | 'greedy' | 'greedy (time limit)';
  /** Relative optimality gap of the answer (0 when proved optimal; null for plain greedy). */
  gap: number | null;
  /** Demand_tpd that the greedy answer newly covers, for comparison. */
  greedy_gain_tpd: number;
}

/** Which demand units a site at (x, y) covers within radius r: straight line unless given. */
export type CoverFn = (x: number, y: number, r: number) => number[];

interface Feasible {
  id: string;
  covers: Uint32Array;
  capacity: number;
  x: number;
  y: number;
}

/** Greedy: required candidates first (in id order), then the largest gain, ties by smaller id. */
function greedyOrder(feasible: Feasible[], required: Set<number>, k: number, weight: Float64Array, coveredBefore: Uint8Array, pool?: Set<number>): number[] {
  const covered = Uint8Array.from(coveredBefore);
  const taken = new Uint8Array(feasible.length);
  const order: number[] = [];
  const take = (best: number) => {
    taken[best] = 1;
    for (const i of feasible[best].covers) covered[i] = 1;
    order.push(best);
  };
  for (let f = 0; f < feasible.length; f++) if (required.has(f)) take(f);
  while (order.length < k) {
    let best = -1;
    let bestGain = -Infinity;
    for (let f = 0; f < feasible.length; f++) {
      if (taken[f] || (pool && !pool.has(f))) continue;
      let gain = 0;
      for (const i of feasible[f].covers) if (!covered[i]) gain += weight[i];
      // Candidates are in id order, so only a strictly larger gain displaces the current best.
      if (gain > bestGain + GAIN_TIE) {
        best = f;
        bestGain = gain;
      }
    }
    if (best < 0) break;
    take(best);
  }
  return order;
}

/** Each chosen candidate's gain in the given order, and the newly covered demand assigned to the nearest chosen site. */
function describe(feasible: Feasible[], order: number[], demand: DemandPoints, coveredBefore: Uint8Array): SitingAnswer['chosen'] {
  const covered = Uint8Array.from(coveredBefore);
  const nearest = new Int32Array(demand.x.length).fill(-1);
  const nearestD = new Float64Array(demand.x.length).fill(Infinity);
  const rows = order.map((f) => {
    let gain = 0;
    for (const i of feasible[f].covers) {
      if (!covered[i]) {
        gain += demand.tpd[i];
        covered[i] = 2;
      }
    }
    return { id: feasible[f].id, gain_tpd: gain, assigned_tpd: 0, capacity_tpd: feasible[f].capacity, overloaded: false };
  });
  order.forEach((f, k) => {
    for (const i of feasible[f].covers) {
      if (covered[i] !== 2) continue;
      const d = Math.hypot(demand.x[i] - feasible[f].x, demand.y[i] - feasible[f].y);
      if (d < nearestD[i] - 1e-9) {
        nearestD[i] = d;
        nearest[i] = k;
      }
    }
  });
  for (let i = 0; i < nearest.length; i++) if (nearest[i] >= 0) rows[nearest[i]].assigned_tpd += demand.tpd[i];
  for (const r of rows) r.overloaded = r.assigned_tpd > r.capacity_tpd;
  return rows;
}

function lookup(ids: string[], feasible: Feasible[], infeasible: string[], all: Set<string>, key: string): Set<number> {
  const at = new Map(feasible.map((f, k) => [f.id, k]));
  const out = new Set<number>();
  for (const id of ids) {
    if (!all.has(id)) throw new Error(`check parameter ${key}: no candidate has id ${JSON.stringify(id)}`);
    if (infeasible.includes(id) && key === 'siting_require') throw new Error(`check parameter ${key}: candidate ${JSON.stringify(id)} is not feasible`);
    const k = at.get(id);
    if (k !== undefined) out.add(k);
  }
  return out;
}

export function chooseSites(ctx: MetricContext, demand: DemandPoints, coveredBefore: Uint8Array, params: CheckParams, coverFn?: CoverFn): SitingAnswer {
  const candidates = ctx.layer('candidates');
  const n = demand.x.length;
  const demandIndex = n ? new Flatbush(n) : null;
  if (demandIndex) {
    for (let i = 0; i < n; i++) demandIndex.add(demand.x[i], demand.y[i], demand.x[i], demand.y[i]);
    demandIndex.finish();
  }
  const straight: CoverFn = (x, y, r) =>
    demandIndex ? demandIndex.search(x - r, y - r, x + r, y + r).filter((i) => Math.hypot(demand.x[i] - x, demand.y[i] - y) <= r + TOUCH_EPS_M) : [];
  const covering = coverFn ?? straight;
  const infeasible: string[] = [];
  let feasible: Feasible[] = [];
  const r = params.service_radius_m;
  for (let c = 0; c < candidates.size; c++) {
    const f = candidates.flat(c);
    const x = f.xy[0], y = f.xy[1];
    if (!isFeasible(ctx, candidates, c, x, y)) {
      infeasible.push(candidates.features[c].id);
      continue;
    }
    feasible.push({ id: candidates.features[c].id, covers: Uint32Array.from(covering(x, y, r)), capacity: capacity(candidates, c), x, y });
  }
  feasible.sort((a, b) => compareIds(a.id, b.id));
  infeasible.sort(compareIds);

  const allIds = new Set(candidates.features.map((f) => f.id));
  const excludedSet = lookup(params.siting_exclude, feasible, infeasible, allIds, 'siting_exclude');
  const requiredAll = lookup(params.siting_require, feasible, infeasible, allIds, 'siting_require');
  for (const k of requiredAll) if (excludedSet.has(k)) throw new Error(`check parameter siting_require: candidate ${JSON.stringify(feasible[k].id)} is also in siting_exclude`);
  const excluded = [...excludedSet].map((k) => feasible[k].id).sort(compareIds);
  feasible = feasible.filter((_, k) => !excludedSet.has(k));
  const required = new Set(lookup(params.siting_require, feasible, infeasible, allIds, 'siting_require'));
  const k = Math.min(Math.max(params.sites_to_choose, required.size), feasible.length);

  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) weight[i] = coveredBefore[i] ? 0 : demand.tpd[i];
  const greedy = greedyOrder(feasible, required, k, weight, coveredBefore);
  const greedyRows = describe(feasible, greedy, demand, coveredBefore);
  const greedyTotal = greedyRows.reduce((s, c) => s + c.gain_tpd, 0);
  const base = { infeasible, excluded, greedy_gain_tpd: greedyTotal };

  if (params.siting_method === 'greedy') return { ...base, chosen: greedyRows, method: 'greedy', gap: null };
  // Nothing to choose is trivially optimal.
  if (k === 0) return { ...base, chosen: greedyRows, method: 'exact', gap: 0 };
  const inst: CoverInstance = { candidates: feasible.length, covers: feasible.map((f) => f.covers), weight, required: [...required], k };
  const exact = solveMaxCover(inst, groupByCoverSet(inst), greedy, params.siting_time_limit_s);
  const better = exact.total > greedyTotal + GAIN_TIE * Math.max(1, greedyTotal);
  if (!better) {
    const method = exact.status === 'optimal' ? 'exact' : 'greedy (time limit)';
    const gap = exact.gap;
    return { ...base, chosen: greedyRows, method, gap };
  }
  // The solver's set in greedy order within it; members that add nothing are swapped for the
  // smallest ids, as the greedy answer fills k at zero gain.
  const set = new Set(exact.chosen);
  let order = greedyOrder(feasible, required, set.size, weight, coveredBefore, set);
  const rows = describe(feasible, order, demand, coveredBefore);
  order = order.filter((f, j) => rows[j].gain_tpd > GAIN_TIE || required.has(f));
  for (let f = 0; f < feasible.length && order.length < k; f++) if (!order.includes(f)) order.push(f);
  return {
    ...base,
    chosen: describe(feasible, order, demand, coveredBefore),
    method: 'exact',
    gap: exact.gap,
  };
}
