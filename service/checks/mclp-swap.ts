// A better starting answer for the branch and bound: the greedy set improved by single swaps (one
// chosen candidate out, one other in) while a swap raises the covered weight. A higher incumbent
// prunes more and lets the Lagrangian bound fix more candidates at the root.
import type { CoverCsr } from './mclp-lagrange.ts';

/** `set` (local candidate indices) filled to k and improved by best swaps; `fixed` members never leave. */
export function improveBySwaps(csr: CoverCsr, set: number[], fixed: Set<number>, k: number, deadline: number): number[] {
  const { n, groups, cStart, cg, w } = csr;
  const count = new Int32Array(groups);
  const inSet = new Uint8Array(n);
  for (const j of set) {
    inSet[j] = 1;
    for (let p = cStart[j]; p < cStart[j + 1]; p++) count[cg[p]]++;
  }
  const out = [...set];
  // A set short of k (its dominated members left out) is first filled by the largest gains.
  while (out.length < k) {
    let bestJ = -1;
    let bestGain = -1;
    for (let j = 0; j < n; j++) {
      if (inSet[j]) continue;
      let gain = 0;
      for (let p = cStart[j]; p < cStart[j + 1]; p++) if (count[cg[p]] === 0) gain += w[cg[p]];
      if (gain > bestGain) {
        bestGain = gain;
        bestJ = j;
      }
    }
    if (bestJ < 0) break;
    inSet[bestJ] = 1;
    for (let p = cStart[bestJ]; p < cStart[bestJ + 1]; p++) count[cg[p]]++;
    out.push(bestJ);
  }
  for (let round = 0; round < 100 && performance.now() < deadline; round++) {
    let bestDelta = 1e-9;
    let bestOut = -1;
    let bestIn = -1;
    for (let a = 0; a < out.length; a++) {
      const c = out[a];
      if (fixed.has(c)) continue;
      // What c alone covers is lost; with c out, a newcomer gains every group nobody else covers.
      let loss = 0;
      for (let p = cStart[c]; p < cStart[c + 1]; p++) {
        const g = cg[p];
        if (--count[g] === 0) loss += w[g];
      }
      for (let j = 0; j < n; j++) {
        if (inSet[j]) continue;
        let gain = 0;
        for (let p = cStart[j]; p < cStart[j + 1]; p++) if (count[cg[p]] === 0) gain += w[cg[p]];
        if (gain - loss > bestDelta) {
          bestDelta = gain - loss;
          bestOut = a;
          bestIn = j;
        }
      }
      for (let p = cStart[c]; p < cStart[c + 1]; p++) count[cg[p]]++;
    }
    if (bestOut < 0) break;
    const c = out[bestOut];
    inSet[c] = 0;
    for (let p = cStart[c]; p < cStart[c + 1]; p++) count[cg[p]]--;
    inSet[bestIn] = 1;
    for (let p = cStart[bestIn]; p < cStart[bestIn + 1]; p++) count[cg[p]]++;
    out[bestOut] = bestIn;
  }
  return out;
}
