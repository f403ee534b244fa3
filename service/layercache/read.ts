// Reading one layer table into columns: a DuckDB chunk at a time, each property column read as a
// whole, WKB bytes decoded straight into the typed arrays (no GeoJSON objects on the way). Rows
// come in fid order, the order every other reader of the store uses, so feature indices agree.
import type { DuckDBBlobVector, DuckDBConnection } from '@duckdb/node-api';
import { LAYERS, type LayerName, type PropValue } from '../layers/schema.ts';
import { ident } from '../store/db.ts';
import { layerTable } from '../store/tables.ts';
import { ColumnarBuilder, type ColumnarLayer } from './columnar.ts';

/** The layer's version and its rows, read in one transaction so the two agree. */
export async function readColumnar(conn: DuckDBConnection, layer: LayerName): Promise<ColumnarLayer> {
  const def = LAYERS[layer];
  await conn.run('BEGIN TRANSACTION');
  try {
    const meta = await conn.runAndReadAll('SELECT version, feature_count FROM layer_meta WHERE name = ?', [layer]);
    const [version, count] = (meta.getRowsJS()[0] ?? [0, 0]) as [bigint | number, bigint | number];
    const props = def.props.map((p) =>
      p.type === 'date' ? `strftime(${ident(p.name)}, '%Y-%m-%d') AS ${ident(p.name)}` : ident(p.name),
    );
    // The WKB bytes bound the vertex count (16 bytes each), so the coordinate array is sized once.
    const sized = await conn.runAndReadAll(`SELECT coalesce(sum(octet_length(ST_AsWKB(geom))), 0) AS n FROM ${layerTable(layer)}`);
    const wkbBytes = Number(sized.getRowsJS()[0][0]);
    const builder = new ColumnarBuilder(layer, Number(version), def.props.map((p) => p.name), Number(count), wkbBytes);
    const result = await conn.stream(`SELECT fid, ${props.join(', ')}, ST_AsWKB(geom) AS wkb FROM ${layerTable(layer)} ORDER BY fid`);
    const wkbColumn = def.props.length + 1;
    const idColumn = 1 + def.props.findIndex((p) => p.name === def.idProp);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const fids = chunk.getColumnValues(0);
      let ids: unknown[] = [];
      for (let c = 0; c < def.props.length; c++) {
        const values = chunk.getColumnValues(c + 1);
        if (c + 1 === idColumn) ids = values; // decoded once, used twice
        const out = builder.props[def.props[c].name];
        for (let i = 0; i < n; i++) {
          const v = values[i];
          out.push(v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : (v as PropValue));
        }
      }
      const wkb = chunk.getColumnVector(wkbColumn) as DuckDBBlobVector;
      for (let i = 0; i < n; i++) {
        const id = ids[i];
        builder.ids.push(id === null || id === undefined ? '' : String(id));
        builder.fid.push(Number(fids[i]));
        const bytes = wkb.getItemBytes(i);
        if (!bytes) throw new Error(`${layer} feature fid ${String(fids[i])}: no geometry`);
        builder.addGeometry(bytes, fids[i]);
      }
    }
    await conn.run('COMMIT');
    return builder.finish();
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
