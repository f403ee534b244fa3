// The engine's input and output shapes (docs/spec/checks.md "Output"). Field names are the contract:
// more fields may be added, none renamed.
import type { Geometry } from 'geojson';
import type { LayerName } from '../layers/schema.ts';
import type { CheckParams } from './params.ts';

/** One feature of a layer as the checks see it: WGS84 lon/lat geometry, typed props. */
export interface CheckFeature {
  id: string;
  props: Record<string, string | number | null>;
  geometry: Geometry;
}

/** The layers of one run; a missing layer is an empty layer. */
export type CheckData = Partial<Record<LayerName, CheckFeature[]>>;

export type ProgressFn = (done: number, total: number) => void;

export type PatchClass = 'legal' | 'stock' | 'rebuilt' | 'known_new' | 'new' | 'removal';

export interface PatchRow {
  id: string;
  class: PatchClass;
  overlap: number;
  ids: string[];
  batch: string;
  area_m2: number;
  township?: string;
}

export interface LedgerRow {
  id: string;
  class: 'stock' | 'new';
  area_m2: number;
  status: string;
  township?: string;
}

export interface PatchesResult {
  params: CheckParams;
  patches: PatchRow[];
  ledger: LedgerRow[];
}

export interface EncroachmentRow {
  building_id: string;
  lane_id: string;
  encroach_area_m2: number;
  distance_m: number;
  remaining_width_m: number;
  blocked: boolean;
}

export interface SpacingRow {
  building_id: string;
  neighbor_id: string;
  neighbor_layer: 'footprints' | 'ledger';
  spacing_m: number;
  required_m: number;
  violations: number;
}

export interface FireResult {
  params: CheckParams;
  encroachments: EncroachmentRow[];
  spacing: SpacingRow[];
}

export interface DemandRow {
  id: string;
  station_id: string | null;
  distance_m: number | null;
  covered: boolean;
  demand_tpd: number;
  in_landfill_setback: boolean;
  population: number;
  township?: string;
}

export interface StationRow {
  id: string;
  assigned_tpd: number;
  capacity_tpd: number;
  utilization: number;
  overloaded: boolean;
}

export interface LandfillRow {
  id: string;
  status: string;
  remaining_m3: number | null;
  /** Tonnes a day it receives: its own daily_tpd, or the loads of the stations delivering to it. */
  daily_tpd: number;
  /** Years until full; null when the remaining volume is unknown or nothing is delivered. */
  life_years: number | null;
  /** Less life left than landfill_warn_years. */
  warning: boolean;
}

export interface SitingRow {
  id: string;
  /** A candidate site, or an existing station (relocation). */
  kind: 'candidate' | 'station';
  gain_tpd: number;
  assigned_tpd: number;
  capacity_tpd: number;
  /** nearest_tpd > capacity_tpd. */
  overloaded: boolean;
  nearest_tpd: number;
  overload_tpd: number;
  unassigned_tpd: number;
}

export interface CoverageResult {
  params: CheckParams;
  demand: DemandRow[];
  stations: StationRow[];
  landfills: LandfillRow[];
  summary: { covered_population_share: number; covered_tpd_share: number; uncovered_units: number };
  siting: {
    /** In order; demand assigned within capacity, closest first with spill (siting-assign.ts). */
    chosen: SitingRow[];
    /** Relocation: serving stations that the answer closes. */
    closed: string[];
    /** Newly covered demand that no covering chosen site had room for. */
    unassigned_tpd: number;
    covered_tpd_before: number;
    covered_tpd_after: number;
    infeasible: string[];
    /** Feasible candidates left out by `siting_exclude`. */
    excluded: string[];
    method: 'exact' | 'greedy' | 'greedy (time limit)';
    /** Relative optimality gap: 0 when proved optimal, null for the plain greedy answer. */
    gap: number | null;
    /** Covered demand_tpd after the greedy reference answer. */
    greedy_tpd_after: number;
  };
}
