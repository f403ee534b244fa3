// Nothing is lost silently: a dataset directory names the files it cannot place (and accepts
// <layer>.shp.zip and dataset.json "files"); an empty file does not empty a layer; a replaced or
// cleared version can be brought back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { placeLayerFiles } from '../../service/import/index.ts';
import { loadDataset, loadLayerFile } from '../../service/datasets/load.ts';
import { Store } from '../../service/store/index.ts';
import { ImportError } from '../../service/import/types.ts';

let dir: string;
let store: Store;
const ring = [[119.8, 28.9], [119.8001, 28.9], [119.8001, 28.9001], [119.8, 28.9001], [119.8, 28.9]];
const fc = (ids: string[], props: object = { recorded_on: '2020-01-01', status: 'pending' }) =>
  JSON.stringify({ type: 'FeatureCollection', features: ids.map((id) => ({ type: 'Feature', properties: { id, ...props }, geometry: { type: 'Polygon', coordinates: [ring] } })) });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gt-ds-'));
  store = await Store.open(':memory:');
  await writeFile(join(dir, 'ledger.shp.zip'), zipSync({ 'a.txt': new Uint8Array(1) }));
  await writeFile(join(dir, '违建台账.geojson'), fc(['P1', 'P2'], {}));
  await writeFile(join(dir, 'notes.md'), '# notes');
  await writeFile(join(dir, 'PLANTED.json'), '{"cases": []}');
  await writeFile(join(dir, 'mystery.geojson'), fc(['M1']));
  await writeFile(join(dir, 'rivers.gpkg'), 'SQLite format 3');
  await writeFile(join(dir, 'dataset.json'), JSON.stringify({ files: { '违建台账.geojson': 'permits' } }));
});
afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('dataset directories', () => {
  it('places <layer>.shp.zip and mapped names, and names what fits no layer', async () => {
    const { files, unplaced } = await placeLayerFiles(dir, { files: { '违建台账.geojson': 'permits' } });
    expect(files).toEqual([
      { layer: 'ledger', path: join(dir, 'ledger.shp.zip') },
      { layer: 'permits', path: join(dir, '违建台账.geojson') },
    ]);
    expect(unplaced.map((u) => u.file)).toEqual(['mystery.geojson', 'rivers.gpkg']);
    expect(unplaced[1].reason).toMatch(/cannot be read/);
  });

  it('refuses the whole directory by default, naming the files, and loads nothing', async () => {
    const err = await loadDataset(store, dir).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(/mystery\.geojson.*rivers\.gpkg/);
    expect((await store.layer('permits')).count).toBe(0);
  });

  it('loads the placed files when told to ignore the rest', async () => {
    const ds = await loadDataset(store, dir, { ignoreUnplaced: true });
    const permits = ds.layers.find((l) => l.layer === 'permits')!;
    expect(permits).toMatchObject({ committed: true, loaded: 2 });
    expect(ds.layers.find((l) => l.layer === 'ledger')!.committed).toBe(false);
  });

  it('refuses a "files" entry naming a missing file or an unknown layer', async () => {
    await expect(placeLayerFiles(dir, { files: { 'gone.geojson': 'ledger' } })).rejects.toThrow(/not in/);
  });
});

describe('layer versions', () => {
  it('refuses an empty file unless allowed, keeping the layer', async () => {
    const path = join(dir, 'empty.geojson');
    await writeFile(path, fc([]));
    const before = await store.layer('permits');
    const r = await loadLayerFile(store, path, { layer: 'permits' });
    expect(r.committed).toBe(false);
    expect(r.problems.at(-1)!.message).toMatch(/no features.*allow_empty/);
    expect(await store.layer('permits')).toMatchObject({ version: before.version, count: 2 });
    const ok = await loadLayerFile(store, path, { layer: 'permits', allowEmpty: true });
    expect(ok).toMatchObject({ committed: true, feature_count: 0 });
  });

  it('brings back an archived version as a new one, and audits it', async () => {
    const versions = await store.archivedVersions('permits');
    expect(versions[0]).toMatchObject({ version: 1, feature_count: 2 });
    const out = await store.restore('permits', 1, 'tester');
    expect(out).toMatchObject({ committed: true, featureCount: 2, version: 3 });
    const ids = (await store.query('permits', {})).map((f) => f.id).sort();
    expect(ids).toEqual(['P1', 'P2']);
    await expect(store.restore('permits', 99, 'tester')).rejects.toThrow(/no archived version 99/);
    const audit = await store.all(`SELECT action, target, actor, ip FROM audit_log WHERE target = 'permits' ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(['layer.load', 'layer.load_refused', 'layer.load']);
    expect(String(audit[0].actor)).toMatch(/^cli:/);
  });
});
