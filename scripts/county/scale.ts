// How every layer grows with the number of footprints. Each count is a power law through two
// points fixed by design: the committed sample (30,000 footprints) and the benchmark county
// (1,000,000 footprints).

export interface Scale {
  footprints: number;
  /** Ledger records drawn from buildings (planted ones come on top). */
  ledger: number;
  /** Patches per batch (two batches). */
  patchesPerBatch: number;
  permits: number;
  /** Demand units (villages, village groups, compounds). */
  demand: number;
  candidates: number;
  /** Buildings per fire-lane segment the layouts aim at. */
  buildingsPerLane: number;
}

const SAMPLE = 30_000;
const LARGE = 1_000_000;

/** Power law through (SAMPLE, atSample) and (LARGE, atLarge), evaluated at n. */
function through(n: number, atSample: number, atLarge: number): number {
  const k = Math.log(atLarge / atSample) / Math.log(LARGE / SAMPLE);
  return Math.max(1, Math.round(atSample * Math.pow(n / SAMPLE, k)));
}

export function scaleFor(footprints: number): Scale {
  if (!Number.isInteger(footprints) || footprints < 500) {
    throw new Error(`--footprints must be an integer ≥ 500, got ${footprints}`);
  }
  return {
    footprints,
    ledger: through(footprints, 3_000, 50_000),
    patchesPerBatch: through(footprints, 300, 10_000),
    permits: through(footprints, 500, 15_000),
    demand: through(footprints, 300, 50_000),
    candidates: through(footprints, 30, 500),
    buildingsPerLane: 50,
  };
}
