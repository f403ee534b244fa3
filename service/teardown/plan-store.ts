// What the plan routes need of a store, per request: the stored plans, and the reads of the ledger,
// the townships and the latest fire run that a plan, its progress and its work orders are made
// from. The DuckDB store's SQL stands behind duckPlans (duck-plans.ts); a province node gives each
// county its own over PostgreSQL (province/plans-pg.ts). Everything computed from these reads
// (the planner, progress, work orders) is shared, so both stores answer alike.
import type { Geometry } from 'geojson';
import type { PropValue } from '../layers/schema.ts';
import type { FireFindings } from './danger.ts';
import type { PlanResult } from './types.ts';

export interface StoredPlan extends PlanResult {
  id: number;
  created_at: string;
  created_by: string;
  updated_at: string | null;
  metric_crs: string;
  fire_run_id: number | null;
}

export interface PlanSummary {
  id: number;
  created_at: string;
  created_by: string;
  params: PlanResult['params'];
  scheduled: number;
  unscheduled: number;
}

export interface PlanMeta {
  user: string;
  metric_crs: string;
  fire_run_id: number | null;
}

/** A pending ledger record as stored: dates as YYYY-MM-DD, the centre of its lon/lat bbox. */
export interface PendingRow {
  id: string;
  township: string | null;
  area_m2: number | null;
  notice_on: string | null;
  deadline_on: string | null;
  lon: number;
  lat: number;
}

export interface LedgerState {
  status: string;
  demolished_on: string | null;
}

export interface TownshipMonth {
  township: string | null;
  month: string;
  records: number;
  area_m2: number;
}

export interface PlanStore {
  save(plan: PlanResult, meta: PlanMeta): Promise<StoredPlan>;
  get(id: number): Promise<StoredPlan | null>;
  /** Rewrites a plan's document (a manual move). */
  update(id: number, plan: PlanResult): Promise<void>;
  /** Newest first. */
  list(): Promise<PlanSummary[]>;
  /** Pending ledger records in fid order. */
  pendingLedger(): Promise<PendingRow[]>;
  datasetParams(): Promise<Record<string, unknown>>;
  /** The latest finished fire run's encroachments and spacing findings; null before any. */
  latestFire(): Promise<{ runId: number; findings: FireFindings } | null>;
  /** Ledger outlines as WKB, by id. */
  outlines(ids: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** Township names of the townships layer and of the ledger. */
  townshipNames(): Promise<string[]>;
  ledgerStates(ids: readonly string[]): Promise<Map<string, LedgerState>>;
  /** Area demolished per township and month (YYYY-MM), ordered by month, then township. */
  demolishedByTownshipMonth(): Promise<TownshipMonth[]>;
  /** Ledger records' properties and outlines, by id. */
  ledgerFeatures(ids: readonly string[]): Promise<Map<string, { props: Record<string, PropValue>; geometry: Geometry }>>;
}
