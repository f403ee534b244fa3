// The maximal covering location problem solved exactly: depth-first branch and bound over the
// candidates, bounded by submodularity (what r more candidates can add is at most the sum of
// the r largest marginal gains), started from the greedy answer. Demand units covered by the
// same candidates are merged first, and candidates whose cover is inside another's are left
// out (mclp-instance.ts), so the search runs over distinct cover sets and useful candidates only.
// The start is the greedy answer improved by swaps (mclp-swap.ts). A Lagrangian bound
// (mclp-lagrange.ts), minimised at the root and again at the levels just below it, is kept beside
// the submodular one at every node, and candidates it shows cannot be in (or out of) a better
// answer are fixed there.
//
// HiGHS (the `highs` integer-programming solver, WebAssembly) was tried first on the large
// county's instance (451 candidates × 6,493 groups, 139k nonzeros, k = 3): its root LP
// relaxation alone took 8–16 s and did not honour the time limit inside it; this search proves
// the optimum of that instance in about a second.

import { minimiseBound, topOpen } from './mclp-lagrange.ts';
import { improveBySwaps } from './mclp-swap.ts';
import { undominated, type CoverGroups, type CoverInstance } from './mclp-instance.ts';
export { groupByCoverSet, undominated, type CoverGroups, type CoverInstance } from './mclp-instance.ts';

export interface ExactAnswer {
  /** The best candidate set found (unordered). */
  chosen: number[];
  total: number;
  /** 'optimal' when the search finished, 'time limit' when it stopped early. */
  status: 'optimal' | 'time limit';
  /** Relative gap between the best total and the bound proved (0 when optimal). */
  gap: number;
  nodes: number;
  seconds: number;
}

/** Nodes this near the root minimise their own Lagrangian prices, in so many subgradient steps. */
const NODE_REPRICE_DEPTH = 8;
const NODE_ITERATIONS = 40;
/** Subgradient steps at the root (fewer when the bound meets the incumbent first). */
const ROOT_ITERATIONS = 2000;

/** Relative slack under which a bound does not beat the incumbent (round-off of sums). */
const BOUND_EPS = 1e-9;

export function solveMaxCover(inst: CoverInstance, groups: CoverGroups, start: number[], timeLimitS: number): ExactAnswer {
  const t0 = performance.now();
  const deadline = t0 + timeLimitS * 1000;
  const kept = undominated(inst, groups);
  const n = kept.length;
  const local = new Int32Array(inst.candidates).fill(-1);
  kept.forEach((c, j) => (local[c] = j));

  // Candidate → groups and group → candidates, in CSR.
  const nG = groups.sets.length;
  const w = Float64Array.from(groups.weight);
  const gStart = new Int32Array(nG + 1);
  const gCands: number[] = [];
  const perCand: number[][] = Array.from({ length: n }, () => []);
  for (let g = 0; g < nG; g++) {
    for (const c of groups.sets[g]) {
      const j = local[c];
      if (j < 0) continue;
      gCands.push(j);
      perCand[j].push(g);
    }
    gStart[g + 1] = gCands.length;
  }
  const gc = Int32Array.from(gCands);
  const cStart = new Int32Array(n + 1);
  perCand.forEach((list, j) => (cStart[j + 1] = cStart[j] + list.length));
  const cg = Int32Array.from(perCand.flat());

  const covered = new Int32Array(nG);
  const gain = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let p = cStart[j]; p < cStart[j + 1]; p++) gain[j] += w[cg[p]];
  const state = new Uint8Array(n); // 0 open, 1 chosen, 2 excluded
  // The Lagrangian parts at the current node: price λ per group (0 until the root sets it), each
  // candidate's priced score over open groups, and the unpriced rest of the open groups.
  let lambda: Float64Array = new Float64Array(nG);
  const lgain = new Float64Array(n);
  let rest = 0;

  let value = 0;
  const take = (j: number) => {
    state[j] = 1;
    for (let p = cStart[j]; p < cStart[j + 1]; p++) {
      const g = cg[p];
      if (covered[g]++ === 0) {
        value += w[g];
        rest -= w[g] - lambda[g];
        for (let q = gStart[g]; q < gStart[g + 1]; q++) {
          gain[gc[q]] -= w[g];
          lgain[gc[q]] -= lambda[g];
        }
      }
    }
  };
  const drop = (j: number) => {
    state[j] = 0;
    for (let p = cStart[j]; p < cStart[j + 1]; p++) {
      const g = cg[p];
      if (--covered[g] === 0) {
        value -= w[g];
        rest += w[g] - lambda[g];
        for (let q = gStart[g]; q < gStart[g + 1]; q++) {
          gain[gc[q]] += w[g];
          lgain[gc[q]] += lambda[g];
        }
      }
    }
  };

  // The incumbent: the greedy answer as given, improved by swaps.
  const startLocal = improveBySwaps(
    { n, groups: nG, cStart, cg, w },
    start.map((c) => local[c]).filter((j) => j >= 0),
    new Set(inst.required.map((c) => local[c])),
    inst.k,
    t0 + timeLimitS * 250,
  );
  let best: number[] = startLocal.map((j) => kept[j]);
  for (const j of startLocal) take(j);
  let bestValue = value;
  for (const j of startLocal) drop(j);

  const required = inst.required.map((c) => local[c]);
  for (const j of required) take(j);
  let chosenCount = required.length;

  const prunes = (bound: number) => bound <= bestValue * (1 + BOUND_EPS) + BOUND_EPS;
  let rootBound = Infinity;
  const r0 = inst.k - chosenCount;
  if (r0 > 0) {
    const live = new Uint8Array(nG);
    for (let g = 0; g < nG; g++) live[g] = covered[g] === 0 ? 1 : 0;
    const open = new Uint8Array(n);
    for (let j = 0; j < n; j++) open[j] = state[j] === 0 ? 1 : 0;
    const lag = minimiseBound({ n, groups: nG, cStart, cg, w }, live, open, r0, bestValue - value, ROOT_ITERATIONS, undefined, deadline);
    lambda = lag.lambda;
    rootBound = value + lag.bound;
    for (let g = 0; g < nG; g++) if (live[g]) rest += w[g] - lambda[g];
    for (let j = 0; j < n; j++) for (let p = cStart[j]; p < cStart[j + 1]; p++) if (live[cg[p]]) lgain[j] += lambda[cg[p]];
    // Fixing at the root: forcing a candidate in (out) swaps it for the r-th (r+1-th) score.
    const { picked } = topOpen(lgain, open, r0 + 1);
    const rth = lgain[picked[r0 - 1]];
    const next = picked.length > r0 ? lgain[picked[r0]] : 0;
    const inTop = new Set(picked.slice(0, r0));
    const fixIn: number[] = [];
    for (let j = 0; j < n; j++) {
      if (!open[j]) continue;
      if (!inTop.has(j) && prunes(rootBound - rth + lgain[j])) state[j] = 2;
      else if (inTop.has(j) && prunes(rootBound - lgain[j] + next)) fixIn.push(j);
    }
    for (const j of fixIn) {
      take(j);
      chosenCount++;
    }
  }

  // The r largest gains (and Lagrangian scores) among open candidates, and the largest gain's index.
  const top = new Float64Array(inst.k + 1);
  const ltop = new Float64Array(inst.k + 1);
  let nodes = 0;
  let stopped = false;

  const csr = { n, groups: nG, cStart, cg, w };
  /** The Lagrangian parts recomputed for the current prices over open groups. */
  const reprice = () => {
    rest = 0;
    lgain.fill(0);
    for (let g = 0; g < nG; g++) if (covered[g] === 0) rest += w[g] - lambda[g];
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let p = cStart[j]; p < cStart[j + 1]; p++) if (covered[cg[p]] === 0) v += lambda[cg[p]];
      lgain[j] = v;
    }
  };
  const live = new Uint8Array(nG);
  const openNow = new Uint8Array(n);

  const visit = (depth: number): void => {
    nodes++;
    // Re-priced nodes are costly, so the clock is read at each of them.
    if (((nodes & 255) === 0 || depth <= NODE_REPRICE_DEPTH) && performance.now() > deadline) stopped = true;
    if (stopped) return;
    const r = inst.k - chosenCount;
    if (value > bestValue * (1 + BOUND_EPS) + BOUND_EPS) {
      bestValue = value;
      best = [];
      for (let j = 0; j < n; j++) if (state[j] === 1) best.push(kept[j]);
    }
    if (r <= 0) return;
    // Near the root the prices are minimised again for this node (from the parent's), which
    // tightens the bound and fixes more candidates out; deeper nodes keep the parent's prices.
    let parentLambda: Float64Array | null = null;
    const fixedOut: number[] = [];
    if (depth > 0 && depth <= NODE_REPRICE_DEPTH) {
      for (let g = 0; g < nG; g++) live[g] = covered[g] === 0 ? 1 : 0;
      for (let j = 0; j < n; j++) openNow[j] = state[j] === 0 ? 1 : 0;
      const lag = minimiseBound(csr, live, openNow, r, bestValue - value, NODE_ITERATIONS, lambda, deadline);
      if (prunes(value + lag.bound)) return;
      parentLambda = lambda;
      lambda = lag.lambda;
      reprice();
      const { picked } = topOpen(lgain, openNow, r);
      const rth = picked.length >= r ? lgain[picked[r - 1]] : 0;
      const inTop = new Set(picked);
      const nodeBound = value + lag.bound;
      for (let j = 0; j < n; j++) {
        if (openNow[j] && !inTop.has(j) && prunes(nodeBound - rth + lgain[j])) {
          state[j] = 2;
          fixedOut.push(j);
        }
      }
    }
    branch(r, depth);
    for (const j of fixedOut) state[j] = 0;
    if (parentLambda) {
      lambda = parentLambda;
      reprice();
    }
  };

  const branch = (r: number, depth: number): void => {
    let filled = 0;
    let arg = -1;
    for (let j = 0; j < n; j++) {
      if (state[j] !== 0) continue;
      const v = gain[j];
      const l = lgain[j];
      if (filled < r) {
        let i = filled;
        while (i > 0 && top[i - 1] < v) top[i] = top[--i];
        top[i] = v;
        i = filled++;
        while (i > 0 && ltop[i - 1] < l) ltop[i] = ltop[--i];
        ltop[i] = l;
      } else {
        if (v > top[r - 1]) {
          let i = r - 1;
          while (i > 0 && top[i - 1] < v) top[i] = top[--i];
          top[i] = v;
        }
        if (l > ltop[r - 1]) {
          let i = r - 1;
          while (i > 0 && ltop[i - 1] < l) ltop[i] = ltop[--i];
          ltop[i] = l;
        }
      }
      if (arg < 0 || v > gain[arg]) arg = j;
    }
    if (arg < 0 || gain[arg] <= 0) return;
    let bound = value;
    for (let i = 0; i < filled; i++) bound += top[i];
    let lbound = value + rest;
    for (let i = 0; i < filled; i++) lbound += ltop[i];
    bound = Math.min(bound, lbound);
    if (nodes === 1) rootBound = Math.min(rootBound, bound);
    if (prunes(bound)) return;
    take(arg);
    chosenCount++;
    visit(depth + 1);
    chosenCount--;
    drop(arg);
    state[arg] = 2;
    visit(depth + 1);
    state[arg] = 0;
  };
  visit(0);
  const seconds = (performance.now() - t0) / 1000;
  const gap = stopped && bestValue > 0 && rootBound < Infinity ? Math.max(0, (rootBound - bestValue) / bestValue) : 0;
  return { chosen: best, total: bestValue, status: stopped ? 'time limit' : 'optimal', gap, nodes, seconds };
}
