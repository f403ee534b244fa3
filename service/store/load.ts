// Replacing a layer as one transaction. Features stream into a per-connection TEMP staging table
// through the appender (fast, and gone if the process dies), and only when the whole file has been
// read and accepted does one transaction swap the layer table and bump its version. A failed or
// killed load therefore leaves the previous version whole. `patches` keep the batches the file
// does not contain.
import { DuckDBDataChunk, blobValue, type DuckDBConnection, type DuckDBValue, DOUBLE, VARCHAR, BLOB, INTEGER } from '@duckdb/node-api';
import { LAYERS, type LayerFeature, type LayerName } from '../layers/schema.ts';
import { geometryToWkb } from '../geo/wkb.ts';
import { ident, type Database } from './db.ts';
import { layerTable, layerColumns } from './tables.ts';
import { geometryBBox } from '../geo/bbox.ts';
import { hilbertKey } from './hilbert.ts';

const CHUNK_ROWS = 2048;

/** What the store needs to know of an import report; the importers' report satisfies it. */
export interface LoadReportLike {
  file: string;
  layer: LayerName;
  read: number;
  loaded: number;
  rejected: number;
  repaired: number;
  problems: { file: string; index: number | null; field?: string; message: string }[];
  batches?: string[];
}

export interface LoadOptions {
  allowRejects?: boolean;
  user?: string;
  onProgress?: (rowsStaged: number) => void;
}

export interface LoadOutcome {
  committed: boolean;
  version: number;
  featureCount: number;
}

function stageColumns(layer: LayerName) {
  return [
    { name: 'src_index', type: INTEGER, sql: 'INTEGER' },
    ...LAYERS[layer].props.map((p) =>
      p.type === 'number' || p.type === 'integer'
        ? { name: p.name, type: DOUBLE, sql: 'DOUBLE' }
        : { name: p.name, type: VARCHAR, sql: 'VARCHAR' },
    ),
    { name: 'extra', type: VARCHAR, sql: 'VARCHAR' },
    { name: 'wkb', type: BLOB, sql: 'BLOB' },
    { name: 'xmin', type: DOUBLE, sql: 'DOUBLE' },
    { name: 'ymin', type: DOUBLE, sql: 'DOUBLE' },
    { name: 'xmax', type: DOUBLE, sql: 'DOUBLE' },
    { name: 'ymax', type: DOUBLE, sql: 'DOUBLE' },
    { name: 'hkey', type: DOUBLE, sql: 'DOUBLE' },
  ];
}

async function stageFeatures(
  conn: DuckDBConnection,
  layer: LayerName,
  features: AsyncIterable<LayerFeature>,
  onProgress?: (n: number) => void,
): Promise<{ staged: number; batches: Set<string> }> {
  const cols = stageColumns(layer);
  await conn.run(`CREATE OR REPLACE TEMP TABLE stage (${cols.map((c) => `${ident(c.name)} ${c.sql}`).join(', ')})`);
  const appender = await conn.createAppender('stage', 'main', 'temp');
  const props = LAYERS[layer].props;
  const columns: DuckDBValue[][] = cols.map(() => []);
  const batches = new Set<string>();
  let staged = 0;
  const flush = () => {
    if (columns[0].length === 0) return;
    const chunk = DuckDBDataChunk.create(
      cols.map((c) => c.type),
      columns[0].length,
    );
    chunk.setColumns(columns);
    appender.appendDataChunk(chunk);
    for (const c of columns) c.length = 0;
  };
  try {
    for await (const f of features) {
      const b = geometryBBox(f.geometry);
      let i = 0;
      columns[i++].push(f.index);
      for (const p of props) {
        const v = f.props[p.name];
        columns[i++].push(v === undefined || v === null ? null : p.type === 'number' || p.type === 'integer' ? Number(v) : String(v));
      }
      if (layer === 'patches') batches.add(String(f.props.batch));
      columns[i++].push(Object.keys(f.extra).length ? JSON.stringify(f.extra) : null);
      columns[i++].push(blobValue(geometryToWkb(f.geometry)));
      columns[i++].push(b[0]);
      columns[i++].push(b[1]);
      columns[i++].push(b[2]);
      columns[i++].push(b[3]);
      columns[i++].push(hilbertKey((b[0] + b[2]) / 2, (b[1] + b[3]) / 2));
      staged++;
      if (columns[0].length === CHUNK_ROWS) {
        flush();
        onProgress?.(staged);
      }
    }
    flush();
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return { staged, batches };
}

/** The SELECT that turns staged rows into layer rows (dates cast, WKB made GEOMETRY). */
function stagedAsLayerRows(layer: LayerName): string {
  const out = layerColumns(layer)
    .filter((c) => c.name !== 'fid')
    .map((c) => {
      const prop = LAYERS[layer].props.find((p) => p.name === c.name);
      if (prop?.type === 'date') return `CAST(${ident(c.name)} AS DATE) AS ${ident(c.name)}`;
      if (c.name === 'extra') return `CAST(extra AS JSON) AS extra`;
      if (c.name === 'geom') return `ST_GeomFromWKB(wkb) AS geom`;
      return ident(c.name);
    });
  return `SELECT ${out.join(', ')} FROM temp.main.stage`;
}

export async function replaceLayer(
  db: Database,
  layer: LayerName,
  features: AsyncIterable<LayerFeature>,
  report: LoadReportLike,
  opts: LoadOptions = {},
): Promise<LoadOutcome> {
  return db.with(async (conn) => {
    const { batches } = await stageFeatures(conn, layer, features, opts.onProgress);
    try {
      if (report.rejected > 0 && !opts.allowRejects) {
        report.loaded = 0;
        const meta = await currentMeta(conn, layer);
        return { committed: false, ...meta };
      }
      const table = layerTable(layer);
      const cols = layerColumns(layer).filter((c) => c.name !== 'fid').map((c) => ident(c.name)).join(', ');
      // Patches accumulate: rows of batches this file does not contain stay.
      const kept =
        layer === 'patches' && batches.size
          ? `SELECT ${cols} FROM ${table} WHERE batch NOT IN (${[...batches].map(() => '?').join(', ')}) UNION ALL `
          : '';
      await conn.run('BEGIN TRANSACTION');
      try {
        await conn.run(
          `CREATE OR REPLACE TABLE ${table} AS
             SELECT CAST(row_number() OVER (ORDER BY hkey) AS BIGINT) AS fid, ${cols}
             FROM (${kept}${stagedAsLayerRows(layer)}) ORDER BY hkey`,
          [...batches],
        );
        await bumpVersion(conn, layer, opts.user ?? null, report.file);
        await conn.run(
          `INSERT INTO load_log VALUES (nextval('load_log_seq'), ?, now(), ?, CAST(? AS JSON))`,
          [layer, opts.user ?? null, JSON.stringify({ ...report, problems: report.problems.slice(0, 1000) })],
        );
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
      report.loaded = report.read - report.rejected;
      if (layer === 'patches') report.batches = [...batches].sort();
      return { committed: true, ...(await currentMeta(conn, layer)) };
    } finally {
      await conn.run('DROP TABLE IF EXISTS temp.main.stage');
    }
  });
}

export async function bumpVersion(conn: DuckDBConnection, layer: LayerName, user: string | null, source: string | null) {
  const table = layerTable(layer);
  await conn.run(
    `UPDATE layer_meta SET version = version + 1,
       feature_count = (SELECT count(*) FROM ${table}),
       xmin = (SELECT min(xmin) FROM ${table}), ymin = (SELECT min(ymin) FROM ${table}),
       xmax = (SELECT max(xmax) FROM ${table}), ymax = (SELECT max(ymax) FROM ${table}),
       updated_at = now(), updated_by = ?, source = ?
     WHERE name = ?`,
    [user, source, layer],
  );
}

async function currentMeta(conn: DuckDBConnection, layer: LayerName): Promise<{ version: number; featureCount: number }> {
  const r = await conn.runAndReadAll('SELECT version, feature_count FROM layer_meta WHERE name = ?', [layer]);
  const [version, count] = r.getRowsJS()[0] as [bigint, bigint];
  return { version: Number(version), featureCount: Number(count) };
}

/** Empties a layer (a new version with no features). */
export async function clearLayer(db: Database, layer: LayerName, user: string | null): Promise<LoadOutcome> {
  return db.transaction(async (conn) => {
    await conn.run(`DELETE FROM ${layerTable(layer)}`);
    await bumpVersion(conn, layer, user, null);
    return { committed: true, ...(await currentMeta(conn, layer)) };
  });
}
