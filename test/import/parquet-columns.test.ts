// GeoParquet loaded by column (DuckDB carries the attributes, JavaScript checks the geometry) must
// store what the feature-by-feature path stores and report the same problems: invalid rings,
// missing and untyped fields, duplicate ids, extra columns, a wrong or unknown CRS. Each fixture is
// written here from hand-made rows with DuckDB's own GeoParquet writer, loaded through
// loadLayerFile (the CLI's and the upload route's path) and through the row path on the same file,
// and compared row by row; the hand-computed expectations say what both must give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, blobValue, type DuckDBValue } from '@duckdb/node-api';
import type { Geometry } from 'geojson';
import { geometryToWkb } from '../../service/geo/wkb.ts';
import { loadLayerFile, type LoadResult } from '../../service/datasets/load.ts';
import { openLayerColumns, openLayerFile } from '../../service/import/index.ts';
import { Store } from '../../service/store/index.ts';
import type { LayerName } from '../../service/layers/schema.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gt-parquet-cols-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const square = (x: number, y: number, d = 0.0001): Geometry => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
});

/** Attribute values by column, and `geometry` (written as WKB). */
type Row = { geometry: Geometry | null; [column: string]: string | number | null | Geometry };

/** Writes rows as GeoParquet: columns typed as given (SQL types), geometry as WKB with `geo` metadata. */
async function writeParquet(name: string, columns: Record<string, string>, rows: Row[], crs?: unknown): Promise<string> {
  const path = join(dir, name);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const names = Object.keys(columns);
  await conn.run(`CREATE TABLE t (${names.map((n) => `"${n}" ${columns[n]}`).join(', ')}, geometry BLOB)`);
  for (const r of rows) {
    const values: DuckDBValue[] = names.map((n) => (r[n] ?? null) as DuckDBValue);
    values.push(r.geometry ? blobValue(geometryToWkb(r.geometry)) : null);
    await conn.run(`INSERT INTO t VALUES (${values.map(() => '?').join(', ')})`, values);
  }
  const geo = { version: '1.0.0', primary_column: 'geometry', columns: { geometry: { encoding: 'WKB', geometry_types: [], ...(crs === undefined ? {} : { crs }) } } };
  const meta = `KV_METADATA {geo: '${JSON.stringify(geo).replace(/'/g, "''")}'}`;
  await conn.run(`COPY t TO '${path}' (FORMAT parquet, ${meta})`);
  conn.closeSync();
  db.closeSync();
  return path;
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(join(mkdtempSync(join(dir, 'db-')), 'gt.duckdb'));
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

const ROW_SQL = (layer: LayerName) =>
  `SELECT * EXCLUDE (geom, extra), CAST(extra AS VARCHAR) AS extra, hex(ST_AsWKB(geom)) AS wkb FROM layer_${layer} ORDER BY fid`;

interface Outcome {
  result: LoadResult;
  rows: Record<string, unknown>[];
  meta: Record<string, unknown>;
}

/** Loads one file (the real path, by column for GeoParquet) or the same file row by row. */
async function load(path: string, layer: LayerName, rowByRow: boolean, extra: { crs?: string; allowRejects?: boolean; fieldMap?: Record<string, string> } = {}): Promise<Outcome> {
  return withStore(async (store) => {
    let result: LoadResult;
    if (!rowByRow) result = await loadLayerFile(store, path, { layer, label: 'fixture', ...extra });
    else {
      const opened = await openLayerFile(path, { layer, label: 'fixture', crs: extra.crs, fieldMap: extra.fieldMap });
      const outcome = await store.load(layer, opened.features, opened.report, { allowRejects: extra.allowRejects });
      result = { ...opened.report, committed: outcome.committed, version: outcome.version, feature_count: outcome.featureCount };
    }
    const rows = await store.all(ROW_SQL(layer));
    const [meta] = await store.all(`SELECT version, feature_count, xmin, ymin, xmax, ymax FROM layer_meta WHERE name = ?`, [layer]);
    return { result, rows, meta };
  });
}

/** A minimal PROJJSON naming an EPSG code (what GeoParquet metadata carries). */
const projjson = (code: number) => ({ type: 'ProjectedCRS', name: `EPSG ${code}`, id: { authority: 'EPSG', code } });

const FOOTPRINT_COLUMNS = { id: 'VARCHAR', use: 'VARCHAR', structure: 'VARCHAR', floors: 'DOUBLE', height_m: 'DOUBLE', note: 'VARCHAR' };

const bowtie: Geometry = { type: 'Polygon', coordinates: [[[119.7, 28.9], [119.701, 28.901], [119.701, 28.9], [119.7, 28.901], [119.7, 28.9]]] };
const clockwise: Geometry = { type: 'Polygon', coordinates: [[[119.71, 28.9], [119.71, 28.901], [119.711, 28.901], [119.711, 28.9], [119.71, 28.9]]] };
const unclosed: Geometry = { type: 'Polygon', coordinates: [[[119.72, 28.9], [119.721, 28.9], [119.721, 28.901], [119.72, 28.901]]] };
const line: Geometry = { type: 'LineString', coordinates: [[119.73, 28.9], [119.731, 28.9]] };

const footprintRows: Row[] = [
  { id: 'F1', use: 'residential', structure: 'brick', floors: 2, height_m: 6, note: null, geometry: square(119.74, 28.91) },
  { id: 'F2', use: '住宅', structure: 'Steel Frame', floors: 3, height_m: null, note: '门牌 12', geometry: bowtie },
  { id: ' F3 ', use: null, structure: '木', floors: null, height_m: 9.5, note: null, geometry: clockwise },
  { id: 'F4', use: 'unknown use', structure: null, floors: 1, height_m: 3, note: null, geometry: unclosed },
  { id: null, use: 'enterprise', structure: null, floors: 1, height_m: 3, note: null, geometry: square(119.75, 28.92) },
  { id: 'F1', use: 'enterprise', structure: null, floors: 1, height_m: 3, note: null, geometry: square(119.76, 28.93) },
  { id: 'F7', use: 'public', structure: null, floors: 1, height_m: 3, note: null, geometry: line },
  { id: 'F8', use: 'public', structure: null, floors: 1, height_m: 3, note: null, geometry: null },
  { id: '   ', use: 'public', structure: null, floors: 1, height_m: 3, note: null, geometry: square(119.77, 28.94) },
  { id: 'F10', use: 'other', structure: 'concrete', floors: 12, height_m: 40, note: 'x', geometry: square(119.745, 28.915) },
];

describe('GeoParquet by column', () => {
  it('takes the column path for a plain layer file, and the row path for patches', async () => {
    const path = await writeParquet('plain.parquet', FOOTPRINT_COLUMNS, footprintRows.slice(0, 1));
    expect(await openLayerColumns(path, { layer: 'footprints' })).not.toBeNull();
    expect(await openLayerColumns(path, { layer: 'patches' })).toBeNull();
    expect(await openLayerColumns(join(import.meta.dirname, 'in', 'repair.geojson'), { layer: 'footprints' })).toBeNull();
  });

  it('stores what the row path stores and reports the same problems: repairs, blanks, aliases, duplicates, wrong geometry', async () => {
    const path = await writeParquet('footprints.parquet', FOOTPRINT_COLUMNS, footprintRows);
    const columns = await load(path, 'footprints', false, { allowRejects: true });
    const rows = await load(path, 'footprints', true, { allowRejects: true });
    expect(columns.result).toEqual(rows.result);
    expect(columns.rows).toEqual(rows.rows);
    expect(columns.meta).toEqual(rows.meta);

    // By hand: features 4 (no id), 5 (F1 again), 6 (a line), 7 (no geometry) and 8 (blank id) are refused.
    expect(columns.result).toMatchObject({ committed: true, read: 10, loaded: 5, rejected: 5, format: 'geoparquet', crs: 'EPSG:4326' });
    expect(columns.result.problems.map((p) => [p.index, p.field])).toEqual([
      [4, 'id'],
      [5, 'id'],
      [6, 'geometry'],
      [7, 'geometry'],
      [8, 'id'],
    ]);
    expect(columns.result.problems[1].message).toBe('fixture: feature 5: duplicate id "F1": features 0 and 5');
    expect(columns.result.problems[2].message).toContain('geometry type "LineString" is not allowed in layer footprints');
    // The bow tie is split by JSTS and the open ring closed (repairs); a clockwise ring is rewound, which GeoParquet does not count.
    expect(columns.result.repaired).toBe(2);
    const byId = new Map(columns.rows.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(['F1', 'F10', 'F2', 'F3', 'F4']);
    expect(byId.get('F2')).toMatchObject({ use: 'residential', structure: 'steel_frame', extra: '{"note":"门牌 12"}' });
    expect(byId.get('F3')).toMatchObject({ structure: 'timber', floors: null, height_m: 9.5, extra: '{"note":null}' });
    expect(byId.get('F4')).toMatchObject({ use: 'unknown use' });
    expect(byId.get('F1')).toMatchObject({ xmin: 119.74, ymin: 28.91 });
  });

  it('refuses a file with rejects as a whole unless told, leaving the previous version', async () => {
    const path = await writeParquet('refused.parquet', FOOTPRINT_COLUMNS, footprintRows);
    const columns = await load(path, 'footprints', false);
    const rows = await load(path, 'footprints', true);
    expect(columns.result).toEqual(rows.result);
    expect(columns.result).toMatchObject({ committed: false, loaded: 0, rejected: 5, version: 0, feature_count: 0 });
    expect(columns.rows).toEqual([]);
  });

  it('types dates, required fields and strict enums like the row path (ledger)', async () => {
    const cols = { 编号: 'VARCHAR', recorded_on: 'VARCHAR', built_on: 'DATE', 状态: 'VARCHAR', floors: 'BIGINT', area_m2: 'VARCHAR' };
    const ledger: Row[] = [
      { 编号: 'L1', recorded_on: '2024-05-20', built_on: '2023-01-02', 状态: 'pending', floors: 2, area_m2: '120.5', geometry: square(119.8, 28.9) },
      { 编号: 'L2', recorded_on: '2024/3/5', built_on: null, 状态: '已拆除', floors: null, area_m2: null, geometry: square(119.81, 28.9) },
      { 编号: 'L3', recorded_on: '2024-02-30', built_on: null, 状态: 'pending', floors: 1, area_m2: null, geometry: square(119.82, 28.9) },
      { 编号: 'L4', recorded_on: null, built_on: null, 状态: '拆迁', floors: 1, area_m2: 'about 80', geometry: square(119.83, 28.9) },
    ];
    const path = await writeParquet('ledger.parquet', cols, ledger);
    const columns = await load(path, 'ledger', false, { allowRejects: true });
    const rows = await load(path, 'ledger', true, { allowRejects: true });
    expect(columns.result).toEqual(rows.result);
    expect(columns.rows).toEqual(rows.rows);
    expect(columns.result.problems.map((p) => [p.index, p.field])).toEqual([
      [2, 'recorded_on'],
      [3, 'recorded_on'],
      [3, 'status'],
      [3, 'area_m2'],
    ]);
    const byId = [...columns.rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(byId.map((r) => [r.id, (r.recorded_on as Date).toISOString().slice(0, 10), r.status, r.area_m2])).toEqual([
      ['L1', '2024-05-20', 'pending', 120.5],
      ['L2', '2024-03-05', 'demolished', null],
    ]);
  });

  it('converts a declared CRS and reports lon/lat under a metric declaration per feature', async () => {
    // EPSG:4549 (CGCS2000 / 3-degree GK CM 120E): metres; the second row is degrees, a wrong declaration.
    const rows: Row[] = [
      { id: 'P1', geometry: square(480000, 3200000, 10) },
      { id: 'P2', geometry: square(119.8, 28.9) },
    ];
    const path = await writeParquet('gk.parquet', { id: 'VARCHAR' }, rows, projjson(4549));
    const columns = await load(path, 'footprints', false, { allowRejects: true });
    const byRow = await load(path, 'footprints', true, { allowRejects: true });
    expect(columns.result).toEqual(byRow.result);
    expect(columns.rows).toEqual(byRow.rows);
    expect(columns.result).toMatchObject({ crs: 'EPSG:4549', loaded: 1, rejected: 1 });
    expect(columns.result.problems[0]).toMatchObject({ index: 1, field: 'geometry' });
    expect(columns.result.problems[0].message).toContain('looks like longitude/latitude');
    const x = columns.rows[0].xmin as number;
    expect(x).toBeGreaterThan(119.79);
    expect(x).toBeLessThan(119.8);
  });

  it('stops at projected coordinates with no CRS, naming file and feature, and keeps the previous version', async () => {
    const good = await writeParquet('good.parquet', { id: 'VARCHAR' }, [{ id: 'G1', geometry: square(119.8, 28.9) }]);
    const bad = await writeParquet('projected.parquet', { id: 'VARCHAR' }, [
      { id: 'Q1', geometry: square(119.8, 28.9) },
      { id: null, geometry: square(119.81, 28.9) },
      { id: 'Q3', geometry: square(480000, 3200000, 10) },
    ], null);
    await withStore(async (store) => {
      const first = await loadLayerFile(store, good, { layer: 'footprints' });
      expect(first).toMatchObject({ committed: true, version: 1 });
      const refused = await loadLayerFile(store, bad, { layer: 'footprints', label: 'fixture' });
      expect(refused).toMatchObject({ committed: false, version: 1, feature_count: 1, loaded: 0, read: 3 });
      expect(refused.problems.map((p) => [p.index, p.field ?? null])).toEqual([
        [1, 'id'],
        [2, null],
      ]);
      expect(refused.problems[1].message).toContain('fixture: coordinates are not longitude/latitude and no CRS is declared (feature 2');
      expect((await store.all(`SELECT id FROM layer_footprints`)).map((r) => r.id)).toEqual(['G1']);
    });
  });

  it('names the file for an unknown CRS', async () => {
    const path = await writeParquet('unknown-crs.parquet', { id: 'VARCHAR' }, [{ id: 'U1', geometry: square(119.8, 28.9) }], projjson(99999));
    const columns = await load(path, 'footprints', false);
    expect(columns.result.committed).toBe(false);
    expect(columns.result.problems).toHaveLength(1);
    expect(columns.result.problems[0].message).toMatch(/^fixture: .*99999/);
  });
});
