// The planner's records from the store: pending ledger records with their centre and area in the
// checks' metric CRS (the dataset's metric_crs, else the Gauss-Krüger zone whose central meridian
// is nearest the middle of the records' longitudes, as spec/checks.md "Measuring" says),
// and their reasons from the latest finished fire run, through either store's PlanStore.
import type { Store } from '../store/index.ts';
import { gaussKrugerForward } from '../checks/metric-context.ts';
import { toFlat, type FlatGeom } from '../checks/flat-geometry.ts';
import { metricZoneFor, parseGaussKruger } from '../geo/gauss-kruger.ts';
import { wkbToGeometry } from '../geo/wkb.ts';
import { reasonsById } from './danger.ts';
import type { PlanRecord } from './types.ts';
import type { PlanStore } from './plan-store.ts';
import { duckPlans } from './duck-plans.ts';

/** Area and area-weighted centre of a polygon's shells less its holes (shoelace per ring). */
export function areaAndCentre(f: FlatGeom): { area: number; x: number; y: number } {
  let area = 0, cx = 0, cy = 0;
  for (let p = 0; p + 1 < f.polyStart.length; p++) {
    for (let r = f.polyStart[p]; r < f.polyStart[p + 1]; r++) {
      let a = 0, sx = 0, sy = 0;
      const s = f.partStart[r], e = f.partStart[r + 1];
      for (let v = s; v < e; v++) {
        const w = v + 1 < e ? v + 1 : s;
        const x0 = f.xy[2 * v], y0 = f.xy[2 * v + 1], x1 = f.xy[2 * w], y1 = f.xy[2 * w + 1];
        const cross = x0 * y1 - x1 * y0;
        a += cross;
        sx += (x0 + x1) * cross;
        sy += (y0 + y1) * cross;
      }
      // Shells add, holes subtract, whatever their winding.
      const sign = (r === f.polyStart[p] ? 1 : -1) * Math.sign(a);
      area += (sign * a) / 2;
      cx += (sign * sx) / 6;
      cy += (sign * sy) / 6;
    }
  }
  if (area <= 0) return { area: 0, x: (f.minX + f.maxX) / 2, y: (f.minY + f.maxY) / 2 };
  return { area, x: cx / area, y: cy / area };
}

export interface PlanSource {
  records: PlanRecord[];
  /** Where the records' metres are measured. */
  metric_crs: string;
  fire_run_id: number | null;
  /** Township names a crew may be limited to: the townships layer and the ledger's own. */
  townships: Set<string>;
}

/** Reasons per ledger id from the latest finished fire run, and that run's id. */
export async function fireReasons(data: PlanStore): Promise<{ runId: number | null; reasons: ReturnType<typeof reasonsById> }> {
  const fire = await data.latestFire();
  return fire ? { runId: fire.runId, reasons: reasonsById(fire.findings) } : { runId: null, reasons: new Map() };
}

/** The DuckDB store's plan source (the CLI's plan-teardown and the benchmark read it so). */
export const loadPlanSource = (store: Store): Promise<PlanSource> => planSource(duckPlans(store));

/**
 * Pending records read as plain columns: the centre is the middle of the stored lon/lat bbox
 * (a building is metres across, so this is its centre to well under a metre) and the area is the
 * declared one. Only records without a declared area have their outline read and measured.
 */
export async function planSource(data: PlanStore): Promise<PlanSource> {
  const rows = await data.pendingLedger();
  const params = await data.datasetParams();
  let minLon = Infinity, maxLon = -Infinity;
  for (const r of rows) {
    minLon = Math.min(minLon, r.lon);
    maxLon = Math.max(maxLon, r.lon);
  }
  const zone = typeof params.metric_crs === 'string' ? parseGaussKruger(params.metric_crs) : metricZoneFor(rows.length ? (minLon + maxLon) / 2 : 120);
  if (!zone) throw new Error(`metric_crs ${JSON.stringify(params.metric_crs)} is not a CGCS2000 Gauss-Krüger code`);
  const project = gaussKrugerForward(zone.proj4);
  const { runId, reasons } = await fireReasons(data);
  const undeclared: PlanRecord[] = [];
  const records = rows.map((r): PlanRecord => {
    const [x, y] = project(r.lon, r.lat);
    const declared = typeof r.area_m2 === 'number' && r.area_m2 > 0 ? r.area_m2 : null;
    const rec: PlanRecord = {
      id: r.id,
      status: 'pending',
      township: r.township ?? null,
      area_m2: declared ?? 0,
      x,
      y,
      notice_on: r.notice_on ?? null,
      deadline_on: r.deadline_on ?? null,
      reasons: reasons.get(r.id) ?? [],
    };
    if (declared === null) undeclared.push(rec);
    return rec;
  });
  const wkbs = await data.outlines(undeclared.map((r) => r.id));
  for (const rec of undeclared) {
    const wkb = wkbs.get(rec.id);
    if (wkb) rec.area_m2 = areaAndCentre(toFlat(wkbToGeometry(wkb), project, () => `ledger record ${rec.id}`)).area;
  }
  return { records, metric_crs: `EPSG:${zone.epsg}`, fire_run_id: runId, townships: new Set(await data.townshipNames()) };
}
