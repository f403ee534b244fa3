// Check parameters with the defaults of shared/spec/checks.md. The metric CRS is fixed to
// EPSG:4549 (the geom_m column made by loadLayers), which is what the benchmark data uses.

export interface CheckParams {
  baseline_on: string;
  min_overlap: number;
  required_lane_width_m: number;
  min_encroach_area_m2: number;
  service_radius_m: number;
  per_capita_kg: number;
  landfill_setback_m: number;
  sites_to_choose: number;
  /** Patch batch for check 1; default: the batch with the latest detected_on. */
  batch?: string;
}

export const DEFAULT_PARAMS: CheckParams = {
  baseline_on: '2013-04-01',
  min_overlap: 0.3,
  required_lane_width_m: 4.0,
  min_encroach_area_m2: 1.0,
  service_radius_m: 3000,
  per_capita_kg: 1.0,
  landfill_setback_m: 500,
  sites_to_choose: 3,
};

export function withDefaults(params: Partial<CheckParams> = {}): CheckParams {
  const p = { ...DEFAULT_PARAMS, ...params };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.baseline_on)) throw new Error(`baseline_on must be YYYY-MM-DD, got ${p.baseline_on}`);
  for (const key of ['min_overlap', 'required_lane_width_m', 'min_encroach_area_m2', 'service_radius_m', 'per_capita_kg', 'landfill_setback_m', 'sites_to_choose'] as const) {
    if (!Number.isFinite(p[key]) || p[key] < 0) throw new Error(`${key} must be a number ≥ 0, got ${p[key]}`);
  }
  return p;
}
