// The maximal covering instance as the exact search sees it: demand units merged into groups of
// equal cover sets, and the candidates worth searching (those whose cover is not inside another's).

export interface CoverInstance {
  /** Number of candidates; candidate c covers the demand units listed in covers[c]. */
  candidates: number;
  covers: ArrayLike<number>[];
  /** Weight of each demand unit that may still be gained (0 for units covered before). */
  weight: Float64Array;
  /** Candidates that must be chosen. */
  required: number[];
  /** How many to choose (already capped at the number of candidates). */
  k: number;
}

export interface CoverGroups {
  /** Candidate lists of each group of units with the same cover set. */
  sets: number[][];
  weight: number[];
}

/** Units with equal cover sets (and positive weight) become one group of summed weight. */
export function groupByCoverSet(inst: CoverInstance): CoverGroups {
  const coveredBy: number[][] = [];
  for (let c = 0; c < inst.candidates; c++) {
    for (const u of Array.from(inst.covers[c])) {
      if (!(inst.weight[u] > 0)) continue;
      (coveredBy[u] ??= []).push(c);
    }
  }
  const byKey = new Map<string, number>();
  const out: CoverGroups = { sets: [], weight: [] };
  coveredBy.forEach((set, u) => {
    if (!set) return;
    const key = set.join(',');
    let g = byKey.get(key);
    if (g === undefined) {
      g = out.sets.length;
      byKey.set(key, g);
      out.sets.push(set);
      out.weight.push(0);
    }
    out.weight[g] += inst.weight[u];
  });
  return out;
}

/**
 * Candidates worth searching: one whose groups are all covered by another candidate can always
 * be swapped for it without losing demand, so it is left out (of two with equal sets, the later
 * index goes). Required candidates always stay.
 */
export function undominated(inst: CoverInstance, groups: CoverGroups): number[] {
  const words = (groups.sets.length + 31) >>> 5;
  const bits: Uint32Array[] = [];
  const size = new Int32Array(inst.candidates);
  for (let c = 0; c < inst.candidates; c++) bits.push(new Uint32Array(words));
  groups.sets.forEach((set, g) => {
    for (const c of set) {
      bits[c][g >>> 5] |= 1 << (g & 31);
      size[c]++;
    }
  });
  const required = new Set(inst.required);
  const subset = (a: Uint32Array, b: Uint32Array) => {
    for (let w = 0; w < words; w++) if ((a[w] & ~b[w]) !== 0) return false;
    return true;
  };
  const keep: number[] = [];
  for (let c = 0; c < inst.candidates; c++) {
    let dominated = false;
    if (!required.has(c)) {
      for (let d = 0; d < inst.candidates && !dominated; d++) {
        if (d === c || size[d] < size[c]) continue;
        if ((size[d] > size[c] || d < c) && subset(bits[c], bits[d])) dominated = true;
      }
    }
    if (!dominated) keep.push(c);
  }
  return keep;
}
