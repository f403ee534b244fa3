// "What if": two coverage runs side by side — their settings, what they cover, and which sites
// each chose that the other did not.
import type { CoverageResult } from '../../../service/checks/types.ts';

export type CoverageDocument = Pick<CoverageResult, 'params' | 'summary' | 'siting'>;

export interface RunSide {
  id: number;
  k: number;
  method: string;
  distance: string;
  coveredTpdShare: number;
  coveredBefore: number;
  coveredAfter: number;
  chosen: string[];
  /** Chosen here and not in the other run. */
  only: string[];
}

export function compareRuns(a: { id: number; doc: CoverageDocument }, b: { id: number; doc: CoverageDocument }): [RunSide, RunSide] {
  const side = (r: typeof a, other: typeof a): RunSide => {
    const chosen = r.doc.siting.chosen.map((c) => c.id);
    const theirs = new Set(other.doc.siting.chosen.map((c) => c.id));
    const params = r.doc.params as unknown as Record<string, unknown>;
    return {
      id: r.id,
      k: Number(params.sites_to_choose),
      method: r.doc.siting.method ?? 'greedy',
      distance: String(params.distance ?? 'straight'),
      coveredTpdShare: r.doc.summary.covered_tpd_share,
      coveredBefore: r.doc.siting.covered_tpd_before,
      coveredAfter: r.doc.siting.covered_tpd_after,
      chosen,
      only: chosen.filter((id) => !theirs.has(id)),
    };
  };
  return [side(a, b), side(b, a)];
}

/** Covered t/d after siting, second run minus first. */
export const afterDifference = (sides: [RunSide, RunSide]) => sides[1].coveredAfter - sides[0].coveredAfter;
