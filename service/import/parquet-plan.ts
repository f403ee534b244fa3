// Which GeoParquet columns DuckDB can carry into a layer as they are. Each property gets a SQL value
// and a SQL test that holds only where the importers' typing rules (props.ts) would keep the value
// unchanged and report nothing: text already trimmed and, for enums, already a schema value;
// finite numbers (whole, positive where the schema says); dates already YYYY-MM-DD. Rows where a
// test fails are typed by those rules in JavaScript, so both paths give the same rows and problems.
import { LAYERS, type LayerName, type PropDef } from '../layers/schema.ts';
import { FieldResolver } from './attribute-names.ts';
import { quoteIdent, type ParquetLayout } from './parquet.ts';

export interface PropPlan {
  def: PropDef;
  /** The file's column for the property, or null when the file has none. */
  column: string | null;
  /** SQL of the staged value (VARCHAR for text and dates, DOUBLE for numbers). */
  value: string;
  /** SQL that is true where `value` is what the typing rules would give, with no problem. */
  canonical: string;
}

export interface ParquetPlan {
  props: PropPlan[];
  /** Columns that are no property, with their name in `extra`. */
  extras: { column: string; name: string }[];
  /** SQL true where every property is canonical. */
  ok: string;
}

/** Characters JavaScript's String.prototype.trim removes (RE2 syntax). */
const JS_SPACE = String.raw`[\t\n\x{0B}\f\r \x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]`;
const NUMERIC_TYPES = new Set(['DOUBLE', 'FLOAT', 'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT']);

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

function planProp(def: PropDef, column: string | null, type: string | undefined): PropPlan {
  const ifNull = def.required ? 'false' : 'true';
  const stagedType = def.type === 'number' || def.type === 'integer' ? 'DOUBLE' : 'VARCHAR';
  if (column === null) return { def, column, value: `CAST(NULL AS ${stagedType})`, canonical: ifNull };
  const c = quoteIdent(column);
  let value = `CAST(NULL AS ${stagedType})`;
  let test = 'false';
  if (def.type === 'string' && type === 'VARCHAR') {
    value = c;
    test = `${c} <> '' AND NOT regexp_matches(${c}, '^${JS_SPACE}|${JS_SPACE}$')`;
    if (def.values) test += ` AND ${c} IN (${def.values.map(sqlText).join(', ')})`;
  } else if ((def.type === 'number' || def.type === 'integer') && type && NUMERIC_TYPES.has(type)) {
    value = `CAST(${c} AS DOUBLE)`;
    test = `isfinite(${value})`;
    if (def.type === 'integer') test += ` AND ${value} = trunc(${value})`;
    if (def.positive) test += ` AND ${value} > 0`;
  } else if (def.type === 'date' && type === 'DATE') {
    value = `strftime(${c}, '%Y-%m-%d')`;
    test = `year(${c}) BETWEEN 1000 AND 9999`;
  } else if (def.type === 'date' && type === 'VARCHAR') {
    value = c;
    test = `regexp_full_match(${c}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND ${c} >= '1000' AND TRY_CAST(${c} AS DATE) IS NOT NULL`;
  }
  return { def, column, value, canonical: `CASE WHEN ${c} IS NULL THEN ${ifNull} ELSE (${test}) END` };
}

/**
 * The plan for a file's columns, or null when a row-by-row read is needed for exact results (two
 * columns for one property: the rules keep the first non-empty one per row; patches, whose batches
 * merge with the stored ones).
 */
export function planParquet(layer: LayerName, layout: ParquetLayout, fieldMap: Record<string, string> | undefined): ParquetPlan | null {
  if (layer === 'patches') return null;
  const resolver = new FieldResolver(layer, fieldMap);
  const defs = LAYERS[layer].props;
  const columnOf = new Map<string, string>();
  const extras: ParquetPlan['extras'] = [];
  for (const column of layout.types.keys()) {
    if (column === layout.geoColumn) continue;
    const def = resolver.resolve(column);
    if (!def) extras.push({ column, name: resolver.extraName(column) });
    else if (columnOf.has(def.name)) return null;
    else columnOf.set(def.name, column);
  }
  const props = defs.map((def) => {
    const column = columnOf.get(def.name) ?? null;
    return planProp(def, column, column === null ? undefined : layout.types.get(column));
  });
  return { props, extras, ok: props.map((p) => `(${p.canonical})`).join(' AND ') || 'true' };
}
