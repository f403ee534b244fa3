// A run's rows as CSV (UTF-8 BOM, for Excel) or as GeoJSON (each row on its feature's geometry).
// Each check names its tables in its descriptor (service/checks/registry/).
import ExcelJS from 'exceljs';
import { csvText } from '../export/csv.ts';
import type { Feature } from 'geojson';
import type { LayerStore } from '../store/layer-store.ts';
import { checkOf, type CheckDocument, type CheckName, type ResultTable } from '../checks/registry/index.ts';

type TableDef = ResultTable<CheckDocument>;

export function tableFor(check: CheckName, name: string | undefined): [string, TableDef] {
  const tables = checkOf(check).tables as readonly TableDef[];
  const def = name === undefined ? tables[0] : tables.find((t) => t.name === name);
  if (!def) throw new Error(`check ${check} has tables ${tables.map((t) => t.name).join(', ')}; not "${name}"`);
  return [def.name, def];
}

export function toCsv(doc: CheckDocument, def: TableDef): string {
  const rows = def.rows(doc);
  return csvText(rows.length ? Object.keys(rows[0]) : [def.idField], rows);
}

// A spreadsheet cell of xlsx holds text as text (never a formula), so only lists need joining.
function xlsxCell(v: unknown): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(';');
  return v as string | number | boolean;
}

/** The same table as one xlsx sheet: numbers stay numbers, lists are joined with ';'. */
export async function toXlsx(doc: CheckDocument, def: TableDef): Promise<Uint8Array> {
  const rows = def.rows(doc);
  const columns = rows.length ? Object.keys(rows[0]) : [def.idField];
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(def.name);
  sheet.addRow(columns);
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(columns.map((c) => xlsxCell(r[c])));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

export async function toGeoJSON(store: Pick<LayerStore, 'read'>, doc: CheckDocument, def: TableDef, batch?: string | null) {
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
