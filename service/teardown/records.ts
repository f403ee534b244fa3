// The planner's records from the store: pending ledger records with their centre and area in the
// checks' metric CRS (the dataset's metric_crs, else the Gauss-Krüger zone whose central meridian
// is nearest the middle of the records' longitudes, as spec/checks.md "Measuring" says),
// and their reasons from the latest finished fire run.
import type { Store } from '../store/index.ts';
import { gaussKrugerForward } from '../checks/metric-context.ts';
import { toFlat, type FlatGeom } from '../checks/flat-geometry.ts';
import { metricZoneFor, parseGaussKruger } from '../geo/gauss-kruger.ts';
import { wkbToGeometry } from '../geo/wkb.ts';
import { latestRun } from '../runs/persist.ts';
import { reasonsById } from './danger.ts';
import type { PlanRecord } from './types.ts';

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

export async function fireReasons(store: Store): Promise<{ runId: number | null; reasons: ReturnType<typeof reasonsById> }> {
  const run = await latestRun(store, 'fire');
  if (!run) return { runId: null, reasons: new Map() };
  const enc = await store.all('SELECT building_id, blocked FROM result_encroachments WHERE run_id = ?', [run.id]);
  const spc = await store.all('SELECT building_id, violations FROM result_spacing WHERE run_id = ?', [run.id]);
  return {
    runId: run.id,
    reasons: reasonsById({
      encroachments: enc.map((r) => ({ building_id: r.building_id as string, blocked: Boolean(r.blocked) })),
      spacing: spc.map((r) => ({ building_id: r.building_id as string, violations: Number(r.violations) })),
    }),
  };
}

/**
 * Pending records read as plain columns: the centre is the middle of the stored lon/lat bbox
 * (a building is metres across, so this is its centre to well under a metre) and the area is the
 * declared one. Only records without a declared area have their outline read and measured.
 */
export async function loadPlanSource(store: Store): Promise<PlanSource> {
  const rows = await store.all(
    `SELECT id, township, area_m2, strftime(notice_on, '%Y-%m-%d') AS notice_on, strftime(deadline_on, '%Y-%m-%d') AS deadline_on,
       (xmin + xmax) / 2 AS lon, (ymin + ymax) / 2 AS lat
     FROM layer_ledger WHERE status = 'pending' ORDER BY fid`,
  );
  const params = await store.datasetParams();
  let minLon = Infinity, maxLon = -Infinity;
  for (const r of rows) {
    minLon = Math.min(minLon, r.lon as number);
    maxLon = Math.max(maxLon, r.lon as number);
  }
  const zone = typeof params.metric_crs === 'string' ? parseGaussKruger(params.metric_crs) : metricZoneFor(rows.length ? (minLon + maxLon) / 2 : 120);
  if (!zone) throw new Error(`metric_crs ${JSON.stringify(params.metric_crs)} is not a CGCS2000 Gauss-Krüger code`);
  const project = gaussKrugerForward(zone.proj4);
  const { runId, reasons } = await fireReasons(store);
  const undeclared: number[] = [];
  const records = rows.map((r, i): PlanRecord => {
    const [x, y] = project(r.lon as number, r.lat as number);
    const declared = typeof r.area_m2 === 'number' && r.area_m2 > 0 ? r.area_m2 : null;
    if (declared === null) undeclared.push(i);
    return {
      id: r.id as string,
      status: 'pending',
      township: (r.township as string | null) ?? null,
      area_m2: declared ?? 0,
      x,
      y,
      notice_on: (r.notice_on as string | null) ?? null,
      deadline_on: (r.deadline_on as string | null) ?? null,
      reasons: reasons.get(r.id as string) ?? [],
    };
  });
  for (let k = 0; k < undeclared.length; k += 1000) {
    const recs = undeclared.slice(k, k + 1000).map((i) => records[i]);
    const geoms = await store.all(`SELECT id, ST_AsWKB(geom) AS wkb FROM layer_ledger WHERE id IN (${recs.map(() => '?').join(', ')})`, recs.map((r) => r.id));
    const byId = new Map(geoms.map((g) => [g.id as string, g.wkb as Uint8Array]));
    for (const rec of recs) {
      const wkb = byId.get(rec.id);
      if (wkb) rec.area_m2 = areaAndCentre(toFlat(wkbToGeometry(wkb), project, () => `ledger record ${rec.id}`)).area;
    }
  }
  const names = await store.all(
    `SELECT name AS t FROM layer_townships WHERE name IS NOT NULL UNION SELECT DISTINCT township FROM layer_ledger WHERE township IS NOT NULL`,
  );
  return { records, metric_crs: `EPSG:${zone.epsg}`, fire_run_id: runId, townships: new Set(names.map((r) => r.t as string)) };
}
