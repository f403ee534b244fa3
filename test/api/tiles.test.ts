// Tiles through the whole app (DuckDB source): an upload changes the tile and its ETag at once,
// other layers keep theirs, 304 on a matching ETag, and reads closed when the setting says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { lonLatToTile } from '../../service/tiles/index.ts';
import { patch, report, stream } from '../helpers.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
let admin: string;
const t = lonLatToTile(119.8005, 28.9005, 15);
const url = (layer: string) => `/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`;

function ledgerFC(ids: string[]) {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: ids.map((id, i) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[119.8 + i * 0.0002, 28.9], [119.8001 + i * 0.0002, 28.9], [119.8001 + i * 0.0002, 28.9001], [119.8 + i * 0.0002, 28.9]]] },
      properties: { id, recorded_on: '2020-01-01', status: 'pending' },
    })),
  });
}

async function ids(res: Response, layer: string): Promise<string[]> {
  const tile = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
  const l = tile.layers[layer];
  return Array.from({ length: l?.length ?? 0 }, (_, i) => String(l.feature(i).properties.id)).sort();
}

beforeAll(async () => {
  store = await Store.open(':memory:');
  admin = await store.users.add('admin', 'admin');
  const built = await createApp(store);
  app = built.app;
  await store.load('patches', stream([patch(0, '2024Q1')]), report('patches', 1));
  built.ctx.events.emit('layer-changed', { layer: 'patches' });
});
afterAll(() => store.close());

const upload = (body: string) =>
  app.request('/api/layers/ledger?filename=ledger.geojson', { method: 'PUT', body, headers: { authorization: `Bearer ${admin}` } });

describe('tiles through the app', () => {
  it('answers an empty tile with 204', async () => {
    expect((await app.request(url('ledger'))).status).toBe(204);
  });

  it('shows an upload at once, with a new ETag, and keeps other layers cached', async () => {
    expect((await upload(ledgerFC(['A', 'B']))).status).toBe(200);
    const first = await app.request(url('ledger'));
    expect(await ids(first, 'ledger')).toEqual(['A', 'B']);
    const patchTag = (await app.request(url('patches'))).headers.get('etag');

    expect((await upload(ledgerFC(['A', 'B', 'C']))).status).toBe(200);
    const second = await app.request(url('ledger'));
    expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
    expect(await ids(second, 'ledger')).toEqual(['A', 'B', 'C']);
    expect((await app.request(url('patches'))).headers.get('etag')).toBe(patchTag);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const res = await app.request(url('ledger'));
    const again = await app.request(url('ledger'), { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('refuses bad coordinates and unknown layers in words', async () => {
    const bad = await app.request('/tiles/ledger/3/9/1.mvt');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBeTruthy();
    expect((await app.request('/tiles/rivers/3/1/1.mvt')).status).toBe(404);
  });

  it('needs a token when reads need sign-in', async () => {
    const { app: closed } = await createApp(store, { readsNeedAuth: true });
    expect((await closed.request(url('ledger'))).status).toBe(401);
    expect((await closed.request('/tiles/ledger.json')).status).toBe(401);
    const ok = await closed.request(url('ledger'), { headers: { authorization: `Bearer ${admin}` } });
    expect(ok.status).toBe(200);
  });
});
