// What a work order shows of each record of a day: the ledger's own fields (address, owner,
// structure) and its outline, read by id from either store.
import type { Geometry } from 'geojson';
import type { PlanStore } from './plan-store.ts';
import type { PlanDay, PlanItem } from './types.ts';

export interface WorkOrderRow extends PlanItem {
  address: string | null;
  owner: string | null;
  structure: string | null;
  geometry: Geometry | null;
}

export async function workOrderRows(data: Pick<PlanStore, 'ledgerFeatures'>, items: readonly PlanItem[]): Promise<WorkOrderRow[]> {
  const byId = await data.ledgerFeatures(items.map((x) => x.ledger_id));
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
