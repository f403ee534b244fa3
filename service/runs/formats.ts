// A run's rows as CSV (UTF-8 BOM, for Excel) or as GeoJSON (each row on its feature's geometry).
// Each check has named tables: patches → patches, ledger; fire → encroachments, spacing;
// coverage → demand, stations.
import { stringify } from 'csv-stringify/sync';
import { SAFE_CAST } from '../export/csv-safe.ts';
import type { Feature } from 'geojson';
import type { LayerName } from '../layers/schema.ts';
import type { Store } from '../store/index.ts';
import type { CheckDocument } from './persist.ts';
import type { CheckName } from './tables.ts';

interface TableDef {
  rows: (doc: CheckDocument) => Record<string, unknown>[];
  /** The layer whose geometry a row is drawn on, and the row field holding its id. */
  layer: LayerName;
  idField: string;
}

const rowsOf = (key: string) => (doc: CheckDocument) => (doc as unknown as Record<string, Record<string, unknown>[]>)[key];

export const RESULT_TABLES: Record<CheckName, Record<string, TableDef>> = {
  patches: {
    patches: { rows: rowsOf('patches'), layer: 'patches', idField: 'id' },
    ledger: { rows: rowsOf('ledger'), layer: 'ledger', idField: 'id' },
  },
  fire: {
    encroachments: { rows: rowsOf('encroachments'), layer: 'ledger', idField: 'building_id' },
    spacing: { rows: rowsOf('spacing'), layer: 'ledger', idField: 'building_id' },
  },
  coverage: {
    demand: { rows: rowsOf('demand'), layer: 'demand', idField: 'id' },
    stations: { rows: rowsOf('stations'), layer: 'transfer_stations', idField: 'id' },
  },
};

export function tableFor(check: CheckName, name: string | undefined): [string, TableDef] {
  const tables = RESULT_TABLES[check];
  const key = name ?? Object.keys(tables)[0];
  const def = Object.hasOwn(tables, key) ? tables[key] : undefined;
  if (!def) throw new Error(`check ${check} has tables ${Object.keys(tables).join(', ')}; not "${name}"`);
  return [key, def];
}

function cell(v: unknown): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(';');
  return v as string | number | boolean;
}

export function toCsv(doc: CheckDocument, def: TableDef): string {
  const rows = def.rows(doc);
  const columns = rows.length ? Object.keys(rows[0]) : [def.idField];
  return stringify(
    rows.map((r) => columns.map((c) => cell(r[c]))),
    { header: true, columns, bom: true, ...SAFE_CAST },
  );
}

export async function toGeoJSON(store: Store, doc: CheckDocument, def: TableDef, batch?: string | null) {
  const geometries = new Map<string, Feature['geometry']>();
  const equals = def.layer === 'patches' && batch ? { batch } : undefined;
  for await (const f of store.read(def.layer, { equals })) geometries.set(f.id, f.geometry);
  const features: Feature[] = def.rows(doc).map((row) => ({
    type: 'Feature',
    id: String(row[def.idField]),
    geometry: geometries.get(String(row[def.idField])) ?? null!,
    properties: row,
  }));
  return { type: 'FeatureCollection' as const, features };
}
