// Tiles over an area changed in place (a verdict on one patch) are made again with a new ETag;
// every other tile of the layer stays cached with its ETag, and a request waits for the area.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTileRoutes, lonLatToTile, tileBbox } from '../../service/tiles/index.ts';
import { TouchedAreas } from '../../service/tiles/touched.ts';
import { createApp } from '../../service/app.ts';
import { Store } from '../../service/store/index.ts';
import { decide } from '../../service/review/verdicts.ts';
import { decodeAndCheck, fixtureSource } from './fixture.ts';
import { patch, report, stream } from '../helpers.ts';

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const CENTRE = [14, 13644, 6817] as const;
const EAST = [14, 13645, 6817] as const;
const path = (layer: string, [z, x, y]: readonly number[]) => `/tiles/${layer}/${z}/${x}/${y}.mvt`;

describe('TouchedAreas', () => {
  it('marks the tiles whose buffered square reaches into the area, and only those', () => {
    const areas = new TouchedAreas(64, 4096);
    const [w, s, e, n] = tileBbox(...CENTRE);
    expect(areas.marker('ledger', ...CENTRE)).toBe('');
    // A small box in the middle of the centre tile, far from the east tile's 64-unit buffer.
    const mid = [(w + e) / 2, (s + n) / 2];
    areas.touch('ledger', [mid[0], mid[1], mid[0] + 1e-5, mid[1] + 1e-5]);
    expect(areas.marker('ledger', ...CENTRE)).toBe('~1');
    expect(areas.marker('ledger', ...EAST)).toBe('');
    expect(areas.marker('fire_lanes', ...CENTRE)).toBe('');
    // Its parent tiles hold it too.
    expect(areas.marker('ledger', 13, 6822, 3408)).toBe('~1');
    // A box just inside the east tile's buffer (1/64 of a tile beyond its west edge) touches both.
    areas.touch('ledger', [e - (e - w) / 100, mid[1], e - (e - w) / 100, mid[1]]);
    expect(areas.marker('ledger', ...EAST)).toBe('~2');
    expect(areas.marker('ledger', ...CENTRE)).toBe('~2');
    // Unknown where: every tile of the layer.
    areas.touch('ledger', null);
    expect(areas.marker('ledger', 10, 0, 0)).toBe('~3');
  });
});

describe('touchArea on the tile routes', () => {
  function setup() {
    const tiles = createTileRoutes({ source: fixtureSource() });
    const app = new Hono();
    app.route('/tiles', tiles);
    return { app, tiles };
  }

  it('refreshes the tiles over the area, keeps the others cached with their ETags', async () => {
    const { app, tiles } = setup();
    const centre1 = await app.request(path('ledger', CENTRE));
    const east1 = await app.request(path('ledger', EAST));
    expect(east1.status).toBe(200);
    expect(tiles.cache.count).toBe(2);
    const [w, s, e, n] = tileBbox(...CENTRE);
    tiles.touchArea('ledger', [(w + e) / 2, (s + n) / 2, (w + e) / 2, (s + n) / 2]);
    expect(tiles.cache.count).toBe(1);

    const centre2 = await app.request(path('ledger', CENTRE));
    expect(centre2.headers.get('x-cache')).toBe('miss');
    expect(centre2.headers.get('etag')).not.toBe(centre1.headers.get('etag'));
    expect(await bytesOf(centre2)).toEqual(await bytesOf(centre1));
    const stale = await app.request(path('ledger', CENTRE), { headers: { 'If-None-Match': centre1.headers.get('etag')! } });
    expect(stale.status).toBe(200);

    const east2 = await app.request(path('ledger', EAST));
    expect(east2.headers.get('x-cache')).toBe('hit');
    expect(east2.headers.get('etag')).toBe(east1.headers.get('etag'));
  });

  it('makes tile requests wait for an area still being looked up', async () => {
    const { app, tiles } = setup();
    const before = await app.request(path('ledger', CENTRE));
    let resolve!: (b: [number, number, number, number] | null) => void;
    tiles.touchArea('ledger', new Promise((r) => (resolve = r)));
    const answer = app.request(path('ledger', CENTRE));
    const [w, s, e, n] = tileBbox(...CENTRE);
    setTimeout(() => resolve([w, s, e, n]), 20);
    const after = await answer;
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
  });
});

describe('a verdict refreshes the tiles of its patch only', () => {
  let store: Store;
  let app: Awaited<ReturnType<typeof createApp>>['app'];
  let ctx: Awaited<ReturnType<typeof createApp>>['ctx'];

  beforeAll(async () => {
    store = await Store.open(':memory:');
    ({ app, ctx } = await createApp(store));
    // P0 at 119.8, P10 0.01° east: different tiles at zoom 16, one tile at zoom 14.
    const features = [patch(0, 'B1'), patch(10, 'B1')];
    await store.load('patches', stream(features), report('patches', features.length));
    ctx.events.emit('layer-changed', { layer: 'patches' } as never);
  });
  afterAll(() => store.close());

  it('after a verdict on P0, its tiles are new and show it; P10 alone keeps its cached tile', async () => {
    const tileOf = (lon: number, z: number) => {
      const t = lonLatToTile(lon, 28.90005, z);
      return [t.z, t.x, t.y] as const;
    };
    const p0 = tileOf(119.80005, 16), p10 = tileOf(119.81005, 16), both = tileOf(119.80005, 14);
    expect(p0).not.toEqual(p10);
    expect(both).toEqual(tileOf(119.81005, 14));
    const first = await Promise.all([p0, p10, both].map((t) => app.request(path('patches', t))));
    for (const r of first) expect(r.status).toBe(200);

    await decide(store, { batch: 'B1', id: 'P0', verdict: 'illegal', baseSeq: null, user: 'tester' });
    ctx.events.emit('verdict-given', { batch: 'B1', id: 'P0' });

    const [a, b, c] = await Promise.all([p0, p10, both].map((t) => app.request(path('patches', t))));
    expect(a.headers.get('x-cache')).toBe('miss');
    expect(a.headers.get('etag')).not.toBe(first[0].headers.get('etag'));
    expect(decodeAndCheck(await bytesOf(a)).patches.map((f) => f.properties.verdict)).toEqual(['illegal']);
    expect(c.headers.get('x-cache')).toBe('miss');
    expect(decodeAndCheck(await bytesOf(c)).patches.find((f) => f.properties.id === 'P0')!.properties.verdict).toBe('illegal');
    expect(b.headers.get('x-cache')).toBe('hit');
    expect(b.headers.get('etag')).toBe(first[1].headers.get('etag'));
    expect(decodeAndCheck(await bytesOf(b)).patches.map((f) => f.properties.verdict)).toEqual([undefined]);
  });
});
