// The result tables' DDL and their appender column types, derived from the descriptors.
import { BIGINT, BOOLEAN, DOUBLE, INTEGER, LIST, VARCHAR, listValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { ident } from '../../store/db.ts';
import type { ColumnType, SomeTable } from './types.ts';

const SQL_TYPES: Record<ColumnType, string> = {
  text: 'VARCHAR',
  double: 'DOUBLE',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  'text[]': 'VARCHAR[]',
};

const APPENDER_TYPES: Record<ColumnType, DuckDBType> = {
  text: VARCHAR,
  double: DOUBLE,
  integer: INTEGER,
  boolean: BOOLEAN,
  'text[]': LIST(VARCHAR),
};

export const resultTableName = (t: SomeTable) => `result_${t.sqlName}`;

export function resultTableDdl(t: SomeTable): string {
  const columns = t.columns.map(([name, type]) => `${ident(name)} ${SQL_TYPES[type]}`);
  return `CREATE TABLE IF NOT EXISTS ${ident(resultTableName(t))} (run_id BIGINT, ${columns.join(', ')})`;
}

/** The appender's column types: run_id, then the declared columns. */
export function appenderTypes(t: SomeTable): DuckDBType[] {
  return [BIGINT, ...t.columns.map(([, type]) => APPENDER_TYPES[type])];
}

/** One row as appender values: absent fields are null, lists become DuckDB lists. */
export function appenderRow(t: SomeTable, runId: bigint, row: Record<string, unknown>): DuckDBValue[] {
  return [
    runId,
    ...t.columns.map(([name, type]) => {
      const v = row[name];
      if (v === undefined || v === null) return null;
      return type === 'text[]' ? listValue(v as string[]) : (v as DuckDBValue);
    }),
  ];
}
