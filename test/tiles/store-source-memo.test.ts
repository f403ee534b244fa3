// StoreTileSource.info is asked for every layer of every tile request, so it is memoised until
// invalidate(); these tests count the store reads behind it with a stand-in store.
import { describe, expect, it } from 'vitest';
import { StoreTileSource } from '../../service/tilesource/duckdb-source.ts';
import type { Store } from '../../service/store/index.ts';

function fakeStore() {
  const state = { layerReads: 0, bbox: [119, 28, 120, 29] as [number, number, number, number], fail: false };
  const store = {
    async layer(name: string) {
      state.layerReads++;
      if (state.fail) throw new Error(`store down reading ${name}`);
      return { name, version: 1, bbox: state.bbox };
    },
    async versions() {
      return { footprints: 1 };
    },
    async all(sql: string) {
      return sql.includes('patch_verdicts') ? [{ v: 0 }] : [];
    },
  };
  return { state, source: new StoreTileSource(store as unknown as Store) };
}

describe('StoreTileSource.info memo', () => {
  it('reads the store once for repeated requests and again after invalidate', async () => {
    const { state, source } = fakeStore();
    const first = await source.info('footprints');
    const second = await source.info('footprints');
    expect(state.layerReads).toBe(1);
    expect(second).toBe(first);
    expect(first?.bounds).toEqual([119, 28, 120, 29]);
    expect(first?.maxzoom).toBe(16);

    state.bbox = [118, 27, 121, 30];
    source.invalidate();
    const third = await source.info('footprints');
    expect(state.layerReads).toBe(2);
    expect(third?.bounds).toEqual([118, 27, 121, 30]);
  });

  it('answers null for an unknown layer without reading the store', async () => {
    const { state, source } = fakeStore();
    expect(await source.info('no_such_layer')).toBeNull();
    expect(state.layerReads).toBe(0);
  });

  it('does not remember a failed read', async () => {
    const { state, source } = fakeStore();
    state.fail = true;
    await expect(source.info('footprints')).rejects.toThrow('store down reading footprints');
    state.fail = false;
    const info = await source.info('footprints');
    expect(state.layerReads).toBe(2);
    expect(info?.bounds).toEqual([119, 28, 120, 29]);
  });
});
