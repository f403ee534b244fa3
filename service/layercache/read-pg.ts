// Reading one county's layer from the PostgreSQL store into columns, as read.ts does from DuckDB:
// the version and the rows from one snapshot, the rows in fid order by one keyed statement sent
// as COPY … TO STDOUT (FORMAT binary) and parsed as they stream in (numbers as float8, WKB as
// raw bytes, decoded straight into the typed arrays). The text protocol's pages (bytea as hex,
// every number as text, a result object per row) took five times as long.
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { LAYERS, type LayerName, type PropValue } from '../layers/schema.ts';
import { Q, layerReads } from '../store/pg/queries.ts';
import { checkCountyCode } from '../store/pg/county.ts';
import { ColumnarBuilder, type ColumnarLayer } from './columnar.ts';
import { CopyBinaryParser } from './copy-binary.ts';

/** COPY takes no parameters: the catalog's SELECT with the checked county code as a literal for $1. */
function copyStatement(select: string, county: string): string {
  const code = checkCountyCode(county); // six digits, nothing else reaches the SQL
  return `COPY (${select.replace(/\$1(?!\d)/g, `'${code}'`)}) TO STDOUT (FORMAT binary)`;
}

export async function readColumnarPg(client: pg.PoolClient | pg.Client, county: string, layer: LayerName): Promise<ColumnarLayer> {
  const def = LAYERS[layer];
  const reads = layerReads(layer);
  const copy = copyStatement(reads.columns.sql, county);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const meta = (await client.query(Q.metaOne.sql, [county, layer])).rows[0];
    if (!meta) throw new Error(`county ${county} has no layer ${layer}: is the county registered?`);
    const wkbBytes = (await client.query(reads.wkbBytes.sql, [county])).rows[0].n as number;
    const builder = new ColumnarBuilder(layer, meta.version as number, def.props.map((p) => p.name), meta.feature_count as number, wkbBytes);
    const nProps = def.props.length;
    const numeric = def.props.map((p) => p.type === 'number' || p.type === 'integer');
    const columns = def.props.map((p) => builder.props[p.name]);
    const idColumn = def.props.findIndex((p) => p.name === def.idProp);
    const wkbField = nProps + 1;
    const parser = new CopyBinaryParser(nProps + 2, (buf, start, len) => {
      const fid = buf.readDoubleBE(start[0]);
      let id: PropValue = null;
      for (let c = 0; c < nProps; c++) {
        const f = c + 1;
        const l = len[f];
        const v: PropValue = l < 0 ? null : numeric[c] ? buf.readDoubleBE(start[f]) : buf.toString('utf8', start[f], start[f] + l);
        columns[c].push(v);
        if (c === idColumn) id = v;
      }
      builder.ids.push(id === null ? '' : String(id));
      builder.fid.push(fid);
      if (len[wkbField] < 0) throw new Error(`${layer} feature fid ${fid}: no geometry`);
      builder.addGeometry(buf.subarray(start[wkbField], start[wkbField] + len[wkbField]), fid);
    });
    // A row the parser refuses ends the read, but the stream is read to its end first so that
    // the connection leaves COPY mode and can roll back.
    let failed: unknown = null;
    for await (const chunk of client.query(copyTo(copy))) {
      if (failed) continue;
      try {
        parser.push(chunk as Buffer);
      } catch (err) {
        failed = err;
      }
    }
    if (failed) throw failed;
    parser.end();
    await client.query('COMMIT');
    return builder.finish();
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
