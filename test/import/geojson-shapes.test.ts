// GeoJSON documents other than a plain FeatureCollection, written to a temporary directory.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLayerFile, ImportError } from '../../service/import/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'gt-import-'));
async function load(name: string, doc: unknown, layer: 'footprints' | 'transfer_stations' = 'footprints') {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  const { report, features } = await openLayerFile(path, { layer });
  const out = [];
  for await (const f of features) out.push(f);
  return { report, features: out };
}
const square = { type: 'Polygon', coordinates: [[[120, 30], [120.001, 30], [120.001, 30.001], [120, 30.001], [120, 30]]] };

describe('GeoJSON shapes', () => {
  it('reads a lone Feature, taking a feature-level id when properties have none', async () => {
    const { features } = await load('one.geojson', { type: 'Feature', id: 42, properties: { use: '住宅' }, geometry: square });
    expect(features).toHaveLength(1);
    expect(features[0].props).toMatchObject({ id: '42', use: 'residential' });
  });

  it('reads an empty FeatureCollection as no features', async () => {
    const { report } = await load('none.geojson', { type: 'FeatureCollection', features: [] });
    expect(report).toMatchObject({ read: 0, loaded: 0 });
  });

  it('uses a crs member after the features when it arrives in the same read chunk', async () => {
    const gk = { type: 'Polygon', coordinates: [[[515395.85, 3350055.01], [515405, 3350055], [515405, 3350065], [515395.85, 3350055.01]]] };
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":${JSON.stringify(gk)}}],"crs":{"type":"name","properties":{"name":"EPSG:4549"}}}`;
    const { report, features } = await load('late-small.geojson', text);
    expect(report.crs).toBe('EPSG:4549');
    expect((features[0].geometry as { coordinates: number[][][] }).coordinates[0][0][0]).toBeCloseTo(120.16, 6);
  });

  it('refuses a projected crs member that comes after features already read', async () => {
    // Over 1 MB of lon/lat features, then a crs member: the features were read as lon/lat already.
    const features = Array.from({ length: 12000 }, (_, k) => ({ type: 'Feature', properties: { id: `f${k}` }, geometry: square }));
    const text = JSON.stringify({ type: 'FeatureCollection', features, crs: { type: 'name', properties: { name: 'EPSG:4549' } } });
    expect(text.length).toBeGreaterThan(1 << 20);
    await expect(load('late-big.geojson', text)).rejects.toThrow(/"crs" member \(EPSG:4549\) comes after the features/);
  });

  it('reads .json by extension and .ndjson content with another extension', async () => {
    const { report } = await load('x.json', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'a' }, geometry: square }] });
    expect(report).toMatchObject({ format: 'geojson', loaded: 1 });
    const line = JSON.stringify({ type: 'Feature', properties: { id: 'b' }, geometry: square });
    const nd = await load('x.txt', `${line}\n${line.replace('"b"', '"c"')}\n`);
    expect(nd.report).toMatchObject({ format: 'ndjson', loaded: 2 });
  });

  it('drops Z values and accepts MultiPolygon in a polygon layer', async () => {
    const { features } = await load('z.geojson', {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: 'z' }, geometry: { type: 'MultiPolygon', coordinates: [square.coordinates.map((r) => r.map(([x, y]) => [x, y, 12]))] } }],
    });
    expect((features[0].geometry as { coordinates: number[][][][] }).coordinates[0][0][0]).toEqual([120, 30]);
  });

  it('patches: a duplicate id within one batch is an error, across batches it is not', async () => {
    const f = (id: string, batch: string) => ({ type: 'Feature', properties: { id, batch, detected_on: '2024-01-01' }, geometry: square });
    const path = join(dir, 'p.geojson');
    writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features: [f('a', 'Q1'), f('a', 'Q2'), f('a', 'Q1')] }));
    const { report, features } = await openLayerFile(path, { layer: 'patches' });
    for await (const _ of features) void _;
    expect(report).toMatchObject({ loaded: 2, rejected: 1, batches: ['Q1', 'Q2'] });
    expect(report.problems[0].message).toContain('duplicate id "a" in batch "Q1": features 0 and 2');
  });

  it('rejects an empty geometry and reports progress at the end', async () => {
    const path = join(dir, 'e.geojson');
    writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'e' }, geometry: { type: 'Polygon', coordinates: [] } }] }));
    const calls: number[][] = [];
    const { report, features } = await openLayerFile(path, { layer: 'footprints', onProgress: (read, bytes, total) => calls.push([read, bytes, total]) });
    for await (const _ of features) void _;
    expect(report.problems[0].message).toContain('geometry is empty');
    const size = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'e' }, geometry: { type: 'Polygon', coordinates: [] } }] }).length;
    expect(calls.at(-1)).toEqual([1, size, size]);
  });
});

describe('GeoJSON shapes that are errors', () => {
  it.each([
    ['features is an object', { type: 'FeatureCollection', features: { a: 1 } }, /"features" is not an array/],
    ['root type unknown', { type: 'Topology', objects: {} }, /the root object's type is "Topology"/],
  ])('%s', async (_name, doc, message) => {
    await expect(load('bad-shape.geojson', doc)).rejects.toThrow(message);
  });
});
