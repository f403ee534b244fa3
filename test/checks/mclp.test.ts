// The exact siting search against every k-subset on small random instances: the root fixing and
// the Lagrangian bound must never cut off the optimum.
import { describe, expect, it } from 'vitest';
import { groupByCoverSet, solveMaxCover, type CoverInstance } from '../../service/checks/mclp.ts';

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bruteForce(inst: CoverInstance): number {
  let best = 0;
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === inst.k) {
      const hit = new Set<number>();
      for (const c of chosen) for (const u of Array.from(inst.covers[c])) hit.add(u);
      let v = 0;
      for (const u of hit) v += inst.weight[u];
      best = Math.max(best, v);
      return;
    }
    for (let c = from; c < inst.candidates; c++) {
      pick(c + 1, [...chosen, c]);
    }
  };
  pick(0, []);
  return best;
}

describe('exact maximal cover', () => {
  it('equals the best of every k-subset on 60 random instances', () => {
    const rand = random(11);
    for (let trial = 0; trial < 60; trial++) {
      const candidates = 6 + Math.floor(rand() * 7);
      const units = 10 + Math.floor(rand() * 30);
      const covers = Array.from({ length: candidates }, () => Uint32Array.from([...Array(units).keys()].filter(() => rand() < 0.25)));
      const weight = Float64Array.from({ length: units }, () => (rand() < 0.1 ? 0 : Math.round(1 + rand() * 9)));
      const k = 1 + Math.floor(rand() * Math.min(5, candidates - 1));
      const inst: CoverInstance = { candidates, covers, weight, required: [], k };
      // A deliberately poor start (the first k candidates) leaves the search all the work.
      const start = [...Array(k).keys()];
      const got = solveMaxCover(inst, groupByCoverSet(inst), start, 10);
      expect(got.status).toBe('optimal');
      expect(got.total).toBeCloseTo(bruteForce(inst), 9);
      expect(got.chosen.length).toBeLessThanOrEqual(k);
    }
  });
});
