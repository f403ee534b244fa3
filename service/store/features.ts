// Reading features back out of a layer table: the SELECT list that turns columns into typed
// properties (dates as ISO strings) and WKB into GeoJSON, and the filters the API offers.
import type { DuckDBValue } from '@duckdb/node-api';
import type { Feature, Geometry } from 'geojson';
import { LAYERS, type LayerName, type PropValue } from '../layers/schema.ts';
import { wkbToGeometry } from '../geo/wkb.ts';
import { ident, type Database } from './db.ts';
import { layerTable } from './tables.ts';
import type { BBox } from '../geo/bbox.ts';

export interface StoredFeature {
  fid: number;
  id: string;
  props: Record<string, PropValue>;
  extra: Record<string, unknown>;
  geometry: Geometry;
  bbox: BBox;
}

export interface FeatureQuery {
  bbox?: BBox;
  /** Exact matches on schema properties (values compared as text, so `floors=3` works). */
  equals?: Record<string, string>;
  limit?: number;
  offset?: number;
  /** A condition already compiled to SQL with bound values (CQL2 filters); ANDed with the rest. */
  where?: { sql: string; params: DuckDBValue[] };
  /** Keyset paging: rows with fid above this only. */
  afterFid?: number;
}

export function selectList(layer: LayerName): string {
  const props = LAYERS[layer].props.map((p) =>
    p.type === 'date' ? `strftime(${ident(p.name)}, '%Y-%m-%d') AS ${ident(p.name)}` : ident(p.name),
  );
  return ['fid', ...props, 'CAST(extra AS VARCHAR) AS extra', 'ST_AsWKB(geom) AS wkb', 'xmin', 'ymin', 'xmax', 'ymax'].join(', ');
}

export function whereClause(layer: LayerName, q: FeatureQuery): { sql: string; params: DuckDBValue[] } {
  const parts: string[] = [];
  const params: DuckDBValue[] = [];
  if (q.bbox) {
    parts.push('xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?');
    params.push(q.bbox[0], q.bbox[2], q.bbox[1], q.bbox[3]);
  }
  const known = new Set(LAYERS[layer].props.map((p) => p.name));
  for (const [name, value] of Object.entries(q.equals ?? {})) {
    if (!known.has(name)) throw new Error(`unknown property "${name}" of layer ${layer}`);
    const prop = LAYERS[layer].props.find((p) => p.name === name)!;
    // Compare numbers as numbers so that `floors=3` matches 3.0; other values as text.
    if (prop.type === 'number' || prop.type === 'integer') {
      parts.push(`${ident(name)} = TRY_CAST(? AS DOUBLE)`);
    } else {
      parts.push(`CAST(${ident(name)} AS VARCHAR) = ?`);
    }
    params.push(value);
  }
  if (q.where) {
    parts.push(q.where.sql);
    params.push(...q.where.params);
  }
  if (q.afterFid !== undefined) {
    parts.push('fid > ?');
    params.push(q.afterFid);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function rowToFeature(layer: LayerName, row: Record<string, unknown>): StoredFeature {
  const def = LAYERS[layer];
  const props: Record<string, PropValue> = {};
  for (const p of def.props) {
    const v = row[p.name];
    props[p.name] = v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : (v as PropValue);
  }
  const wkb = row.wkb as Uint8Array;
  return {
    fid: Number(row.fid),
    id: String(props[def.idProp] ?? ''),
    props,
    extra: row.extra ? (JSON.parse(row.extra as string) as Record<string, unknown>) : {},
    geometry: wkbToGeometry(wkb),
    bbox: [row.xmin as number, row.ymin as number, row.xmax as number, row.ymax as number],
  };
}

export async function queryFeatures(db: Database, layer: LayerName, q: FeatureQuery): Promise<StoredFeature[]> {
  const where = whereClause(layer, q);
  const params = [...where.params];
  let sql = `SELECT ${selectList(layer)} FROM ${layerTable(layer)} ${where.sql} ORDER BY fid`;
  if (q.limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(q.limit);
  }
  if (q.offset) {
    sql += ' OFFSET ?';
    params.push(q.offset);
  }
  const rows = await db.all(sql, params);
  return rows.map((r) => rowToFeature(layer, r));
}

export async function countFeatures(db: Database, layer: LayerName, q: FeatureQuery): Promise<number> {
  const where = whereClause(layer, q);
  const rows = await db.all(`SELECT count(*) AS n FROM ${layerTable(layer)} ${where.sql}`, where.params);
  return Number(rows[0].n);
}

/** Streams a whole layer (optionally filtered) in fid order, a DuckDB chunk at a time. */
export async function* readLayer(db: Database, layer: LayerName, q: FeatureQuery = {}): AsyncGenerator<StoredFeature> {
  const where = whereClause(layer, q);
  const conn = await db.connect();
  try {
    const result = await conn.stream(`SELECT ${selectList(layer)} FROM ${layerTable(layer)} ${where.sql} ORDER BY fid`, where.params);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const names = result.columnNames();
      for (const row of chunk.getRowObjects(names)) {
        yield rowToFeature(layer, normaliseRow(row));
      }
    }
  } finally {
    conn.closeSync();
  }
}

// Chunk rows carry DuckDB value objects; turn the ones we read into plain JS values.
function normaliseRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v && typeof v === 'object' && 'bytes' in v) out[k] = (v as { bytes: Uint8Array }).bytes;
    else out[k] = v;
  }
  return out;
}

export function toGeoJSON(layer: LayerName, f: StoredFeature): Feature {
  return { type: 'Feature', id: f.id, geometry: f.geometry, properties: { ...f.extra, ...f.props } };
}
