// Check 2 (docs/spec/checks.md §2): fire-lane encroachment and fire separation of standing ledger
// records. Lanes and neighbours are found through lon/lat bbox indexes, then measured exactly.
import { clipArea, type ConvexRing } from './flat-clip.ts';
import { bboxDistance, distance, segmentDistance } from './flat-distance.ts';
import type { FlatGeom } from './flat-geometry.ts';
import { isSimpleSingleRing } from './flat-validity.ts';
import { fireClass, maxRequiredSpacing, requiredSpacing, type FireClass } from './fire-spacing-rules.ts';
import { corridor, intersectionArea, type JstsGeometry } from './jsts-geometry.ts';
import { compareIds, isStanding, numberProp, TIE_EPS_M, TOUCH_EPS_M } from './ledger-rules.ts';
import { MetricContext, type MetricLayer } from './metric-context.ts';
import { resolveParams, type CheckParams } from './params.ts';
import type { CheckData, EncroachmentRow, FireResult, ProgressFn, SpacingRow } from './types.ts';

function laneWidth(lanes: MetricLayer, j: number, params: CheckParams): number {
  const w = numberProp(lanes.features[j], 'width_m');
  if (w === null) return params.required_lane_width_m;
  if (!(w > 0)) throw new Error(`${lanes.where(j)}: width_m must be > 0, got ${w}`);
  return w;
}

/** The flat-ended corridor of one segment as a CCW rectangle (null for a zero-length segment). */
function segmentRectangle(x0: number, y0: number, x1: number, y1: number, half: number): ConvexRing | null {
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len === 0) return null;
  const nx = (-(y1 - y0) / len) * half, ny = ((x1 - x0) / len) * half;
  return Float64Array.of(x0 - nx, y0 - ny, x1 - nx, y1 - ny, x1 + nx, y1 + ny, x0 + nx, y0 + ny);
}

/**
 * The one segment's rectangle whose corridor piece B can reach, when only one segment of the
 * lane lies within w/2 of B: then B meets no join (a join lies within w/2 of the next segment's
 * end) and no other piece, so area(B ∩ corridor) = area(B ∩ rectangle). Null otherwise.
 */
export function onlyReachableRectangle(b: FlatGeom, line: FlatGeom, half: number): ConvexRing | null {
  let found: ConvexRing | null = null;
  for (let p = 0; p + 1 < line.partStart.length; p++) {
    for (let v = line.partStart[p]; v + 1 < line.partStart[p + 1]; v++) {
      const x0 = line.xy[2 * v], y0 = line.xy[2 * v + 1], x1 = line.xy[2 * v + 2], y1 = line.xy[2 * v + 3];
      if (segmentDistance(b, x0, y0, x1, y1) >= half) continue;
      if (found) return null;
      found = segmentRectangle(x0, y0, x1, y1, half);
      if (!found) return null;
    }
  }
  return found;
}

function encroachments(ledger: MetricLayer, lanes: MetricLayer, standing: number[], params: CheckParams, tick: () => void): EncroachmentRow[] {
  const half = new Float64Array(lanes.size);
  let maxHalf = 0;
  for (let j = 0; j < lanes.size; j++) {
    half[j] = laneWidth(lanes, j, params) / 2;
    maxHalf = Math.max(maxHalf, half[j]);
  }
  const corridors: (JstsGeometry | undefined)[] = new Array(lanes.size);
  const rows: EncroachmentRow[] = [];
  for (const b of standing) {
    tick();
    if (lanes.size === 0) continue;
    const bf = ledger.flat(b);
    const bSimple = isSimpleSingleRing(bf);
    for (const j of lanes.nearFeature(ledger, b, maxHalf)) {
      const lf = lanes.flat(j);
      if (bboxDistance(bf, lf) >= half[j]) continue;
      const d = distance(bf, lf);
      // Everything in the corridor lies within w/2 of the centre line: farther means no overlap.
      if (d >= half[j]) continue;
      // Where B reaches one straight piece of the corridor only, clip on flat arrays; B near a
      // bend (round join, overlapping pieces) goes through the JSTS buffer and overlay.
      const rectangle = bSimple ? onlyReachableRectangle(bf, lf, half[j]) : null;
      const area = rectangle
        ? clipArea(bf, rectangle)
        : intersectionArea(ledger.geom(b), (corridors[j] ??= corridor(lanes.geom(j), half[j])));
      if (area < params.min_encroach_area_m2) continue;
      const cut = d <= TOUCH_EPS_M; // B intersects (or touches) the centre line
      const remaining = cut ? 0 : half[j] + d;
      rows.push({
        building_id: ledger.features[b].id,
        lane_id: lanes.features[j].id,
        encroach_area_m2: area,
        distance_m: cut ? 0 : d,
        remaining_width_m: remaining,
        blocked: remaining < params.required_lane_width_m,
      });
    }
  }
  return rows.sort((x, y) => compareIds(x.building_id, y.building_id) || compareIds(x.lane_id, y.lane_id));
}

interface Worst {
  id: string;
  layer: 'footprints' | 'ledger';
  spacing: number;
  required: number;
}

/** Worst neighbour first: largest shortfall, then nearer, then smaller id (then layer name). */
function worse(a: Worst, b: Worst): boolean {
  const da = a.required - a.spacing, db = b.required - b.spacing;
  if (Math.abs(da - db) > TIE_EPS_M) return da > db;
  if (Math.abs(a.spacing - b.spacing) > TIE_EPS_M) return a.spacing < b.spacing;
  if (a.id !== b.id) return a.id < b.id;
  return a.layer < b.layer;
}

function separation(ledger: MetricLayer, footprints: MetricLayer, standing: number[], tick: () => void): SpacingRow[] {
  const isStandingRecord = new Uint8Array(ledger.size);
  for (const b of standing) isStandingRecord[b] = 1;
  const ledgerClass: (FireClass | undefined)[] = new Array(ledger.size);
  const classOf = (j: number) => (ledgerClass[j] ??= fireClass(ledger.features[j]));
  const rows: SpacingRow[] = [];
  for (const b of standing) {
    tick();
    const bClass = classOf(b);
    const radius = maxRequiredSpacing(bClass);
    const bf = ledger.flat(b);
    let worst: Worst | null = null;
    let violations = 0;
    const consider = (layer: MetricLayer, j: number, nClass: FireClass) => {
      const nf = layer.flat(j);
      const required = requiredSpacing(bClass, nClass);
      if (bboxDistance(bf, nf) >= required) return;
      const d = distance(bf, nf);
      if (d <= TOUCH_EPS_M || d >= required - TOUCH_EPS_M) return; // intersecting neighbours are not neighbours
      violations++;
      const cand: Worst = { id: layer.features[j].id, layer: layer.name as Worst['layer'], spacing: d, required };
      if (!worst || worse(cand, worst)) worst = cand;
    };
    for (const j of footprints.nearFeature(ledger, b, radius)) consider(footprints, j, fireClass(footprints.features[j]));
    for (const j of ledger.nearFeature(ledger, b, radius)) {
      if (j !== b && isStandingRecord[j]) consider(ledger, j, classOf(j));
    }
    if (worst) {
      const w: Worst = worst;
      rows.push({ building_id: ledger.features[b].id, neighbor_id: w.id, neighbor_layer: w.layer, spacing_m: w.spacing, required_m: w.required, violations });
    }
  }
  return rows.sort((x, y) => compareIds(x.building_id, y.building_id));
}

export function runFireCheck(data: CheckData, params: Partial<CheckParams> = {}, onProgress?: ProgressFn): FireResult {
  const resolved = resolveParams(params);
  const ctx = new MetricContext(data, resolved.metric_crs);
  const out: CheckParams = { ...resolved, metric_crs: ctx.crs };
  const ledger = ctx.layer('ledger');
  const standing: number[] = [];
  for (let b = 0; b < ledger.size; b++) if (isStanding(ledger.features[b])) standing.push(b);
  const total = standing.length * 2;
  let done = 0;
  const tick = () => {
    done++;
    if (onProgress && (done % 1024 === 0 || done === total)) onProgress(done, total);
  };
  const rows = encroachments(ledger, ctx.layer('fire_lanes'), standing, out, tick);
  const spacing = separation(ledger, ctx.layer('footprints'), standing, tick);
  return { params: out, encroachments: rows, spacing };
}
