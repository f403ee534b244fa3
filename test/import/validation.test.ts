// Bad input: feature problems are reported with file, index and property and the feature skipped;
// file problems throw ImportError naming the file.
import { describe, expect, it } from 'vitest';
import { importError, importFixture } from './helpers.ts';

describe('feature problems', () => {
  it('names file, feature index and property of a missing required property', async () => {
    const { report, features } = await importFixture('missing-required.geojson', { layer: 'ledger' });
    expect(features.map((f) => f.props.id)).toEqual(['M1']);
    expect(report).toMatchObject({ read: 3, loaded: 1, rejected: 2 });
    expect(report.problems).toEqual([
      { file: 'missing-required.geojson', index: 1, field: 'recorded_on', message: 'missing-required.geojson: feature 1: required property "recorded_on" is missing' },
      { file: 'missing-required.geojson', index: 2, field: 'id', message: 'missing-required.geojson: feature 2: required property "id" is missing' },
    ]);
  });

  it('reports a duplicate id naming both features', async () => {
    const { report } = await importFixture('duplicate-id.geojson', { layer: 'footprints' });
    expect(report.rejected).toBe(1);
    expect(report.problems[0]).toMatchObject({ index: 2, field: 'id' });
    expect(report.problems[0].message).toContain('features 0 and 2');
  });

  it('rejects an impossible date (2024-02-30) but not a leap day', async () => {
    const { report, features } = await importFixture('bad-date.geojson', { layer: 'ledger' });
    expect(features.map((f) => f.props.recorded_on)).toEqual(['2024-02-29']);
    expect(report.problems[0]).toMatchObject({ index: 0, field: 'recorded_on' });
    expect(report.problems[0].message).toContain('"2024-02-30"');
  });

  it('rejects a geometry type the layer does not take, and a null geometry', async () => {
    const { report } = await importFixture('wrong-geometry.geojson', { layer: 'ledger' });
    expect(report.rejected).toBe(2);
    expect(report.problems[0].message).toContain('geometry type "Point" is not allowed in layer ledger');
    expect(report.problems[1].message).toContain('geometry is missing');
  });

  it('checks positive numbers, strict enums, numbers and missing coordinates', async () => {
    const { report } = await importFixture('stations-bad.csv', { layer: 'transfer_stations' });
    expect(report.rejected).toBe(4);
    expect(report.problems.map((p) => [p.index, p.field])).toEqual([
      [0, 'capacity_tpd'],
      [1, 'status'],
      [2, 'capacity_tpd'],
      [3, 'geometry'],
    ]);
    expect(report.problems[1].message).toContain('"拆迁"');
  });

  it('an explicit field map wins over recognition', async () => {
    const { features } = await importFixture('stations-gcj02.csv', { layer: 'transfer_stations', crs: 'GCJ02', fieldMap: { 名称: 'status_note', 编号: 'id' } });
    expect(features[0].props.name).toBeNull();
    expect(features[0].extra).toEqual({ status_note: '城东转运站' });
  });
});

describe('file problems', () => {
  it('stops at projected coordinates with no CRS, naming the file and the feature', async () => {
    const err = await importError('projected-no-crs.geojson', { layer: 'footprints' });
    expect(err.message).toContain('projected-no-crs.geojson');
    expect(err.message).toContain('coordinates are not longitude/latitude and no CRS is declared');
    expect(err.problems[0]).toMatchObject({ file: 'projected-no-crs.geojson', index: 1 });
  });

  it('reads the same file when the CRS is declared by option', async () => {
    const { report } = await importFixture('projected-no-crs.geojson', { layer: 'footprints', crs: 'EPSG:4549' });
    // Feature 0 is lon/lat, so under EPSG:4549 it no longer converts: a feature problem, not fatal.
    expect(report).toMatchObject({ crs: 'EPSG:4549', loaded: 1, rejected: 1 });
  });

  it.each([
    ['unknown-crs.geojson', /unknown coordinate system "EPSG:3857"/],
    ['truncated.geojson', /truncated/],
    ['malformed.geojson', /malformed JSON in feature 1/],
    ['empty.geojson', /empty/],
    ['not-geojson.geojson', /not GeoJSON/],
    ['no-geometry-columns.csv', /no "wkt" column and no lon\/lat columns/],
    ['missing-dbf.zip', /no \.dbf part/],
    ['nonexistent.geojson', /cannot read the file/],
  ])('%s → ImportError naming the file', async (name, message) => {
    const err = await importError(name, { layer: 'footprints' });
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`${name}:`)).toBe(true);
  });

  it('an unknown explicit CRS is an ImportError too', async () => {
    const err = await importError('patches.ndjson', { layer: 'patches', crs: 'EPSG:9999' });
    expect(err.message).toContain('EPSG:9999');
  });

  it('uses the label in messages when given one (uploads)', async () => {
    const err = await importError('empty.geojson', { layer: 'footprints', label: 'upload.geojson' });
    expect(err.problems[0].file).toBe('upload.geojson');
  });
});

describe('option problems', () => {
  it('an unknown encoding is an ImportError naming it', async () => {
    const err = await importError('stations-gcj02.csv', { layer: 'transfer_stations', encoding: 'klingon-8' });
    expect(err.message).toContain('"klingon-8"');
  });

  it('a field map entry that names no property is an ImportError', async () => {
    const err = await importError('stations-gcj02.csv', { layer: 'transfer_stations', fieldMap: { 编号: 42 as unknown as string } });
    expect(err.message).toContain('field map entry "编号"');
  });
});
