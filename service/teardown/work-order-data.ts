// What a work order shows of each record of a day: the ledger's own fields (address, owner,
// structure) and its outline, read by id from the store.
import type { Geometry } from 'geojson';
import type { Store } from '../store/index.ts';
import { rowToFeature, selectList } from '../store/features.ts';
import type { PlanDay, PlanItem } from './types.ts';

export interface WorkOrderRow extends PlanItem {
  address: string | null;
  owner: string | null;
  structure: string | null;
  geometry: Geometry | null;
}

export async function workOrderRows(store: Store, items: readonly PlanItem[]): Promise<WorkOrderRow[]> {
  const byId = new Map<string, { props: Record<string, unknown>; geometry: Geometry }>();
  // Bound parameters in slices: a plan's workbook asks for tens of thousands of ids.
  for (let i = 0; i < items.length; i += 1000) {
    const ids = items.slice(i, i + 1000).map((x) => x.ledger_id);
    const rows = await store.all(`SELECT ${selectList('ledger')} FROM layer_ledger WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    for (const r of rows) {
      const f = rowToFeature('ledger', r);
      byId.set(f.id, f);
    }
  }
  return items.map((it) => {
    const f = byId.get(it.ledger_id);
    return {
      ...it,
      address: (f?.props.address as string | null) ?? null,
      owner: (f?.props.owner as string | null) ?? null,
      structure: (f?.props.structure as string | null) ?? null,
      geometry: f?.geometry ?? null,
    };
  });
}

export function findDay(days: readonly PlanDay[], date: string, crew: string): PlanDay | undefined {
  return days.find((d) => d.date === date && d.crew === crew);
}
