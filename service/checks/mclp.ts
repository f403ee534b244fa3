// The maximal covering location problem solved exactly as an integer program with HiGHS
// (WebAssembly), seeded with the greedy answer. Demand units that the same candidates cover are
// merged first: the program's size follows the distinct cover sets, not the units.
//
//   maximise   Σ_g w_g · y_g
//   subject to y_g ≤ Σ_{c covers g} x_c     for every group g
//              Σ_c x_c = k
//              x_c ∈ {0, 1} (fixed at 1 when the planner requires c), 0 ≤ y_g ≤ 1
import loadHighs from 'highs';

const highs = await loadHighs();

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

export interface ExactAnswer {
  /** Chosen candidate indices (unordered), or null when no solution came back. */
  chosen: number[] | null;
  total: number;
  /** 'optimal', or 'time limit' when HiGHS stopped early. */
  status: 'optimal' | 'time limit' | 'failed';
  /** Relative MIP gap (0 when proved optimal). */
  gap: number;
  /** Dual (upper) bound on the total. */
  bound: number;
  seconds: number;
}

export function solveMaxCover(inst: CoverInstance, groups: CoverGroups, start: number[], timeLimitS: number): ExactAnswer {
  const t0 = performance.now();
  const nC = inst.candidates;
  const nG = groups.sets.length;
  const numCols = nC + nG;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  const integrality = new Int32Array(numCols);
  for (let c = 0; c < nC; c++) integrality[c] = highs.constants.variableType.integer;
  for (const c of inst.required) colLower[c] = 1;
  for (let g = 0; g < nG; g++) colCost[nC + g] = groups.weight[g];

  // Rows in CSR: one per group (y_g − Σ x_c ≤ 0), then the cardinality row.
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let g = 0; g < nG; g++) {
    for (const c of groups.sets[g]) {
      indices.push(c);
      values.push(-1);
    }
    indices.push(nC + g);
    values.push(1);
    starts.push(indices.length);
  }
  for (let c = 0; c < nC; c++) {
    indices.push(c);
    values.push(1);
  }
  starts.push(indices.length);
  const rowLower = new Float64Array(nG + 1).fill(-highs.infinity);
  const rowUpper = new Float64Array(nG + 1);
  rowLower[nG] = inst.k;
  rowUpper[nG] = inst.k;

  const model = highs.createModel({
    numCols,
    numRows: nG + 1,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows: nG + 1, numCols, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
    integrality,
  });
  try {
    model.options.set({ output_flag: false, time_limit: timeLimitS, mip_rel_gap: 0, mip_abs_gap: 1e-7 });
    // The greedy answer is a feasible start: the solver only has to prove or beat it.
    const seed = new Float64Array(numCols);
    for (const c of start) seed[c] = 1;
    for (let g = 0; g < nG; g++) if (groups.sets[g].some((c) => seed[c] === 1)) seed[nC + g] = 1;
    model.setSolution({ colValue: seed });
    model.run();
    const status = model.getModelStatus();
    const seconds = (performance.now() - t0) / 1000;
    const limited = status === highs.constants.modelStatus.timeLimit;
    if (status !== highs.constants.modelStatus.optimal && !limited) {
      return { chosen: null, total: 0, status: 'failed', gap: Infinity, bound: Infinity, seconds };
    }
    const x = model.getSolution().colValue;
    const chosen: number[] = [];
    for (let c = 0; c < nC; c++) if (x[c] > 0.5) chosen.push(c);
    const total = model.getObjectiveValue();
    const bound = Number(model.info.get('mip_dual_bound') ?? total);
    const gap = limited ? Number(model.info.get('mip_gap') ?? Infinity) : 0;
    return { chosen, total, status: limited ? 'time limit' : 'optimal', gap, bound, seconds };
  } finally {
    model.dispose();
  }
}
