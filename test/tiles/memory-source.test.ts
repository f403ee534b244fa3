import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../service/tiles/index.ts';

const square = (id: number, lon: number, lat: number) => ({
  id,
  geometry: { type: 'Polygon' as const, coordinates: [[[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]] },
  properties: { n: id, name: `s${id}`, ok: id % 2 === 0, empty: null },
});

describe('MemorySource', () => {
  it('returns features whose bbox meets the query, in input order', async () => {
    const source = new MemorySource();
    source.setLayer('s', [square(1, 10, 10), square(2, 0, 0), square(3, 5, 5), square(4, 0.5, 0.5)]);
    expect((await source.features('s', [0, 0, 5, 5])).map((f) => f.id)).toEqual([2, 3, 4]); // 3 touches at 5,5
    expect(await source.features('s', [20, 20, 30, 30])).toEqual([]);
  });

  it('infers fields and bounds, and changes the version on every setLayer', async () => {
    const source = new MemorySource();
    source.setLayer('s', [square(1, 10, 10), square(2, 0, 0)], { maxzoom: 14 });
    const v1 = await source.version('s');
    expect(await source.info('s')).toEqual({
      name: 's',
      fields: { n: 'Number', name: 'String', ok: 'Boolean' },
      bounds: [0, 0, 11, 11],
      minzoom: 0,
      maxzoom: 14,
      description: undefined,
    });
    source.setLayer('s', [square(1, 10, 10)]);
    expect(await source.version('s')).not.toBe(v1);
    expect(await source.info('nope')).toBeNull();
  });

  it('holds an empty layer with null bounds and no features', async () => {
    const source = new MemorySource();
    source.setLayer('e', []);
    expect((await source.info('e'))?.bounds).toBeNull();
    expect(await source.features('e', [-180, -90, 180, 90])).toEqual([]);
  });

  it('names the feature index of a geometry it cannot index', () => {
    const source = new MemorySource();
    const bad = { id: 1, geometry: { type: 'GeometryCollection', geometries: [] } as never, properties: {} };
    expect(() => source.setLayer('x', [square(1, 0, 0), bad])).toThrow(/layer x feature index 1 has unsupported geometry GeometryCollection/);
  });
});
