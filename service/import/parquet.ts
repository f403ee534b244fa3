// GeoParquet through a private in-memory DuckDB (core only: no spatial extension). The `geo`
// key-value metadata names the geometry column and its CRS (PROJJSON); rows come chunk by chunk
// with the geometry as WKB, decoded by the project's own WKB reader.
import { DuckDBInstance, DuckDBBlobValue, DuckDBDecimalValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { open } from 'node:fs/promises';
import { wkbToGeometry } from '../geo/wkb.ts';
import { ImportError, type RawFeature, type RawSource } from './types.ts';

const WKB_ALIAS = '__groundtruth_wkb';
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface GeoMetadata {
  primary_column?: string;
  columns?: Record<string, { encoding?: string; crs?: unknown }>;
}

/** A DuckDB value as the validation pipeline expects: JS scalars, dates as text. */
export function plainValue(v: DuckDBValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  if (v instanceof DuckDBBlobValue) return v.bytes;
  return String(v);
}

export interface ParquetLayout {
  geoColumn: string;
  /** The geometry column is plain BLOB (WKB) rather than GEOMETRY. */
  geometryIsBlob: boolean;
  declaredCrs: string | object | undefined;
  rowCount: number;
  /** Every column and its DuckDB type, in file order. */
  types: Map<string, string>;
}

/** The `geo` metadata, the columns and the row count of a GeoParquet file; ImportError when it does not read. */
export async function describeParquet(conn: DuckDBConnection, path: string, file: string): Promise<ParquetLayout> {
  try {
    const kv = await conn.runAndReadAll(
      `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(?) WHERE decode(key) = 'geo'`,
      [path],
    );
    const geo: GeoMetadata | null = kv.getRowObjects().length ? JSON.parse(String(kv.getRowObjects()[0].value)) : null;
    const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(?)`, [path])).getRowObjects();
    const types = new Map(described.map((r) => [String(r.column_name), String(r.column_type)]));
    const geoColumn =
      geo?.primary_column ?? [...types].find(([, t]) => t.startsWith('GEOMETRY'))?.[0] ?? [...types.keys()].find((n) => /^(geometry|geom|wkb)$/i.test(n));
    if (!geoColumn || !types.has(geoColumn)) throw new ImportError(file, `no geometry column found (columns: ${[...types.keys()].join(', ')})`);
    // GeoParquet: a missing "crs" means OGC:CRS84; an explicit null means unknown.
    const meta = geo?.columns?.[geoColumn];
    let declaredCrs: string | object | undefined;
    if (meta) declaredCrs = meta.crs === undefined ? 'OGC:CRS84' : meta.crs === null ? undefined : (meta.crs as string | object);
    const rowCount = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(?)`, [path])).getRowObjects()[0].n);
    return { geoColumn, geometryIsBlob: types.get(geoColumn) === 'BLOB', declaredCrs, rowCount, types };
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(file, `the Parquet file does not read: ${(err as Error).message}`);
  }
}

/** The geometry column as WKB in a SELECT list. */
export function wkbSql(layout: ParquetLayout): string {
  return layout.geometryIsBlob ? quoteIdent(layout.geoColumn) : `ST_AsWKB(${quoteIdent(layout.geoColumn)})`;
}

export async function hasParquetMagic(path: string): Promise<boolean> {
  const h = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await h.read(head, 0, 4, 0);
    return head.toString('latin1') === 'PAR1';
  } finally {
    await h.close();
  }
}

export async function parquetSource(path: string, file: string, totalBytes: number): Promise<RawSource> {
  if (totalBytes === 0) throw new ImportError(file, 'the file is empty');
  if (!(await hasParquetMagic(path))) throw new ImportError(file, 'not a Parquet file (no PAR1 header)');
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const conn = await instance.connect();
  const close = () => {
    conn.closeSync();
    instance.closeSync();
  };
  let geoColumn: string;
  let geometryIsBlob: boolean;
  let declaredCrs: string | object | undefined;
  let rowCount: number;
  try {
    ({ geoColumn, geometryIsBlob, declaredCrs, rowCount } = await describeParquet(conn, path, file));
  } catch (err) {
    close();
    throw err;
  }
  let rows = 0;
  async function* read(): AsyncGenerator<RawFeature[]> {
    try {
      const geomSql = geometryIsBlob ? quoteIdent(geoColumn) : `ST_AsWKB(${quoteIdent(geoColumn)})`;
      const result = await conn.stream(`SELECT * EXCLUDE (${quoteIdent(geoColumn)}), ${geomSql} AS ${WKB_ALIAS} FROM read_parquet(?)`, [path]);
      const names = result.columnNames();
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const columns = chunk.getColumns();
        const batch: RawFeature[] = [];
        for (let r = 0; r < chunk.rowCount; r++) {
          const props: Record<string, unknown> = {};
          let geometry: unknown = null;
          let geometryError: string | undefined;
          for (let c = 0; c < names.length; c++) {
            const v = columns[c][r];
            if (names[c] !== WKB_ALIAS) props[names[c]] = plainValue(v);
            else if (v instanceof DuckDBBlobValue) {
              try {
                geometry = wkbToGeometry(v.bytes);
              } catch (err) {
                geometryError = `geometry WKB does not decode: ${(err as Error).message}`;
              }
            }
          }
          rows++;
          batch.push({ geometry, props, geometryError });
        }
        yield batch;
      }
    } catch (err) {
      if (err instanceof ImportError) throw err;
      throw new ImportError(file, `the Parquet file does not read: ${(err as Error).message}`);
    } finally {
      close();
    }
  }
  return {
    format: 'geoparquet',
    declaredCrs,
    excelDates: false,
    windingIsRepair: false,
    totalBytes,
    bytesRead: () => (rowCount ? Math.round((rows / rowCount) * totalBytes) : 0),
    features: read(),
  };
}
