// One page of items as a streamed GeoJSON FeatureCollection: DuckDB chunks are written as text as
// they arrive (geometry straight from the stored WKB, properties column by column), so a page of
// ten thousand footprints builds no feature objects. Pages follow each other by fid (keyset:
// `after=<last fid>` in the next link) instead of OFFSET, which would re-read every earlier row.
import type { DuckDBBlobVector, DuckDBValue } from '@duckdb/node-api';
import { LAYERS, type LayerName } from '../layers/schema.ts';
import type { Store } from '../store/index.ts';
import { ident } from '../store/db.ts';
import { whereClause, type FeatureQuery } from '../store/features.ts';
import { layerTable } from '../store/tables.ts';
import { wkbToGeometry } from '../geo/wkb.ts';
import { reprojectGeometry, type OgcCrs } from './crs.ts';
import { promoteGeometry, servedGeometryType } from './describe.ts';
import { wkbToGeoJsonText } from './wkb-json.ts';

export interface PageRequest {
  query: FeatureQuery;
  limit: number;
  offset: number;
  /** Rows with fid > after only (the keyset cursor of a next link). */
  after: number | null;
  crs: OgcCrs;
}

export interface PageEnd {
  returned: number;
  /** fid of the last feature written, when another page follows. */
  nextAfter: number | null;
}

const encoder = new TextEncoder();

/**
 * Streams `{"type":"FeatureCollection","features":[…]` then whatever `tail(end)` returns (the
 * members known only at the end: numberReturned, links) and the closing brace.
 */
export async function streamItems(store: Store, layer: LayerName, req: PageRequest, head: string, tail: (end: PageEnd) => string): Promise<ReadableStream<Uint8Array>> {
  const def = LAYERS[layer];
  const where = whereClause(layer, { ...req.query, afterFid: req.after ?? undefined });
  const params: DuckDBValue[] = [...where.params];
  const sql = where.sql;
  const cols = def.props.map((p) => (p.type === 'date' ? `strftime(${ident(p.name)}, '%Y-%m-%d') AS ${ident(p.name)}` : ident(p.name)));
  // One row more than the page tells whether a next page exists.
  const text = `SELECT fid, ${cols.join(', ')}, CAST(extra AS VARCHAR) AS extra, ST_AsWKB(geom) AS wkb FROM ${layerTable(layer)} ${sql} ORDER BY fid LIMIT ? OFFSET ?`;
  params.push(req.limit + 1, req.offset);
  const conn = await store.db.connect();
  let result;
  try {
    result = await conn.stream(text, params);
  } catch (err) {
    conn.closeSync();
    throw err;
  }
  const keys = def.props.map((p) => JSON.stringify(p.name));
  const idCol = 1 + def.props.findIndex((p) => p.name === def.idProp);
  const batchCol = layer === 'patches' ? 1 + def.props.findIndex((p) => p.name === 'batch') : -1;
  const extraCol = def.props.length + 1;
  const wkbCol = def.props.length + 2;
  const promotePolygon = servedGeometryType(layer) !== 'Point';
  const identity = req.crs.epsg === null;
  let written = 0;
  let lastFid = 0;
  let more = false;
  let started = false;
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    conn.closeSync();
    controller.enqueue(encoder.encode(`]${tail({ returned: written, nextAfter: more ? lastFid : null })}}`));
    controller.close();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`${head.slice(0, -1)},"features":[`));
        }
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) return finish(controller);
        const n = chunk.rowCount;
        const fids = chunk.getColumnValues(0);
        const values = def.props.map((_, c) => chunk.getColumnValues(c + 1));
        const extras = chunk.getColumnValues(extraCol);
        const wkb = chunk.getColumnVector(wkbCol) as DuckDBBlobVector;
        let s = '';
        for (let i = 0; i < n; i++) {
          if (written === req.limit) {
            more = true;
            break;
          }
          const idValue = values[idCol - 1][i];
          const id = batchCol > 0 ? `${String(values[batchCol - 1][i])}:${String(idValue ?? '')}` : String(idValue ?? '');
          const bytes = wkb.getItemBytes(i)!;
          const geometry = identity ? wkbToGeoJsonText(bytes, promotePolygon) : JSON.stringify(reprojectGeometry(promoteGeometry(layer, wkbToGeometry(bytes)), req.crs));
          s += `${written ? ',' : ''}{"type":"Feature","id":${JSON.stringify(id)},"geometry":${geometry},"properties":${properties(keys, values, i, extras[i] as string | null)}}`;
          written++;
          lastFid = Number(fids[i]);
        }
        controller.enqueue(encoder.encode(s));
        if (more) finish(controller);
      } catch (err) {
        conn.closeSync();
        controller.error(err);
      }
    },
    cancel() {
      conn.closeSync();
    },
  });
}

/** `{...extra, ...props}` as text; extra (rarely present) is merged as objects. */
function properties(keys: string[], values: unknown[][], i: number, extra: string | null): string {
  if (extra && extra !== '{}') {
    const merged: Record<string, unknown> = JSON.parse(extra);
    for (let c = 0; c < keys.length; c++) merged[JSON.parse(keys[c])] = plain(values[c][i]);
    return JSON.stringify(merged);
  }
  let s = '{';
  for (let c = 0; c < keys.length; c++) s += `${c ? ',' : ''}${keys[c]}:${JSON.stringify(plain(values[c][i]))}`;
  return s + '}';
}

function plain(v: unknown): unknown {
  return v === undefined ? null : typeof v === 'bigint' ? Number(v) : v;
}
