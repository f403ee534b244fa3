// What a check tells the rest of the service about itself. Everything that used to be written
// per check in several places (the result tables' DDL, the appender, CSV and GeoJSON output, the
// columns joined onto tiles, which tiles a finished run refreshes, who may run it) is derived
// from one of these. The rules a check implements are in docs/spec/checks.md.
import type { LayerName } from '../../layers/schema.ts';
import type { Role } from '../../layers/roles.ts';
import type { CheckData, ProgressFn } from '../types.ts';
import type { CheckParams } from '../params.ts';

/** Column types of result tables; each maps to one DuckDB type (see registry/sql.ts). */
export type ColumnType = 'text' | 'double' | 'integer' | 'boolean' | 'text[]';

/** The tile field type a joined column has (TileJSON vector_layers). */
export type TileFieldType = 'String' | 'Number' | 'Boolean';

/**
 * One result table: a list in the run's JSON document, stored as rows of `result_<sqlName>`
 * (run_id first, then `columns` in order) and offered as CSV / GeoJSON under `name`.
 */
export interface ResultTable<Doc, Row = Record<string, unknown>> {
  /** The name in URLs (`?table=`) and the key of the list in the document. */
  name: string;
  /** The DuckDB table is `result_<sqlName>`. */
  sqlName: string;
  rows: (doc: Doc) => Row[];
  /** Stored columns in order; a row field not named here is kept only in the document. */
  columns: readonly (readonly [keyof Row & string, ColumnType])[];
  /** The layer whose geometry a row is drawn on (GeoJSON), and the row field holding its id. */
  layer: LayerName;
  idField: keyof Row & string;
}

/** Which runs of a check a tile shows: every latest run (one per batch), and the newest of them. */
export interface ShownRuns {
  /** Latest finished run ids, one per batch (one in all for a check without batches). */
  ids: number[];
  /** The newest of `ids`, or -1 when the check has not run yet (joins then yield nulls). */
  newest: number;
}

/**
 * Result columns joined onto one layer's tiles. The layer table is aliased `t`; aliases of the
 * join must start with the check's name (`fire_enc`) so that joins of several checks on one
 * layer never clash, and so must no two checks name the same field (the registry refuses).
 */
export interface TileJoin {
  /** Expressions of the SELECT list, each ending `AS <field>`. */
  select: string[];
  /** Values for `?` in `select`, in order. */
  selectParams?: (number | bigint)[];
  /** LEFT JOIN clauses onto `t`. */
  join: string;
  /** Values for `?` in `join`, in order. */
  joinParams: (number | bigint)[];
  fields: Record<string, TileFieldType>;
}

export type CheckEngine<Doc> = (data: CheckData, params: Partial<CheckParams>, onProgress?: ProgressFn) => Doc;

export interface CheckDescriptor<Name extends string = string, Doc extends { params: CheckParams } = { params: CheckParams }, Batched extends boolean = boolean> {
  /** URL and folder name: /api/checks/<name>, service/checks/<name>.ts, test/checks/<name>/. */
  name: Name;
  /** Layers read; a change to any of them makes a finished run stale. */
  layers: readonly LayerName[];
  /** Roles that may start a run (admin is listed explicitly). */
  roles: readonly Role[];
  /** Whether runs are per `params.batch` (tiles then show the latest run of every batch). */
  batched: Batched;
  engine: CheckEngine<Doc>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tables: readonly ResultTable<Doc, any>[];
  /** Columns joined onto layers' tiles; a finished run refreshes exactly these layers' tiles. */
  tiles: Partial<Record<LayerName, (runs: ShownRuns) => TileJoin>>;
}

/** Any check or table, where the document's shape does not matter (registry-wide code). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SomeCheck = CheckDescriptor<string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SomeTable = ResultTable<any, any>;

/** Declares a check; `table` keeps each table's row type tied to its columns. */
export function defineCheck<Name extends string, Doc extends { params: CheckParams }, Batched extends boolean>(
  d: CheckDescriptor<Name, Doc, Batched>,
): CheckDescriptor<Name, Doc, Batched> {
  return d;
}

export function table<Doc, Row>(t: ResultTable<Doc, Row>): ResultTable<Doc, Row> {
  return t;
}
