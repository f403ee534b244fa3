// The planner's records from the store: pending ledger records with their centre and area in the
// checks' metric CRS (the dataset's metric_crs or the Gauss-Krüger zone of the ledger's centre),
// and their reasons from the latest finished fire run.
import type { Store } from '../store/index.ts';
import { MetricContext } from '../checks/metric-context.ts';
import type { FlatGeom } from '../checks/flat-geometry.ts';
import type { CheckFeature } from '../checks/types.ts';
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

export async function loadPlanSource(store: Store): Promise<PlanSource> {
  const feats: CheckFeature[] = [];
  for await (const f of store.read('ledger', { equals: { status: 'pending' } })) feats.push({ id: f.id, props: f.props, geometry: f.geometry });
  const params = await store.datasetParams();
  const ctx = new MetricContext({ ledger: feats }, typeof params.metric_crs === 'string' ? params.metric_crs : null);
  const layer = ctx.layer('ledger');
  const { runId, reasons } = await fireReasons(store);
  const records = feats.map((f, i): PlanRecord => {
    const m = areaAndCentre(layer.flat(i));
    const declared = typeof f.props.area_m2 === 'number' && f.props.area_m2 > 0 ? f.props.area_m2 : null;
    return {
      id: f.id,
      status: String(f.props.status),
      township: (f.props.township as string | null) ?? null,
      area_m2: declared ?? m.area,
      x: m.x,
      y: m.y,
      notice_on: (f.props.notice_on as string | null) ?? null,
      deadline_on: (f.props.deadline_on as string | null) ?? null,
      reasons: reasons.get(f.id) ?? [],
    };
  });
  const names = await store.all(
    `SELECT name AS t FROM layer_townships WHERE name IS NOT NULL UNION SELECT DISTINCT township FROM layer_ledger WHERE township IS NOT NULL`,
  );
  return { records, metric_crs: ctx.crs, fire_run_id: runId, townships: new Set(names.map((r) => r.t as string)) };
}
