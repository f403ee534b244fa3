// Reading one county's layer from the PostgreSQL store into columns, as read.ts does from DuckDB:
// the version and the rows from one snapshot, rows in fid order a page at a time (keyset on the
// (county_code, fid) key), WKB decoded straight into the typed arrays.
import type pg from 'pg';
import { LAYERS, type LayerName, type PropValue } from '../layers/schema.ts';
import { Q, layerReads, selectFeatures } from '../store/pg/queries.ts';
import { ColumnarBuilder, type ColumnarLayer } from './columnar.ts';

const PAGE = 5000;

export async function readColumnarPg(client: pg.PoolClient | pg.Client, county: string, layer: LayerName): Promise<ColumnarLayer> {
  const def = LAYERS[layer];
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const meta = (await client.query(Q.metaOne.sql, [county, layer])).rows[0];
    if (!meta) throw new Error(`county ${county} has no layer ${layer}: is the county registered?`);
    const wkbBytes = (await client.query(layerReads(layer).wkbBytes.sql, [county])).rows[0].n as number;
    const builder = new ColumnarBuilder(layer, meta.version as number, def.props.map((p) => p.name), meta.feature_count as number, wkbBytes);
    let after = 0;
    for (;;) {
      const { sql, params } = selectFeatures(layer, { afterFid: after, limit: PAGE }, county);
      const { rows } = await client.query(sql, params);
      for (const r of rows) {
        for (const p of def.props) {
          const v = r[p.name];
          builder.props[p.name].push(v === null || v === undefined ? null : (v as PropValue));
        }
        const id = r[def.idProp];
        builder.ids.push(id === null || id === undefined ? '' : String(id));
        builder.fid.push(r.fid as number);
        if (!r.wkb) throw new Error(`${layer} feature fid ${String(r.fid)}: no geometry`);
        builder.addGeometry(r.wkb as Uint8Array, r.fid);
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].fid as number;
    }
    await client.query('COMMIT');
    return builder.finish();
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
