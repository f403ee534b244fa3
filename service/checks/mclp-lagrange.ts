// The Lagrangian bound of the maximal covering problem, which the branch and bound uses beside the
// submodular one. Relaxing "group g counts only if a chosen candidate covers it" with a price
// λ_g ∈ [0, w_g] splits the problem into two easy parts:
//   L(λ) = Σ_g max(0, w_g − λ_g) + (sum of the r largest candidate scores s_j = Σ_{g ∈ j} λ_g),
// and every λ gives an upper bound on what r more candidates can cover. Subgradient steps look
// for the λ with the lowest bound; at λ = w it equals the submodular bound, so it is never worse
// once minimised. The search keeps that λ and updates the two parts as candidates are taken.

export interface CoverCsr {
  /** Number of candidates and groups. */
  n: number;
  groups: number;
  /** Candidate j covers groups cg[cStart[j] .. cStart[j + 1]). */
  cStart: Int32Array;
  cg: Int32Array;
  w: Float64Array;
}

export interface LagrangeResult {
  lambda: Float64Array;
  /** The lowest bound found (on what the open candidates can add to the groups still open). */
  bound: number;
  iterations: number;
}

/** Sum of the r largest values of s over the open candidates, and those candidates (descending). */
export function topOpen(s: Float64Array, open: Uint8Array, r: number): { sum: number; picked: number[] } {
  const idx: number[] = [];
  for (let j = 0; j < s.length; j++) if (open[j]) idx.push(j);
  idx.sort((a, b) => s[b] - s[a] || a - b);
  const picked = idx.slice(0, Math.max(0, r));
  let sum = 0;
  for (const j of picked) sum += s[j];
  return { sum, picked };
}

/**
 * Subgradient minimisation of L(λ) over groups still open (`live[g]` = 1) and candidates still
 * open (`open[j]` = 1), with r candidates left to choose. `target` is a total known to be
 * reachable (the incumbent's gain over the same groups): the step length aims at it (Polyak).
 */
export function minimiseBound(csr: CoverCsr, live: Uint8Array, open: Uint8Array, r: number, target: number, maxIter = 300, start?: Float64Array, deadline = Infinity): LagrangeResult {
  const { n, groups, cStart, cg, w } = csr;
  const lambda = new Float64Array(groups);
  for (let g = 0; g < groups; g++) lambda[g] = live[g] ? (start ? start[g] : w[g] * 0.5) : 0;
  let best = Infinity;
  let bestLambda = Float64Array.from(lambda);
  const s = new Float64Array(n);
  const count = new Int32Array(groups);
  // From a parent's prices the minimum is near: shorter steps.
  let mu = start ? 0.5 : 2;
  let stale = 0;
  let it = 0;
  for (; it < maxIter; it++) {
    s.fill(0);
    for (let j = 0; j < n; j++) {
      if (!open[j]) continue;
      let v = 0;
      for (let p = cStart[j]; p < cStart[j + 1]; p++) v += lambda[cg[p]];
      s[j] = v;
    }
    const { sum, picked } = topOpen(s, open, r);
    let value = sum;
    for (let g = 0; g < groups; g++) if (live[g] && w[g] > lambda[g]) value += w[g] - lambda[g];
    if (best === Infinity || value < best - 1e-12 * best) {
      best = value;
      bestLambda = Float64Array.from(lambda);
      stale = 0;
    } else if (++stale >= 40) {
      mu /= 2;
      stale = 0;
    }
    if (best <= target * (1 + 1e-9) + 1e-9 || mu < 1e-4 || performance.now() > deadline) break;
    // The subgradient: how often the picked candidates cover g, less 1 where g is counted free.
    count.fill(0);
    for (const j of picked) for (let p = cStart[j]; p < cStart[j + 1]; p++) count[cg[p]]++;
    let norm = 0;
    for (let g = 0; g < groups; g++) {
      if (!live[g]) continue;
      const d = count[g] - (w[g] > lambda[g] ? 1 : 0);
      norm += d * d;
    }
    if (norm === 0) break;
    const step = (mu * Math.max(value - target, 1e-9 * Math.max(1, value))) / norm;
    for (let g = 0; g < groups; g++) {
      if (!live[g]) continue;
      const d = count[g] - (w[g] > lambda[g] ? 1 : 0);
      lambda[g] = Math.min(w[g], Math.max(0, lambda[g] - step * d));
    }
  }
  return { lambda: bestLambda, bound: best, iterations: it };
}
