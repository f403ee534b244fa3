// Siting (docs/spec/checks.md §3): feasible candidates by CJJ/T 47-2016 separation and landfills
// (and, relocating, the serving stations as sites too), then the maximal covering answer: solved exactly by default, with the greedy reference answer
// (largest new demand_tpd, ties by smaller id, going on at zero gain while feasible candidates
// remain) as the solver's start, its fallback and the figure reported beside it.
import Flatbush from 'flatbush';
import type { DemandPoints } from './coverage.ts';
import { pointDistance } from './flat-distance.ts';
import { compareIds, isStanding, numberProp, TOUCH_EPS_M } from './ledger-rules.ts';
import type { MetricContext, MetricLayer } from './metric-context.ts';
import type { CheckParams } from './params.ts';
import { groupByCoverSet, solveMaxCover, type CoverInstance } from './mclp.ts';
import { assignWithCapacity } from './siting-assign.ts';
import type { SitingRow } from './types.ts';

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
  chosen: SitingRow[];
  infeasible: string[];
  excluded: string[];
  closed: string[];
  unassigned_tpd: number;
  method: 'exact' | 'greedy' | 'greedy (time limit)';
  /** Relative optimality gap of the answer (0 when proved optimal; null for plain greedy). */
  gap: number | null;
  /** Demand_tpd that the greedy answer covers (beyond what was covered before), for comparison. */
  greedy_gain_tpd: number;
}

/** Which demand units a site at (x, y) covers within radius r: straight line unless given. */
export type CoverFn = (x: number, y: number, r: number) => number[];

/** A serving station as a site of the relocation model. */
export interface ExistingStation {
  id: string;
  x: number;
  y: number;
  radius: number;
  capacity: number;
}

interface Site {
  id: string;
  kind: 'candidate' | 'station';
  covers: Uint32Array;
  capacity: number;
  x: number;
  y: number;
}

/** Greedy: required sites first (in list order), then the largest gain, ties to the earlier site. */
function greedyOrder(sites: Site[], required: Set<number>, k: number, weight: Float64Array, pool?: Set<number>): number[] {
  const covered = new Uint8Array(weight.length);
  const taken = new Uint8Array(sites.length);
  const order: number[] = [];
  const take = (best: number) => {
    taken[best] = 1;
    for (const i of sites[best].covers) covered[i] = 1;
    order.push(best);
  };
  for (let f = 0; f < sites.length; f++) if (required.has(f)) take(f);
  while (order.length < k) {
    let best = -1;
    let bestGain = -Infinity;
    for (let f = 0; f < sites.length; f++) {
      if (taken[f] || (pool && !pool.has(f))) continue;
      let gain = 0;
      for (const i of sites[f].covers) if (!covered[i]) gain += weight[i];
      // Sites are in list order, so only a strictly larger gain displaces the current best.
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

/** Each chosen site's gain in the given order (of weight, i.e. demand not covered before). */
function gains(sites: Site[], order: number[], weight: Float64Array): number[] {
  const covered = new Uint8Array(weight.length);
  return order.map((f) => {
    let gain = 0;
    for (const i of sites[f].covers) {
      if (!covered[i]) {
        gain += weight[i];
        covered[i] = 1;
      }
    }
    return gain;
  });
}

/** The rows of an answer: gains in order, and the demand to assign given to the sites within capacity. */
function describe(sites: Site[], order: number[], demand: DemandPoints, weight: Float64Array): SitingRow[] {
  const g = gains(sites, order, weight);
  const loads = assignWithCapacity(order.map((f) => sites[f]), demand.x, demand.y, demand.tpd, (i) => weight[i] > 0);
  return order.map((f, k) => ({
    id: sites[f].id,
    kind: sites[f].kind,
    gain_tpd: g[k],
    assigned_tpd: loads[k].assigned_tpd,
    capacity_tpd: sites[f].capacity,
    overloaded: loads[k].nearest_tpd > sites[f].capacity,
    nearest_tpd: loads[k].nearest_tpd,
    overload_tpd: loads[k].overload_tpd,
    unassigned_tpd: loads[k].unassigned_tpd,
  }));
}

/** Positions in `sites` of the given ids of one kind; unknown ids are errors. */
function lookup(key: string, ids: string[], sites: Site[], kind: Site['kind'], known: Set<string>, what: string): Set<number> {
  const at = new Map<string, number>();
  sites.forEach((f, k) => f.kind === kind && at.set(f.id, k));
  const out = new Set<number>();
  for (const id of ids) {
    if (!known.has(id)) throw new Error(`check parameter ${key}: no ${what} has id ${JSON.stringify(id)}`);
    const k = at.get(id);
    if (k === undefined && key !== 'siting_exclude') throw new Error(`check parameter ${key}: ${what} ${JSON.stringify(id)} is not ${kind === 'station' ? 'serving' : 'feasible'}`);
    if (k !== undefined) out.add(k);
  }
  return out;
}

export function chooseSites(ctx: MetricContext, demand: DemandPoints, coveredBefore: Uint8Array, params: CheckParams, coverFn?: CoverFn, existing: ExistingStation[] = []): SitingAnswer {
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
  const relocate = params.siting_existing === 'relocate';
  if (!relocate && params.siting_keep_open.length) throw new Error('check parameter siting_keep_open: needs siting_existing "relocate" (otherwise every serving station stays open)');
  const infeasible: string[] = [];
  const found: Site[] = [];
  const r = params.service_radius_m;
  for (let c = 0; c < candidates.size; c++) {
    const f = candidates.flat(c);
    const x = f.xy[0], y = f.xy[1];
    if (!isFeasible(ctx, candidates, c, x, y)) {
      infeasible.push(candidates.features[c].id);
      continue;
    }
    found.push({ id: candidates.features[c].id, kind: 'candidate', covers: Uint32Array.from(covering(x, y, r)), capacity: capacity(candidates, c), x, y });
  }
  found.sort((a, b) => compareIds(a.id, b.id));
  infeasible.sort(compareIds);
  // Relocation: the serving stations, each with its own radius, come first (ties keep a station).
  const stationSites: Site[] = relocate
    ? existing.map((s) => ({ id: s.id, kind: 'station' as const, covers: Uint32Array.from(covering(s.x, s.y, s.radius)), capacity: s.capacity, x: s.x, y: s.y })).sort((a, b) => compareIds(a.id, b.id))
    : [];
  let sites = [...stationSites, ...found];

  const allIds = new Set(candidates.features.map((f) => f.id));
  const stationIds = new Set(existing.map((s) => s.id));
  const excludedSet = lookup('siting_exclude', params.siting_exclude, sites, 'candidate', allIds, 'candidate');
  const requiredAll = lookup('siting_require', params.siting_require, sites, 'candidate', allIds, 'candidate');
  for (const k of requiredAll) if (excludedSet.has(k)) throw new Error(`check parameter siting_require: candidate ${JSON.stringify(sites[k].id)} is also in siting_exclude`);
  if (relocate) lookup('siting_keep_open', params.siting_keep_open, sites, 'station', stationIds, 'serving station');
  const excluded = [...excludedSet].map((k) => sites[k].id).sort(compareIds);
  sites = sites.filter((_, k) => !excludedSet.has(k));
  const required = new Set([
    ...lookup('siting_require', params.siting_require, sites, 'candidate', allIds, 'candidate'),
    ...(relocate ? lookup('siting_keep_open', params.siting_keep_open, sites, 'station', stationIds, 'serving station') : []),
  ]);
  const k = Math.min(Math.max(params.sites_to_choose, required.size), sites.length);

  // Keeping the stations, the sites gain what no station covers; relocating, all demand is open.
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) weight[i] = !relocate && coveredBefore[i] ? 0 : demand.tpd[i];
  const greedy = greedyOrder(sites, required, k, weight);
  const greedyRows = describe(sites, greedy, demand, weight);
  const greedyTotal = greedyRows.reduce((s, c) => s + c.gain_tpd, 0);
  const finish = (chosen: SitingRow[], method: SitingAnswer['method'], gap: number | null): SitingAnswer => {
    const open = new Set(chosen.filter((c) => c.kind === 'station').map((c) => c.id));
    return {
      chosen,
      infeasible,
      excluded,
      closed: stationSites.filter((s) => !open.has(s.id)).map((s) => s.id),
      unassigned_tpd: chosen.reduce((s, c) => s + c.unassigned_tpd, 0),
      method,
      gap,
      greedy_gain_tpd: greedyTotal,
    };
  };

  if (params.siting_method === 'greedy') return finish(greedyRows, 'greedy', null);
  // Nothing to choose is trivially optimal.
  if (k === 0) return finish(greedyRows, 'exact', 0);
  const inst: CoverInstance = { candidates: sites.length, covers: sites.map((f) => f.covers), weight, required: [...required], k };
  const exact = solveMaxCover(inst, groupByCoverSet(inst), greedy, params.siting_time_limit_s);
  const better = exact.total > greedyTotal + GAIN_TIE * Math.max(1, greedyTotal);
  if (!better) return finish(greedyRows, exact.status === 'optimal' ? 'exact' : 'greedy (time limit)', exact.gap);
  // The solver's set in greedy order within it; members that add nothing are swapped for the
  // earliest sites, as the greedy answer fills k at zero gain.
  const set = new Set(exact.chosen);
  let order = greedyOrder(sites, required, set.size, weight, set);
  const g = gains(sites, order, weight);
  order = order.filter((f, j) => g[j] > GAIN_TIE || required.has(f));
  for (let f = 0; f < sites.length && order.length < k; f++) if (!order.includes(f)) order.push(f);
  return finish(describe(sites, order, demand, weight), 'exact', exact.gap);
}
