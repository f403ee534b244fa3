// The run parameters of docs/spec/checks.md with their defaults, merged from dataset.json, the
// request, etc. Bad values throw at once with the name and the value.
import { parseGaussKruger } from '../geo/gauss-kruger.ts';

export interface CheckParams {
  /** Cut-off between stock and new violations (三改一拆 campaign start). */
  baseline_on: string;
  /** Share of a patch's area that must fall on a record to match it. */
  min_overlap: number;
  /** GB 50016-2014 §7.1.8 fire lane clear width; also a lane's default width. */
  required_lane_width_m: number;
  /** Encroachments smaller than this are digitising noise. */
  min_encroach_area_m2: number;
  /** CJJ 47 collection radius; a station's own `service_radius_m` overrides. */
  service_radius_m: number;
  /** kg per person per day where `waste_tpd` is absent. */
  per_capita_kg: number;
  /** Distance from demand to a landfill that is not closed. */
  landfill_setback_m: number;
  /** k of the greedy siting run. */
  sites_to_choose: number;
  /** Patch batch classified by check 1; null on input = the batch with the latest detected_on. */
  batch: string | null;
  /** Planar CRS for measuring; null on input = the Gauss-Krüger zone of the data's centre. */
  metric_crs: string | null;
  /** Check 4: relative allowance between a declared and a drawn area. */
  area_tolerance: number;
  /** Check 4: absolute floor of that allowance (m²). */
  area_tolerance_m2: number;
  /** Check 4: intersection over union from which two records are one building entered twice. */
  duplicate_iou: number;
  /** Check 4: drawn area (m²) from which an open record is a large violation. */
  large_area_m2: number;
  /** Check 4: the audit date; null on input = the latest date in the patches and the ledger. */
  as_of: string | null;
  /** `exact` solves the siting program (greedy as start and fallback); `greedy` is the reference answer. */
  siting_method: 'exact' | 'greedy';
  /** Seconds the exact siting may take before the greedy answer is kept. */
  siting_time_limit_s: number;
  /** Candidate ids that siting must choose. */
  siting_require: string[];
  /** Candidate ids that siting must not choose. */
  siting_exclude: string[];
  /** `keep` every serving station and add sites, or `relocate`: the stations become sites too. */
  siting_existing: 'keep' | 'relocate';
  /** Relocating: serving station ids that stay open whatever the answer. */
  siting_keep_open: string[];
  /** `straight` line distance, or `network` distance along the `roads` layer. */
  distance: 'straight' | 'network';
  /** Tonnes per cubic metre of compacted waste in a landfill (remaining life). */
  landfill_density_t_m3: number;
  /** A landfill with less remaining life than this (years) is flagged. */
  landfill_warn_years: number;
}

export const DEFAULT_PARAMS: Readonly<CheckParams> = {
  baseline_on: '2013-04-01',
  min_overlap: 0.3,
  required_lane_width_m: 4.0,
  min_encroach_area_m2: 1.0,
  service_radius_m: 3000,
  per_capita_kg: 1.0,
  landfill_setback_m: 500,
  sites_to_choose: 3,
  batch: null,
  metric_crs: null,
  area_tolerance: 0.2,
  area_tolerance_m2: 10,
  duplicate_iou: 0.8,
  large_area_m2: 1000,
  as_of: null,
  siting_method: 'exact',
  siting_time_limit_s: 10,
  siting_require: [],
  siting_exclude: [],
  siting_existing: 'keep',
  siting_keep_open: [],
  distance: 'straight',
  landfill_density_t_m3: 1.0,
  landfill_warn_years: 2,
};

type NumberKey =
  | 'min_overlap'
  | 'required_lane_width_m'
  | 'min_encroach_area_m2'
  | 'service_radius_m'
  | 'per_capita_kg'
  | 'landfill_setback_m'
  | 'sites_to_choose'
  | 'area_tolerance'
  | 'area_tolerance_m2'
  | 'duplicate_iou'
  | 'large_area_m2'
  | 'siting_time_limit_s'
  | 'landfill_density_t_m3'
  | 'landfill_warn_years';

/** Allowed range of each numeric parameter: [min, max, minInclusive, integer]. */
const NUMBER_RULES: Record<NumberKey, { min: number; max: number; minInclusive: boolean; integer?: boolean }> = {
  min_overlap: { min: 0, max: 1, minInclusive: false },
  required_lane_width_m: { min: 0, max: Infinity, minInclusive: false },
  min_encroach_area_m2: { min: 0, max: Infinity, minInclusive: true },
  service_radius_m: { min: 0, max: Infinity, minInclusive: true },
  per_capita_kg: { min: 0, max: Infinity, minInclusive: true },
  landfill_setback_m: { min: 0, max: Infinity, minInclusive: true },
  sites_to_choose: { min: 0, max: Infinity, minInclusive: true, integer: true },
  area_tolerance: { min: 0, max: Infinity, minInclusive: true },
  area_tolerance_m2: { min: 0, max: Infinity, minInclusive: true },
  duplicate_iou: { min: 0, max: 1, minInclusive: false },
  large_area_m2: { min: 0, max: Infinity, minInclusive: false },
  siting_time_limit_s: { min: 0, max: 3600, minInclusive: false },
  landfill_density_t_m3: { min: 0, max: Infinity, minInclusive: false },
  landfill_warn_years: { min: 0, max: Infinity, minInclusive: true },
};

const CHOICES = {
  siting_method: ['exact', 'greedy'],
  siting_existing: ['keep', 'relocate'],
  distance: ['straight', 'network'],
} as const;

/** A list of ids: a JSON array of strings, or a comma-separated string (CLI, dataset.json). */
function toIdList(key: string, value: unknown): string[] {
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new Error(`check parameter ${key}: expected a list of ids, got ${JSON.stringify(value)}`);
  }
  return list.map(String);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toNumber(key: NumberKey, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new Error(`check parameter ${key}: expected a number, got ${JSON.stringify(value)}`);
  }
  const rule = NUMBER_RULES[key];
  const lowOk = rule.minInclusive ? n >= rule.min : n > rule.min;
  if (!lowOk || n > rule.max) {
    const low = `${rule.minInclusive ? '≥' : '>'} ${rule.min}`;
    throw new Error(`check parameter ${key}: ${n} out of range (must be ${low}${rule.max < Infinity ? ` and ≤ ${rule.max}` : ''})`);
  }
  if (rule.integer && !Number.isInteger(n)) throw new Error(`check parameter ${key}: expected an integer, got ${n}`);
  return n;
}

/** Defaults of docs/spec/checks.md, then each source in order (later wins); undefined values are skipped. */
export function resolveParams(...sources: Partial<CheckParams>[]): CheckParams {
  const out: CheckParams = { ...DEFAULT_PARAMS };
  for (const source of sources) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      switch (key) {
        case 'baseline_on':
          if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
            throw new Error(`check parameter baseline_on: expected a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
          }
          out.baseline_on = value;
          break;
        case 'as_of':
          if (value === null || value === '') {
            out.as_of = null;
          } else if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value)) || new Date(value).toISOString().slice(0, 10) !== value) {
            throw new Error(`check parameter as_of: expected a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
          } else {
            out.as_of = value;
          }
          break;
        case 'batch':
          if (value !== null && typeof value !== 'string') throw new Error(`check parameter batch: expected a string, got ${JSON.stringify(value)}`);
          out.batch = value === '' ? null : value;
          break;
        case 'metric_crs':
          if (value === null || value === '') {
            out.metric_crs = null;
          } else if (typeof value !== 'string' || !parseGaussKruger(value)) {
            throw new Error(`check parameter metric_crs: expected a CGCS2000 Gauss-Krüger code such as EPSG:4549, got ${JSON.stringify(value)}`);
          } else {
            out.metric_crs = value;
          }
          break;
        case 'siting_method':
        case 'siting_existing':
        case 'distance': {
          const allowed: readonly string[] = CHOICES[key];
          if (typeof value !== 'string' || !allowed.includes(value)) {
            throw new Error(`check parameter ${key}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
          }
          (out as unknown as Record<string, string>)[key] = value;
          break;
        }
        case 'siting_require':
        case 'siting_exclude':
        case 'siting_keep_open':
          out[key] = toIdList(key, value);
          break;
        default:
          if (key in NUMBER_RULES) {
            out[key as NumberKey] = toNumber(key as NumberKey, value);
          }
          // Unknown keys (e.g. dataset.json's `name`) are not parameters: ignored on purpose.
      }
    }
  }
  return out;
}
