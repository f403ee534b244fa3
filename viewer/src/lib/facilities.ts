// The facilities workspace's figures from the latest coverage document.
// Row shapes are the service's own (spec/checks.md Output), imported as types only.
import type { CoverageResult, DemandRow, LandfillRow, StationRow } from '../../../service/checks/types.ts';

export type { DemandRow, StationRow };
export type Siting = CoverageResult['siting'];

export interface CoverageDoc {
  params: Record<string, unknown>;
  stations: StationRow[];
  demand: DemandRow[];
  summary: { covered_population_share: number; covered_tpd_share: number; uncovered_units: number };
  siting: Siting | null;
  landfills?: LandfillRow[];
  run: { id: number; finished_at: string; run_by: string; stale: boolean };
}

export interface FacilityFigures {
  coveredPopulationShare: number;
  coveredTpdShare: number;
  overloaded: number;
  stations: number;
  uncoveredUnits: number;
  /** Demand units (homes) inside a landfill setback, and the people living in them. */
  inSetbackUnits: number;
  inSetbackPopulation: number;
}

export function facilityFigures(doc: Pick<CoverageDoc, 'stations' | 'demand' | 'summary'>): FacilityFigures {
  let inSetbackUnits = 0;
  let inSetbackPopulation = 0;
  for (const d of doc.demand) {
    if (!d.in_landfill_setback) continue;
    inSetbackUnits++;
    inSetbackPopulation += d.population ?? 0;
  }
  return {
    coveredPopulationShare: doc.summary.covered_population_share,
    coveredTpdShare: doc.summary.covered_tpd_share,
    overloaded: doc.stations.filter((s) => s.overloaded).length,
    stations: doc.stations.length,
    uncoveredUnits: doc.summary.uncovered_units,
    inSetbackUnits,
    inSetbackPopulation,
  };
}

/** Stations most loaded first, so the overloaded ones head the table. */
export const byUtilization = (stations: readonly StationRow[]) => [...stations].sort((a, b) => b.utilization - a.utilization || (a.id < b.id ? -1 : 1));

export const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;

/** k for a siting run: a whole number from 1 to the number of candidates. */
export function parseK(text: string, candidates: number): number {
  const k = Number(text);
  if (!Number.isInteger(k) || k < 1 || k > Math.max(1, candidates)) throw new Error(`k "${text}" must be a whole number from 1 to ${Math.max(1, candidates)}`);
  return k;
}
