// GeoParquet loaded by column, on the store's own connection. DuckDB reads the attribute columns
// straight into a TEMP table (parquet-plan.ts says which values it can carry as they are); the
// importers' typing rules run in JavaScript only on rows it cannot; duplicate ids are found in SQL;
// and JavaScript reads the geometry column alone (plus any extra columns, kept as JSON text the way
// the row-by-row path writes them) to convert, check and repair it exactly as every reader does.
// The report and its problems come out as the row-by-row path gives them, in feature order.
import { DuckDBBlobValue, DuckDBDataChunk, DuckDBInstance, blobValue, type DuckDBConnection, type DuckDBValue, DOUBLE, INTEGER, VARCHAR, BLOB } from '@duckdb/node-api';
import { LAYERS, type LayerName, type PropDef } from '../layers/schema.ts';
import { geometryBBox } from '../geo/bbox.ts';
import { geometryToWkb, wkbToGeometry } from '../geo/wkb.ts';
import { hilbertKey } from '../store/hilbert.ts';
import type { StagedRows } from '../store/load.ts';
import { plainValue, quoteIdent, wkbSql, type ParquetLayout } from './parquet.ts';
import type { ParquetPlan } from './parquet-plan.ts';
import { checkGeometry } from './pipeline.ts';
import type { Projection } from './coordinates.ts';
import { PropTyper } from './props.ts';
import { ImportError, type ImportOptions, type ImportReport, type LoadProblem } from './types.ts';

const PROGRESS_EVERY = 10_000;
const CHUNK_ROWS = 2048;

/** A feature problem with its place among the feature's problems (geometry, properties, duplicate). */
interface Ranked {
  index: number;
  rank: number;
  seq: number;
  problem: LoadProblem;
}

export interface ColumnLoad {
  path: string;
  file: string;
  layer: LayerName;
  layout: ParquetLayout;
  plan: ParquetPlan;
  projection: Projection;
  opts: ImportOptions;
  report: ImportReport;
  totalBytes: number;
}

const ident = quoteIdent;

/** What the steps share: the load, its problems so far and its counts. */
interface State extends ColumnLoad {
  conn: DuckDBConnection;
  /** A private connection for streaming reads: the appender's flushes on `conn` would end a result streaming there. */
  reader: DuckDBConnection;
  ranked: Ranked[];
  badRows: Set<number>;
  read: number;
  staged: number;
  repaired: number;
}

const SOURCE = `read_parquet(?, file_row_number = true)`;
const stagedType = (d: PropDef) => (d.type === 'number' || d.type === 'integer' ? DOUBLE : VARCHAR);

function problem(st: State, index: number, rank: number, field: string | undefined, message: string): void {
  const { file } = st;
  st.ranked.push({ index, rank, seq: st.ranked.length, problem: { file, index, ...(field ? { field } : {}), message: `${file}: feature ${index}: ${message}` } });
  st.badRows.add(index);
}

function progress(st: State): void {
  st.opts.onProgress?.(st.read, st.layout.rowCount ? Math.round((st.read / st.layout.rowCount) * st.totalBytes) : 0, st.totalBytes);
}

export async function stageParquetColumns(conn: DuckDBConnection, load: ColumnLoad): Promise<StagedRows> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const reader = await instance.connect();
  const st: State = { ...load, conn, reader, ranked: [], badRows: new Set(), read: 0, staged: 0, repaired: 0 };
  try {
    try {
      await stageAttributes(st);
      await stageFixes(st);
      await findDuplicates(st);
      await stageGeometry(st);
    } finally {
      reader.closeSync();
      instance.closeSync();
    }
  } catch (err) {
    // A fatal error at feature k: the report tells what was found before it, as the row path does.
    if (err instanceof ImportError) {
      const k = err.problems[0]?.index ?? Infinity;
      finishReport(st.report, st.ranked.filter((p) => p.index < k), st.read, st.repaired);
      throw err;
    }
    throw new ImportError(st.file, `the Parquet file does not read: ${(err as Error).message}`);
  }
  finishReport(st.report, st.ranked, st.layout.rowCount, st.repaired);
  progress(st);
  await conn.run(
    `CREATE OR REPLACE TEMP VIEW stage_view AS SELECT a.*, g.extra, g.wkb, g.xmin, g.ymin, g.xmax, g.ymax, g.hkey
     FROM stage_attr a JOIN stage_geom g USING (src_index)`,
  );
  return { staged: st.staged, batches: new Set(), from: 'temp.main.stage_view', temps: ['stage_view', 'stage_attr', 'stage_fix', 'stage_geom'] };
}

/** 1. DuckDB carries every canonical value; `ok` marks the rows that need no typing. */
async function stageAttributes(st: State): Promise<void> {
  const values = st.plan.props.map((p) => `${p.value} AS ${ident(p.def.name)}`).join(', ');
  await st.conn.run(
    `CREATE OR REPLACE TEMP TABLE stage_attr AS SELECT CAST(file_row_number AS INTEGER) AS src_index, ${values}, ${st.plan.ok} AS ok FROM ${SOURCE}`,
    [st.path],
  );
}

/** 2. The other rows are typed by the importers' rules (none in a clean file) and written over. */
async function stageFixes(st: State): Promise<void> {
  const defs = LAYERS[st.layer].props;
  const propCols = defs.map((d) => ident(d.name));
  const sourced = st.plan.props.filter((p) => p.column !== null);
  const typer = new PropTyper(st.layer, st.opts.fieldMap, false);
  await st.conn.run(`CREATE OR REPLACE TEMP TABLE stage_fix AS SELECT src_index, ${propCols.join(', ')} FROM stage_attr LIMIT 0`);
  const [[pending]] = (await st.conn.runAndReadAll(`SELECT count(*) FROM stage_attr WHERE NOT ok`)).getRowsJS() as [[bigint]];
  if (Number(pending) === 0) return;
  const result = await st.reader.stream(
    `SELECT CAST(file_row_number AS INTEGER) AS i${sourced.map((p) => `, ${ident(p.column!)}`).join('')} FROM ${SOURCE}
     WHERE NOT (${st.plan.ok}) ORDER BY file_row_number`,
    [st.path],
  );
  const appender = await st.conn.createAppender('stage_fix', 'main', 'temp');
  let fixed = 0;
  try {
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const cols = chunk.getColumns();
      const out: DuckDBValue[][] = [[], ...defs.map(() => [])];
      for (let r = 0; r < chunk.rowCount; r++) {
        const index = Number(cols[0][r]);
        const raw: Record<string, unknown> = {};
        sourced.forEach((p, k) => (raw[p.column!] = plainValue(cols[k + 1][r])));
        const typed = typer.type(raw);
        for (const p of typed.problems) problem(st, index, 1, p.field, p.message);
        out[0].push(index);
        defs.forEach((d, k) => {
          const v = typed.props[d.name];
          out[k + 1].push(v === null || v === undefined ? null : d.type === 'number' || d.type === 'integer' ? Number(v) : String(v));
        });
      }
      const fix = DuckDBDataChunk.create([INTEGER, ...defs.map(stagedType)], out[0].length);
      fix.setColumns(out);
      appender.appendDataChunk(fix);
      fixed += chunk.rowCount;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  if (fixed) {
    await st.conn.run(
      `UPDATE stage_attr SET ${propCols.map((c) => `${c} = f.${c}`).join(', ')} FROM stage_fix f WHERE stage_attr.src_index = f.src_index`,
    );
  }
}

/** 3. Duplicate ids, each named with the feature that had the id first. */
async function findDuplicates(st: State): Promise<void> {
  const idProp = LAYERS[st.layer].idProp;
  const id = ident(idProp);
  const dups = await st.conn.runAndReadAll(
    // Ids seen more than once first (a hash aggregate), then the order within those few.
    `WITH repeated AS (SELECT ${id} AS id FROM stage_attr WHERE ${id} IS NOT NULL GROUP BY ${id} HAVING count(*) > 1)
     SELECT src_index, id, first FROM (
       SELECT a.src_index, r.id, min(a.src_index) OVER (PARTITION BY r.id) AS first FROM stage_attr a JOIN repeated r ON a.${id} = r.id)
     WHERE src_index > first ORDER BY src_index`,
  );
  for (const [index, value, first] of dups.getRowsJS() as [number, string, number][]) {
    problem(st, index, 2, idProp, `duplicate ${idProp} ${JSON.stringify(value)}: features ${first} and ${index}`);
  }
}

/** 4. Geometry (and extras) checked in JavaScript; accepted rows are staged by the appender. */
async function stageGeometry(st: State): Promise<void> {
  const { conn, plan } = st;
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE stage_geom (src_index INTEGER, extra VARCHAR, wkb BLOB, xmin DOUBLE, ymin DOUBLE, xmax DOUBLE, ymax DOUBLE, hkey DOUBLE)`,
  );
  const types = [INTEGER, VARCHAR, BLOB, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE];
  const columns: DuckDBValue[][] = types.map(() => []);
  const appender = await conn.createAppender('stage_geom', 'main', 'temp');
  const flush = () => {
    if (columns[0].length === 0) return;
    const chunk = DuckDBDataChunk.create(types, columns[0].length);
    chunk.setColumns(columns);
    appender.appendDataChunk(chunk);
    for (const c of columns) c.length = 0;
  };
  try {
    const result = await st.reader.stream(
      `SELECT CAST(file_row_number AS INTEGER) AS i, ${wkbSql(st.layout)} AS wkb${plan.extras.map((e) => `, ${ident(e.column)}`).join('')} FROM ${SOURCE}`,
      [st.path],
    );
    const ctx = { file: st.file, layer: st.layer, index: 0, projection: st.projection, windingIsRepair: false };
    let failed = false;
    const onProblem = (field: string | undefined, message: string) => {
      failed = true;
      problem(st, ctx.index, 0, field, message);
    };
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const cols = chunk.getColumns();
      for (let r = 0; r < chunk.rowCount; r++) {
        const index = Number(cols[0][r]);
        ctx.index = index;
        st.read++;
        if (st.read % PROGRESS_EVERY === 0) progress(st);
        const v = cols[1][r];
        let raw: unknown = null;
        let geometryError: string | undefined;
        if (v instanceof DuckDBBlobValue) {
          try {
            raw = wkbToGeometry(v.bytes);
          } catch (err) {
            geometryError = `geometry WKB does not decode: ${(err as Error).message}`;
          }
        }
        failed = false;
        const checked = checkGeometry(raw, geometryError, ctx, onProblem);
        if (failed || !checked.geometry || st.badRows.has(index)) continue;
        if (checked.repaired) st.repaired++;
        let extra: string | null = null;
        if (plan.extras.length) {
          const o: Record<string, unknown> = {};
          plan.extras.forEach((e, k) => (o[e.name] = plainValue(cols[k + 2][r])));
          extra = JSON.stringify(o);
        }
        const b = geometryBBox(checked.geometry);
        columns[0].push(index);
        columns[1].push(extra);
        columns[2].push(blobValue(geometryToWkb(checked.geometry)));
        columns[3].push(b[0]);
        columns[4].push(b[1]);
        columns[5].push(b[2]);
        columns[6].push(b[3]);
        columns[7].push(hilbertKey((b[0] + b[2]) / 2, (b[1] + b[3]) / 2));
        st.staged++;
        if (columns[0].length === CHUNK_ROWS) flush();
      }
    }
    flush();
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  if (st.read !== st.layout.rowCount) throw new Error(`read ${st.read} of ${st.layout.rowCount} rows`);
}

function finishReport(report: ImportReport, ranked: Ranked[], read: number, repaired: number): void {
  ranked.sort((a, b) => a.index - b.index || a.rank - b.rank || a.seq - b.seq);
  report.problems.push(...ranked.map((r) => r.problem));
  report.read = read;
  report.rejected = new Set(ranked.map((r) => r.index)).size;
  report.repaired = repaired;
  report.loaded = read - report.rejected;
}
