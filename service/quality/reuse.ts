// Land use after teardown (拆后土地利用), per township: the area of the records demolished and
// the share of it put to a use (any `reuse` but `idle`) within `within_months` of demolished_on.
// Areas are drawn areas, measured as the checks measure them (docs/spec/checks.md "Measuring").
import { MetricContext } from '../checks/metric-context.ts';
import { drawnArea } from '../checks/quality-overlap.ts';
import { compareIds } from '../checks/ledger-rules.ts';
import type { CheckFeature } from '../checks/types.ts';
import type { LayerStore } from '../store/layer-store.ts';

export interface ReuseRow {
  township: string | null;
  demolished: number;
  demolished_m2: number;
  reused_m2: number;
  /** reused_m2 / demolished_m2; 0 when nothing was demolished. */
  reused_share: number;
  by_reuse: Record<string, number>;
}

/** `date` plus `months`, the day clamped to the end of a shorter month (08-31 + 6 → 02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

export function reuseByTownship(ledger: CheckFeature[], withinMonths: number, metricCrs: string | null = null): { townships: ReuseRow[]; total: ReuseRow } {
  const demolished = ledger.filter((f) => f.props.status === 'demolished');
  const layer = new MetricContext({ ledger: demolished }, metricCrs).layer('ledger');
  const groups = new Map<string | null, ReuseRow>();
  const total: ReuseRow = { township: null, demolished: 0, demolished_m2: 0, reused_m2: 0, reused_share: 0, by_reuse: {} };
  demolished.forEach((f, i) => {
    const t = typeof f.props.township === 'string' && f.props.township !== '' ? f.props.township : null;
    let g = groups.get(t);
    if (!g) groups.set(t, (g = { township: t, demolished: 0, demolished_m2: 0, reused_m2: 0, reused_share: 0, by_reuse: {} }));
    const area = drawnArea(layer, i);
    const reuse = typeof f.props.reuse === 'string' ? f.props.reuse : null;
    const on = typeof f.props.reuse_on === 'string' ? f.props.reuse_on : null;
    const from = typeof f.props.demolished_on === 'string' ? f.props.demolished_on : null;
    const inTime = reuse !== null && reuse !== 'idle' && on !== null && from !== null && on <= addMonths(from, withinMonths);
    for (const row of [g, total]) {
      row.demolished++;
      row.demolished_m2 += area;
      if (inTime) row.reused_m2 += area;
      if (reuse !== null) row.by_reuse[reuse] = (row.by_reuse[reuse] ?? 0) + area;
    }
  });
  const rows = [...groups.values()];
  for (const r of [...rows, total]) r.reused_share = r.demolished_m2 > 0 ? r.reused_m2 / r.demolished_m2 : 0;
  rows.sort((a, b) => (a.township === null ? 1 : b.township === null ? -1 : compareIds(a.township, b.township)));
  return { townships: rows, total };
}

export async function reuseReport(store: Pick<LayerStore, 'read' | 'datasetParams'>, withinMonths: number) {
  const ledger: CheckFeature[] = [];
  for await (const f of store.read('ledger', { equals: { status: 'demolished' } })) ledger.push({ id: f.id, props: f.props, geometry: f.geometry });
  const params = (await store.datasetParams()) as { metric_crs?: string | null };
  return { within_months: withinMonths, ...reuseByTownship(ledger, withinMonths, params.metric_crs ?? null) };
}
