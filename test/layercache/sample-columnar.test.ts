// The service's check path (layers as cached columns, prepared geometry) gives on the sample
// county the very documents the GeoJSON path gives, and finds every planted case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Store } from '../../service/store/index.ts';
import { loadDataset } from '../../service/datasets/load.ts';
import { loadCheckData } from '../../service/runs/data.ts';
import { runEngine } from '../../service/runs/engine.ts';
import { CHECKS, checkOf } from '../../service/checks/registry/index.ts';
import { LayerCache } from '../../service/layercache/cache.ts';
import { computeInline } from '../../service/layercache/pool.ts';
import { resolveParams, type CheckParams } from '../../service/checks/index.ts';
import { verifyPlanted, type Documents, type PlantedCase } from '../checks/planted.ts';

const SAMPLE = new URL('../../data/sample/', import.meta.url);
const cases = (JSON.parse(readFileSync(new URL('PLANTED.json', SAMPLE), 'utf8')) as { cases: PlantedCase[] }).cases;

let store: Store;
let params: CheckParams;
const viaColumns: Documents = {};

beforeAll(async () => {
  store = await Store.open(':memory:');
  await loadDataset(store, SAMPLE.pathname);
  params = resolveParams((await store.datasetParams()) as never);
  const cache = new LayerCache(store);
  for (const check of CHECKS) {
    const cols = await cache.getAll(checkOf(check).layers);
    viaColumns[check] = computeInline(check, cols, params, () => undefined) as never;
  }
}, 600_000);
afterAll(() => store?.close());

describe('checks over cached columns', () => {
  it.each(CHECKS)('%s gives the same document as over GeoJSON features', async (check) => {
    const viaGeoJSON = runEngine(check, await loadCheckData(store, check), params);
    expect(viaColumns[check]).toEqual(viaGeoJSON);
  });

  it('finds every planted case', () => {
    const { checked, failures } = verifyPlanted(cases, viaColumns);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});
