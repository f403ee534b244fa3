// Replacing a layer as one transaction. Features stream into a per-connection TEMP staging table
// through the appender (fast, and gone if the process dies) without holding the write lock, so a
// long upload does not hold up verdicts and field updates; only when the whole file has been read
// and accepted does the lock go round one transaction that swaps the layer table in and bumps its
// version. A failed or killed load therefore leaves the previous version whole. The replaced
// table is kept (renamed, not copied) as an archived version that `restore` can bring back; the
// newest few are kept. `patches` keep the batches the file does not contain. A file with no
// features is refused unless the caller says an empty layer is meant.
import { DuckDBDataChunk, blobValue, type DuckDBConnection, type DuckDBValue, DOUBLE, VARCHAR, BLOB, INTEGER } from '@duckdb/node-api';
import { LAYERS, type LayerFeature, type LayerName } from '../layers/schema.ts';
import { geometryToWkb } from '../geo/wkb.ts';
import { ident, type Database, type WriteLock } from './db.ts';
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
  /** Accept a file with no features as the new (empty) layer. */
  allowEmpty?: boolean;
  user?: string;
  onProgress?: (rowsStaged: number) => void;
}

export interface LoadOutcome {
  committed: boolean;
  version: number;
  featureCount: number;
}

/** The staging table's columns: source index, typed properties, extras, WKB, bbox and Hilbert key. */
export function stageColumns(layer: LayerName) {
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

/** The SELECT that turns staged rows (a table or a subquery with the stage columns) into layer rows (dates cast, WKB made GEOMETRY). */
function stagedAsLayerRows(layer: LayerName, from = 'temp.main.stage'): string {
  const out = layerColumns(layer)
    .filter((c) => c.name !== 'fid')
    .map((c) => {
      const prop = LAYERS[layer].props.find((p) => p.name === c.name);
      if (prop?.type === 'date') return `CAST(${ident(c.name)} AS DATE) AS ${ident(c.name)}`;
      if (c.name === 'extra') return `CAST(extra AS JSON) AS extra`;
      if (c.name === 'geom') return `ST_GeomFromWKB(wkb) AS geom`;
      return ident(c.name);
    });
  return `SELECT ${out.join(', ')}, src_index FROM ${from}`;
}

/** Archived versions kept per layer (older ones are dropped at the next swap). */
export const KEEP_VERSIONS = 5;

export const VERSIONS_SQL = [
  `CREATE TABLE IF NOT EXISTS layer_versions (
     layer VARCHAR NOT NULL, version BIGINT NOT NULL, table_name VARCHAR NOT NULL, feature_count BIGINT,
     archived_at TIMESTAMPTZ, source VARCHAR, updated_by VARCHAR, PRIMARY KEY (layer, version)
   )`,
];

export interface ArchivedVersion {
  layer: LayerName;
  version: number;
  feature_count: number;
  archived_at: string;
  source: string | null;
  updated_by: string | null;
}

/**
 * Inside the caller's transaction: builds the next layer table from `select`, renames the current
 * one to its archived name, puts the next one in its place, and drops archives past KEEP_VERSIONS.
 */
async function swapIn(conn: DuckDBConnection, layer: LayerName, select: string, params: DuckDBValue[]): Promise<void> {
  const table = layerTable(layer);
  const next = ident(`layer_${layer}__next`);
  const r = await conn.runAndReadAll('SELECT version, feature_count, source, updated_by FROM layer_meta WHERE name = ?', [layer]);
  const [version, count, source, by] = r.getRowsJS()[0] as [bigint, bigint, string | null, string | null];
  await conn.run(`DROP TABLE IF EXISTS ${next}`);
  await conn.run(`CREATE TABLE ${next} AS ${select}`, params);
  if (Number(version) > 0) {
    const archived = `layer_${layer}__v${Number(version)}`;
    await conn.run(`DROP TABLE IF EXISTS ${ident(archived)}`);
    await conn.run(`ALTER TABLE ${table} RENAME TO ${ident(archived)}`);
    await conn.run(
      `INSERT OR REPLACE INTO layer_versions VALUES (?, ?, ?, ?, now(), ?, ?)`,
      [layer, version, archived, count, source, by],
    );
    const old = await conn.runAndReadAll(
      `SELECT table_name FROM layer_versions WHERE layer = ? ORDER BY version DESC OFFSET ?`,
      [layer, KEEP_VERSIONS],
    );
    for (const [name] of old.getRowsJS() as [string][]) {
      await conn.run(`DROP TABLE IF EXISTS ${ident(name)}`);
      await conn.run('DELETE FROM layer_versions WHERE table_name = ?', [name]);
    }
  } else {
    await conn.run(`DROP TABLE ${table}`);
  }
  await conn.run(`ALTER TABLE ${next} RENAME TO ${ident(`layer_${layer}`)}`);
}

export async function replaceLayer(
  db: Database,
  lock: WriteLock,
  layer: LayerName,
  features: AsyncIterable<LayerFeature>,
  report: LoadReportLike,
  opts: LoadOptions = {},
): Promise<LoadOutcome> {
  return replaceLayerStaged(
    db,
    lock,
    layer,
    async (conn) => ({ ...(await stageFeatures(conn, layer, features, opts.onProgress)), from: 'temp.main.stage', temps: ['stage'] }),
    report,
    opts,
  );
}

/** What a stager leaves on the connection: rows with the stage columns, readable as `from`. */
export interface StagedRows {
  staged: number;
  batches: Set<string>;
  from: string;
  /** TEMP tables and views to drop afterwards. */
  temps: string[];
}

/**
 * Replaces a layer with rows a stager put in TEMP tables of the connection (outside the write
 * lock); the report is final when the stager returns.
 */
export async function replaceLayerStaged(
  db: Database,
  lock: WriteLock,
  layer: LayerName,
  stage: (conn: DuckDBConnection) => Promise<StagedRows>,
  report: LoadReportLike,
  opts: LoadOptions = {},
): Promise<LoadOutcome> {
  return db.with(async (conn) => {
    let temps = ['stage'];
    try {
      const staged = await stage(conn);
      temps = staged.temps;
      return await commitStaged(conn, lock, layer, staged, report, opts);
    } finally {
      for (const t of temps) {
        await conn.run(`DROP VIEW IF EXISTS temp.main.${ident(t)}`).catch(() => undefined);
        await conn.run(`DROP TABLE IF EXISTS temp.main.${ident(t)}`).catch(() => undefined);
      }
    }
  });
}

async function commitStaged(
  conn: DuckDBConnection,
  lock: WriteLock,
  layer: LayerName,
  { staged, batches, from }: StagedRows,
  report: LoadReportLike,
  opts: LoadOptions,
): Promise<LoadOutcome> {
  if (report.rejected > 0 && !opts.allowRejects) {
    report.loaded = 0;
    return { committed: false, ...(await currentMeta(conn, layer)) };
  }
  if (staged === 0 && !opts.allowEmpty) {
    report.loaded = 0;
    report.problems.push({
      file: report.file,
      index: null,
      message: `the file has no ${report.rejected ? 'valid ' : ''}features; loading it would empty the ${layer} layer. Send allow_empty=true (--allow-empty) if that is meant`,
    });
    return { committed: false, ...(await currentMeta(conn, layer)) };
  }
  const cols = layerColumns(layer).filter((c) => c.name !== 'fid').map((c) => ident(c.name)).join(', ');
  // Patches accumulate: rows of batches this file does not contain stay (in their old order, before
  // the file's rows where Hilbert keys tie).
  const kept =
    layer === 'patches' && batches.size
      ? `SELECT ${cols}, fid - 4000000000 AS src_index FROM ${layerTable(layer)} WHERE batch NOT IN (${[...batches].map(() => '?').join(', ')}) UNION ALL `
      : '';
  const outcome = await lock.run(async () => {
    await conn.run('BEGIN TRANSACTION');
    try {
      // Ties of the Hilbert key keep the file's order, so fids do not depend on how rows were staged.
      await swapIn(
        conn,
        layer,
        `SELECT CAST(row_number() OVER (ORDER BY hkey, src_index) AS BIGINT) AS fid, ${cols}
         FROM (${kept}${stagedAsLayerRows(layer, from)}) ORDER BY hkey, src_index`,
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
    return { committed: true, ...(await currentMeta(conn, layer)) };
  });
  report.loaded = report.read - report.rejected;
  if (layer === 'patches') report.batches = [...batches].sort();
  return outcome;
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

/** Empties a layer (a new version with no features); the emptied one stays restorable. */
export async function clearLayer(db: Database, layer: LayerName, user: string | null): Promise<LoadOutcome> {
  return db.transaction(async (conn) => {
    await swapIn(conn, layer, `SELECT * FROM ${layerTable(layer)} LIMIT 0`, []);
    await bumpVersion(conn, layer, user, 'cleared');
    return { committed: true, ...(await currentMeta(conn, layer)) };
  });
}

export async function archivedVersions(db: Database, layer?: LayerName): Promise<ArchivedVersion[]> {
  const rows = await db.all(
    `SELECT layer, version, feature_count, strftime(archived_at, '%Y-%m-%dT%H:%M:%SZ') AS archived_at, source, updated_by
     FROM layer_versions ${layer ? 'WHERE layer = ?' : ''} ORDER BY layer, version DESC`,
    layer ? [layer] : [],
  );
  return rows.map((r) => ({ ...(r as unknown as ArchivedVersion), version: Number(r.version), feature_count: Number(r.feature_count) }));
}

export class RestoreError extends Error {}

/** Makes an archived version the layer's content again, as a new version (the current one is archived). */
export async function restoreLayer(db: Database, layer: LayerName, version: number, user: string | null): Promise<LoadOutcome> {
  return db.transaction(async (conn) => {
    const r = await conn.runAndReadAll('SELECT table_name FROM layer_versions WHERE layer = ? AND version = ?', [layer, version]);
    const row = r.getRowsJS()[0] as [string] | undefined;
    if (!row) {
      const have = await conn.runAndReadAll('SELECT version FROM layer_versions WHERE layer = ? ORDER BY version', [layer]);
      const list = (have.getRowsJS() as [bigint][]).map(([v]) => Number(v));
      throw new RestoreError(`layer ${layer} has no archived version ${version}; archived: ${list.length ? list.join(', ') : 'none'}`);
    }
    await swapIn(conn, layer, `SELECT * FROM ${ident(row[0])}`, []);
    await bumpVersion(conn, layer, user, `restored version ${version}`);
    return { committed: true, ...(await currentMeta(conn, layer)) };
  });
}
