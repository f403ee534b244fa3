// Every accepted format, read from test/import/in/ and compared with test/import/out/<name>.json
// (coordinates rounded to 1e-7°). `REGEN=1 npx vitest run … test/import/` rewrites the expected files;
// the hand-computed checks below hold them to known values.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Point, Polygon } from 'geojson';
import type { LayerFeature, LayerName } from '../../service/layers/schema.ts';
import { OUT, importFixture, metresBetween } from './helpers.ts';

const round = (v: unknown): unknown =>
  typeof v === 'number' ? Math.round(v * 1e7) / 1e7 : Array.isArray(v) ? v.map(round) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)])) : v;

async function golden(name: string, layer: LayerName, crs?: string) {
  const result = await importFixture(name, { layer, crs });
  const actual = round(result) as object;
  const path = join(OUT, `${name}.json`);
  if (process.env.REGEN) writeFileSync(path, JSON.stringify(actual, null, 1) + '\n');
  expect(existsSync(path), `${path} is missing: run with REGEN=1`).toBe(true);
  expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
  return result;
}

const first = (fs: LayerFeature[]) => (fs[0].geometry as Polygon).coordinates[0][0];

describe('formats', () => {
  it('GeoJSON with a legacy crs member (EPSG:4549), Chinese columns and values', async () => {
    const { report, features } = await golden('ledger-4549.geojson', 'ledger');
    expect(report).toMatchObject({ format: 'geojson', crs: 'EPSG:4549', read: 2, loaded: 2, rejected: 0 });
    // The first corner is the known point: easting 515395.85, northing 3350055.01 = 120.16°E 30.27°N.
    expect(metresBetween(first(features), [120.16, 30.27])).toBeLessThan(0.01);
    expect(features[0].props).toMatchObject({ id: 'L-001', status: 'demolished', recorded_on: '2024-03-05', built_on: '2019-06-01', structure: 'concrete', use: 'residential', floors: 3 });
    expect(features[0].extra).toEqual({ 备注: '沿街' });
    expect(features[1].props).toMatchObject({ status: 'pending', structure: 'steel_frame', use: 'enterprise', height_m: 7.5 });
  });

  it('NDJSON patches: numeric ids become strings, the same id may repeat in another batch', async () => {
    const { report, features } = await golden('patches.ndjson', 'patches');
    expect(report).toMatchObject({ format: 'ndjson', loaded: 3, rejected: 0, batches: ['2024Q1', '2024Q2'] });
    expect(features.map((f) => f.props.id)).toEqual(['P1', '17', 'P1']);
    expect(features.map((f) => f.props.change_type)).toEqual(['construction', 'land_clearing', 'other text']);
    expect(features[1].props.detected_on).toBe('2024-03-21');
  });

  it('GeoParquet written by DuckDB', async () => {
    const { report, features } = await golden('stations.parquet', 'transfer_stations');
    expect(report).toMatchObject({ format: 'geoparquet', crs: 'EPSG:4326', loaded: 3 });
    expect((features[1].geometry as Point).coordinates).toEqual([120.21, 30.25]);
    expect(features[1].props).toMatchObject({ id: 'G2', name: '南站', capacity_tpd: 60, status: 'upgrading' });
    expect(features[0].extra).toEqual({ opened: '2020-05-01' });
  });

  it('zipped Shapefile: .prj EPSG:4549, GBK .dbf without .cpg, truncated field name', async () => {
    const { report, features } = await golden('ledger-4549-gbk.zip', 'ledger');
    expect(report).toMatchObject({ format: 'shapefile', crs: 'EPSG:4549', loaded: 2, repaired: 0 });
    expect(metresBetween(first(features), [120.16, 30.27])).toBeLessThan(0.01);
    expect(features[0].props).toMatchObject({ id: 'S-1', status: 'demolished', recorded_on: '2024-03-05', built_on: '2019-06-01', floors: 2, demolished_on: '2024-04-01', owner: '张三' });
    expect(features[1].props).toMatchObject({ status: 'retained', built_on: '2018-05-01', demolished_on: null, owner: '李四建材厂' });
    // Shapefile exteriors are clockwise; they come out counter-clockwise without counting as repairs.
    const ring = (features[0].geometry as Polygon).coordinates[0];
    expect(ring[1][0]).toBeGreaterThan(ring[0][0]);
  });

  it('CSV in GCJ-02 with 经度/纬度 comes back to WGS84 within 1 m', async () => {
    const { report, features } = await golden('stations-gcj02.csv', 'transfer_stations', 'GCJ02');
    expect(report).toMatchObject({ format: 'csv', crs: 'GCJ02', loaded: 2 });
    expect(metresBetween((features[0].geometry as Point).coordinates, [120.16, 30.27])).toBeLessThan(1);
    expect(metresBetween((features[1].geometry as Point).coordinates, [120.1, 30.25])).toBeLessThan(1);
    expect(features[1].props).toMatchObject({ name: '城西转运站', capacity_tpd: 80.5, status: 'planned' });
  });

  it('GBK CSV with WKT and an Excel serial date', async () => {
    const { report, features } = await golden('ledger-wkt-gbk.csv', 'ledger');
    expect(report).toMatchObject({ format: 'csv', loaded: 2 });
    expect(features[0].props).toMatchObject({ id: 'W1', status: 'permitted', recorded_on: '2023-03-15', use: 'commercial' });
    expect(features[1].geometry.type).toBe('MultiPolygon');
    expect(features[1].props.status).toBe('deferred');
  });

  it('reads every date form of docs/spec/layers.md', async () => {
    const { features } = await importFixture('dates.csv', { layer: 'patches' });
    expect(features.map((f) => f.props.before_on)).toEqual([
      '2024-03-05', '2024-03-05', '2024-03-05', '2024-03-05', '2024-03-05',
      '2024-03-01', '2024-03-01', '2024-03-01', '2024-03-01', '2024-03-05', null,
    ]);
  });

  it('repairs invalid polygons and counts them, never dropping a repairable one', async () => {
    const { report, features } = await golden('repair.geojson', 'footprints');
    expect(features.map((f) => f.props.id)).toEqual(['bowtie', 'unclosed', 'clockwise', 'repeated', 'valid']);
    expect(report.repaired).toBe(4);
    expect(features[0].geometry.type).toBe('MultiPolygon');
    expect(report.rejected).toBe(1);
    expect(report.problems[0]).toMatchObject({ index: 5, field: 'geometry' });
  });
});
