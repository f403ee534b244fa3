// The tile routes driven in process with app.request(): status codes, conditional requests,
// compression, TileJSON URLs, freshness after a layer changes, and the cache.
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { createTileRoutes, MVT_CONTENT_TYPE } from '../../service/tiles/index.ts';
import { decodeAndCheck, fixtureFeatures, fixtureSource } from './fixture.ts';

const CENTRE = '14/13644/6817.mvt';

function setup(options: Partial<Parameters<typeof createTileRoutes>[0]> = {}) {
  const source = fixtureSource();
  const tiles = createTileRoutes({ source, ...options });
  const app = new Hono();
  app.route('/tiles', tiles);
  return { app, source, tiles };
}

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe('tile requests', () => {
  it('serves a tile as MVT with ETag, Cache-Control and Vary', async () => {
    const { app } = setup();
    const res = await app.request(`/tiles/ledger/${CENTRE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(MVT_CONTENT_TYPE);
    expect(res.headers.get('etag')).toMatch(/^W\/".+"$/);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('content-encoding')).toBeNull();
    const layers = decodeAndCheck(await bytesOf(res));
    expect(Object.keys(layers)).toEqual(['ledger']);
    expect(layers.ledger.map((f) => f.properties.id)).toEqual(['L1', 'L2-clockwise-with-hole', 'L3-crosses-east-edge', 'L4-multi', 'L6-repeated-points']);
  });

  it('serves a composite of two layers in the order asked', async () => {
    const { app } = setup();
    const res = await app.request(`/tiles/transfer_stations,ledger/${CENTRE}`);
    expect(res.status).toBe(200);
    const layers = decodeAndCheck(await bytesOf(res));
    expect(Object.keys(layers)).toEqual(['transfer_stations', 'ledger']);
  });

  it('answers 204 for a tile with nothing in it', async () => {
    const { app } = setup();
    const res = await app.request('/tiles/ledger/14/0/0.mvt');
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('answers 304 to a matching If-None-Match, weak or strong form', async () => {
    const { app } = setup();
    const etag = (await app.request(`/tiles/ledger/${CENTRE}`)).headers.get('etag')!;
    for (const inm of [etag, etag.replace(/^W\//, ''), `"other", ${etag}`]) {
      const res = await app.request(`/tiles/ledger/${CENTRE}`, { headers: { 'If-None-Match': inm } });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
    }
    expect((await app.request(`/tiles/ledger/${CENTRE}`, { headers: { 'If-None-Match': '"nope"' } })).status).toBe(200);
  });

  it.each([
    ['/tiles/ledger/40/0/0.mvt', 400, /zoom 40 is outside 0..22/],
    ['/tiles/ledger/3/-1/0.mvt', 400, /tile x "-1" is not a whole number/],
    ['/tiles/ledger/3/0/8.mvt', 400, /y 8 is outside 0..7/],
    ['/tiles/ledger/abc/0/0.mvt', 400, /tile zoom "abc"/],
    ['/tiles/ledger/3/0/abc.mvt', 400, /tile y "abc"/],
    ['/tiles/ledger/3/1.5/0.mvt', 400, /tile x "1.5"/],
    ['/tiles/nosuch/3/0/0.mvt', 404, /unknown layer nosuch/],
    ['/tiles/ledger,nosuch/3/0/0.mvt', 404, /unknown layer nosuch/],
    ['/tiles/ledger,ledger/3/0/0.mvt', 400, /names a layer twice/],
    ['/tiles/le%20dger/3/0/0.mvt', 400, /is not a layer name/],
    ['/tiles/ledger/3/0/0.png', 404, /tiles end in .mvt/],
    ['/tiles/nosuch.json', 404, /unknown layer nosuch/],
  ])('%s → %i with a JSON message', async (url, status, message) => {
    const { app } = setup();
    const res = await app.request(url);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await res.json()).error).toMatch(message);
  });

  it('negotiates br and gzip, keeping each compressed body in the cache', async () => {
    const { app, tiles } = setup();
    const plain = await bytesOf(await app.request(`/tiles/ledger/${CENTRE}`));
    const gz = await app.request(`/tiles/ledger/${CENTRE}`, { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toBe('Accept-Encoding');
    expect(gunzipSync(await bytesOf(gz))).toEqual(Buffer.from(plain));
    const br = await app.request(`/tiles/ledger/${CENTRE}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(await bytesOf(br))).toEqual(Buffer.from(plain));
    const preferGzip = await app.request(`/tiles/ledger/${CENTRE}`, { headers: { 'Accept-Encoding': 'br;q=0.5, gzip' } });
    expect(preferGzip.headers.get('content-encoding')).toBe('gzip');
    const refused = await app.request(`/tiles/ledger/${CENTRE}`, { headers: { 'Accept-Encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
    // One entry holding identity + gzip + br bodies.
    expect(tiles.cache.count).toBe(1);
    expect(tiles.cache.bytes).toBeGreaterThan(plain.byteLength);
  });
});

describe('freshness and cache', () => {
  it('a new version of a layer gives new content and ETag; an untouched layer stays cached', async () => {
    const { app, source, tiles } = setup();
    const ledger1 = await app.request(`/tiles/ledger/${CENTRE}`);
    const lanes1 = await app.request(`/tiles/fire_lanes/${CENTRE}`);
    expect(ledger1.headers.get('x-cache')).toBe('miss');
    // The ledger changes: L1 becomes demolished.
    const changed = fixtureFeatures('ledger').map((f) => (f.id === 1 ? { ...f, properties: { ...f.properties, status: 'demolished' } } : f));
    source.setLayer('ledger', changed, { version: 'v2' });
    expect(tiles.evictLayer('ledger')).toBe(1);

    const ledger2 = await app.request(`/tiles/ledger/${CENTRE}`);
    expect(ledger2.headers.get('x-cache')).toBe('miss');
    expect(ledger2.headers.get('etag')).not.toBe(ledger1.headers.get('etag'));
    expect(decodeAndCheck(await bytesOf(ledger2)).ledger[0].properties.status).toBe('demolished');
    const stale = await app.request(`/tiles/ledger/${CENTRE}`, { headers: { 'If-None-Match': ledger1.headers.get('etag')! } });
    expect(stale.status).toBe(200);

    const lanes2 = await app.request(`/tiles/fire_lanes/${CENTRE}`);
    expect(lanes2.headers.get('x-cache')).toBe('hit');
    expect(lanes2.headers.get('etag')).toBe(lanes1.headers.get('etag'));
    expect(await bytesOf(lanes2)).toEqual(await bytesOf(lanes1));
  });

  it('a version change alone (no eviction) still misses: the version is in the key', async () => {
    const { app, source } = setup();
    await app.request(`/tiles/ledger/${CENTRE}`);
    source.setLayer('ledger', fixtureFeatures('ledger').slice(0, 1), { version: 'v3' });
    const res = await app.request(`/tiles/ledger/${CENTRE}`);
    expect(res.headers.get('x-cache')).toBe('miss');
    expect(decodeAndCheck(await bytesOf(res)).ledger.length).toBe(1);
  });

  it('a composite goes stale with either of its layers', async () => {
    const { app, tiles } = setup();
    await app.request(`/tiles/ledger,fire_lanes/${CENTRE}`);
    await app.request(`/tiles/transfer_stations/${CENTRE}`);
    expect(tiles.evictLayer('fire_lanes')).toBe(1);
    expect(tiles.cache.count).toBe(1);
  });

  it('keeps the cache within its byte budget, dropping the least recently used', async () => {
    // Each entry costs its bytes + 200 of bookkeeping; one fits in 800, both do not.
    const { app, tiles } = setup({ cacheBytes: 800 });
    const a = await bytesOf(await app.request(`/tiles/ledger/${CENTRE}`));
    const b = await bytesOf(await app.request(`/tiles/fire_lanes/${CENTRE}`));
    expect(Math.max(a.byteLength, b.byteLength) + 200).toBeLessThanOrEqual(800);
    expect(a.byteLength + b.byteLength + 400).toBeGreaterThan(800);
    expect(tiles.cache.count).toBe(1);
    expect(tiles.cache.bytes).toBe(b.byteLength + 200);
    expect((await app.request(`/tiles/fire_lanes/${CENTRE}`)).headers.get('x-cache')).toBe('hit');
    expect((await app.request(`/tiles/ledger/${CENTRE}`)).headers.get('x-cache')).toBe('miss');
  });
});

describe('prerender', () => {
  it('renders each tile over the layer bounds once, z0 up to the zoom asked', async () => {
    const { app, tiles } = setup();
    // The ledger lies within one tile at every zoom up to 12 (z12 3411/1704): 13 tiles.
    expect(await tiles.prerender('ledger', 12)).toBe(13);
    expect(await tiles.prerender('ledger', 12)).toBe(0);
    expect((await app.request('/tiles/ledger/12/3411/1704.mvt')).headers.get('x-cache')).toBe('hit');
    expect((await app.request('/tiles/ledger/13/6822/3408.mvt')).headers.get('x-cache')).toBe('miss');
    await expect(tiles.prerender('nosuch')).rejects.toThrow(/unknown layer nosuch/);
  });
});

describe('TileJSON', () => {
  it('describes a layer with absolute URLs from the request', async () => {
    const { app } = setup();
    const doc = await (await app.request('http://localhost:8080/tiles/ledger.json')).json();
    expect(doc.tilejson).toBe('3.0.0');
    expect(doc.tiles).toEqual(['http://localhost:8080/tiles/ledger/{z}/{x}/{y}.mvt']);
    expect(doc.minzoom).toBe(0);
    expect(doc.maxzoom).toBe(16);
    expect(doc.bounds).toEqual([119.796, 28.885, 119.82, 28.9]);
    expect(doc.vector_layers).toEqual([
      { id: 'ledger', minzoom: 0, maxzoom: 16, fields: { id: 'String', status: 'String', floors: 'Number', height_m: 'Number', overdue: 'Boolean', use: 'String', area_m2: 'Number' } },
    ]);
  });

  it('ignores X-Forwarded-* unless the proxy is trusted', async () => {
    const { app } = setup();
    const doc = await (await app.request('http://10.0.0.5:8080/tiles/ledger.json', { headers: { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' } })).json();
    expect(doc.tiles).toEqual(['http://10.0.0.5:8080/tiles/ledger/{z}/{x}/{y}.mvt']);
  });

  it('follows X-Forwarded-Proto/Host/Prefix behind a trusted proxy', async () => {
    const { app } = setup({ trustProxy: true });
    const res = await app.request('http://10.0.0.5:8080/tiles/ledger,patches.json'.replace('patches', 'fire_lanes'), {
      headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'gis.county.example', 'X-Forwarded-Prefix': '/groundtruth/' },
    });
    const doc = await res.json();
    expect(doc.tiles).toEqual(['https://gis.county.example/groundtruth/tiles/ledger,fire_lanes/{z}/{x}/{y}.mvt']);
    expect(doc.vector_layers.map((l: { id: string }) => l.id)).toEqual(['ledger', 'fire_lanes']);
    expect(doc.bounds).toEqual([119.79, 28.884, 119.8205, 28.901]);
  });

  it('prefers the configured public URL over forwarded headers', async () => {
    const { app } = setup({ publicUrl: 'https://maps.example.cn/gt/' });
    const doc = await (await app.request('/tiles/ledger.json', { headers: { 'X-Forwarded-Host': 'evil.example' } })).json();
    expect(doc.tiles).toEqual(['https://maps.example.cn/gt/tiles/ledger/{z}/{x}/{y}.mvt']);
  });
});

describe('index', () => {
  it('lists the layers with their TileJSON URLs', async () => {
    const { app } = setup();
    const doc = await (await app.request('http://localhost/tiles')).json();
    expect(doc.layers).toEqual([
      { name: 'fire_lanes', tilejson: 'http://localhost/tiles/fire_lanes.json' },
      { name: 'ledger', tilejson: 'http://localhost/tiles/ledger.json' },
      { name: 'transfer_stations', tilejson: 'http://localhost/tiles/transfer_stations.json' },
    ]);
  });
});

describe('access', () => {
  it('runs authorize first and lets its refusal through', async () => {
    const { app } = setup({
      authorize: (c) => {
        if (c.req.header('authorization') !== 'Bearer ok') throw new HTTPException(401, { message: 'sign in' });
      },
    });
    expect((await app.request(`/tiles/ledger/${CENTRE}`)).status).toBe(401);
    const ok = await app.request(`/tiles/ledger/${CENTRE}`, { headers: { Authorization: 'Bearer ok' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('sends CORS headers for an allowed origin only when configured', async () => {
    const open = setup({ cors: ['https://viewer.example'] });
    const res = await open.app.request(`/tiles/ledger/${CENTRE}`, { headers: { Origin: 'https://viewer.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://viewer.example');
    const closed = setup();
    const res2 = await closed.app.request(`/tiles/ledger/${CENTRE}`, { headers: { Origin: 'https://viewer.example' } });
    expect(res2.headers.get('access-control-allow-origin')).toBeNull();
  });
});
