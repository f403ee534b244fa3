// Imagery over HTTP, in process: reprojection accuracy of a pixel burnt at a known EPSG:4549
// point, 204 outside the image, ETag/304, TileJSON, roles, outside XYZ sources, and every kind of
// bad file refused with a 4xx that names it while the previous image stays served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import proj4 from 'proj4';
import sharp from 'sharp';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { geoTiff, plainTiff } from './make-tiff.ts';

// EPSG:4549, CGCS2000 3-degree Gauss-Krüger CM 120E, written out here so the test does not lean
// on the service's own CRS table.
const GK120 = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const POINT: [number, number] = [119.81, 28.89];
const [PX, PY] = proj4('WGS84', GK120, POINT);
const RES = 0.5;

/** A 400 × 400 white image at 0.5 m whose pixel (200, 200) — and its 8 neighbours — is red and centred on POINT. */
const burnt = () =>
  geoTiff({
    width: 400,
    height: 400,
    originX: PX - 200.5 * RES,
    originY: PY + 200.5 * RES,
    res: RES,
    paint: (i, j) => (Math.abs(i - 200) <= 1 && Math.abs(j - 200) <= 1 ? [255, 0, 0] : null),
  });

/** Global pixel position of lon/lat at zoom z (Web Mercator, 256-px tiles). */
function worldPixel(lon: number, lat: number, z: number): [number, number] {
  const size = 256 * 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size];
}

let store: Store;
let parts: Awaited<ReturnType<typeof createApp>>['ctx'];
let app: Awaited<ReturnType<typeof createApp>>['app'];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  store = await Store.open(':memory:');
  for (const role of ['viewer', 'inspector', 'enforcer']) tokens[role] = await store.users.add(`u_${role}`, role);
  ({ app, ctx: parts } = await createApp(store, { trustProxy: true }));
});
afterAll(async () => {
  await parts.imagery.close();
  store.close();
});

const auth = (who: string | null): Record<string, string> => (who ? { authorization: `Bearer ${tokens[who]}` } : {});
const put = (name: string, body: Buffer, who: string | null = 'inspector', query = 'date=2024-02-01') =>
  app.request(`/api/imagery/${name}?${query}`, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': 'image/tiff', ...auth(who) } });
const storedFiles = () => readdirSync(parts.imagery.dir);

describe('imagery uploads and tiles', () => {
  it('refuses writes without a token (401) and from a role that may not add imagery (403)', async () => {
    expect((await put('before', burnt(), null)).status).toBe(401);
    const denied = await put('before', burnt(), 'enforcer');
    expect(denied.status).toBe(403);
    expect((await denied.json()).error).toMatch(/inspector/);
    expect((await app.request('/api/imagery', { method: 'POST', body: '{}', headers: auth('viewer') })).status).toBe(403);
    expect((await app.request('/api/imagery/before', { method: 'DELETE', headers: auth('viewer') })).status).toBe(403);
    expect(storedFiles()).toEqual([]);
  });

  it('stores a GeoTIFF in EPSG:4549 and lists it with the contract fields', async () => {
    const res = await put('before', burnt());
    expect(res.status).toBe(201);
    const list = await (await app.request('/api/imagery')).json();
    expect(list).toHaveLength(1);
    const [entry] = list;
    expect(entry).toMatchObject({ name: 'before', date: '2024-02-01', source: 'file', crs: 'EPSG:3857', source_crs: 'EPSG:4549', attribution: '' });
    expect(entry.tiles).toEqual(['http://localhost/imagery/before/{z}/{x}/{y}.webp']);
    const [w, s, e, n] = entry.bounds;
    // 200 m square centred on POINT: about ±0.00103° of longitude and ±0.0009° of latitude.
    expect(w).toBeCloseTo(POINT[0] - 100 / (111320 * Math.cos((POINT[1] * Math.PI) / 180)), 4);
    expect(e).toBeCloseTo(POINT[0] + 100 / (111320 * Math.cos((POINT[1] * Math.PI) / 180)), 4);
    expect(s).toBeCloseTo(POINT[1] - 100 / 110_850, 4);
    expect(n).toBeCloseTo(POINT[1] + 100 / 110_850, 4);
    // 0.5 m pixels: z18 has 0.52 m ground pixels here, z19 0.26 m.
    expect(entry.maxzoom).toBe(19);
    expect(storedFiles()).toHaveLength(1);
  });

  it('lands the burnt pixel within 1 px of where Web Mercator puts the point at z18', async () => {
    const [gx, gy] = worldPixel(POINT[0], POINT[1], 18);
    const tx = Math.floor(gx / 256);
    const ty = Math.floor(gy / 256);
    const res = await app.request(`/imagery/before/18/${tx}/${ty}.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const { data, info } = await sharp(Buffer.from(await res.arrayBuffer())).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(256);
    // Redness-weighted centre of the red block.
    let sum = 0;
    let sx = 0;
    let sy = 0;
    for (let j = 0; j < 256; j++) {
      for (let i = 0; i < 256; i++) {
        const o = (j * 256 + i) * 4;
        const red = Math.max(0, data[o] - (data[o + 1] + data[o + 2]) / 2);
        sum += red;
        sx += red * (i + 0.5);
        sy += red * (j + 0.5);
      }
    }
    expect(sum).toBeGreaterThan(0);
    const dx = sx / sum - (gx - tx * 256);
    const dy = sy / sum - (gy - ty * 256);
    expect(Math.hypot(dx, dy)).toBeLessThan(1);
    // Opaque white a few pixels from the block: no holes or fading inside the image.
    const at = (i: number, j: number) => (Math.round(j) * 256 + Math.round(i)) * 4;
    const o = at(Math.min(250, sx / sum - 6), sy / sum);
    expect([data[o], data[o + 1], data[o + 2], data[o + 3]]).toEqual([255, 255, 255, 255]);
  });

  it('places a pixel burnt in a CGCS2000 lon/lat (EPSG:4490) image within 1 px at z18 too', async () => {
    const step = 0.000005; // degrees per pixel, about 0.5 m
    const tiff = geoTiff({
      width: 200, height: 200, geographic: true, epsg: 4490, res: step,
      originX: POINT[0] - 100.5 * step, originY: POINT[1] + 100.5 * step,
      paint: (i, j) => (Math.abs(i - 100) <= 1 && Math.abs(j - 100) <= 1 ? [255, 0, 0] : null),
    });
    expect((await put('lonlat', tiff)).status).toBe(201);
    const [gx, gy] = worldPixel(POINT[0], POINT[1], 18);
    const [tx, ty] = [Math.floor(gx / 256), Math.floor(gy / 256)];
    const { data } = await sharp(Buffer.from(await (await app.request(`/imagery/lonlat/18/${tx}/${ty}.png`)).arrayBuffer())).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    let [sum, sx, sy] = [0, 0, 0];
    for (let k = 0; k < 256 * 256; k++) {
      const red = Math.max(0, data[k * 4] - (data[k * 4 + 1] + data[k * 4 + 2]) / 2);
      sum += red;
      sx += red * ((k % 256) + 0.5);
      sy += red * (Math.floor(k / 256) + 0.5);
    }
    expect(sum).toBeGreaterThan(0);
    expect(Math.hypot(sx / sum - (gx - tx * 256), sy / sum - (gy - ty * 256))).toBeLessThan(1);
    expect((await app.request('/api/imagery/lonlat', { method: 'DELETE', headers: auth('inspector') })).status).toBe(200);
  });

  it('answers 204 outside the image, 304 for a matching ETag, and webp/jpg by extension', async () => {
    const [gx, gy] = worldPixel(POINT[0], POINT[1], 18);
    const [tx, ty] = [Math.floor(gx / 256), Math.floor(gy / 256)];
    expect((await app.request(`/imagery/before/18/${tx + 5}/${ty}.webp`)).status).toBe(204);
    expect((await app.request(`/imagery/before/10/0/0.webp`)).status).toBe(204);
    const first = await app.request(`/imagery/before/18/${tx}/${ty}.webp`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/webp');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    expect((await sharp(Buffer.from(await first.arrayBuffer())).metadata()).format).toBe('webp');
    const again = await app.request(`/imagery/before/18/${tx}/${ty}.webp`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const jpg = await app.request(`/imagery/before/18/${tx}/${ty}.jpg`);
    expect(jpg.headers.get('content-type')).toBe('image/jpeg');
    expect(jpg.headers.get('etag')).not.toBe(etag);
    expect((await app.request(`/imagery/before/18/${tx}/${ty}.gif`)).status).toBe(404);
    expect((await app.request(`/imagery/nothing/18/${tx}/${ty}.webp`)).status).toBe(404);
    expect((await app.request(`/imagery/before/18/${2 ** 18}/0.webp`)).status).toBe(400);
  });

  it('serves TileJSON 3.0 with absolute tile URLs (behind a proxy too)', async () => {
    const doc = await (await app.request('/imagery/before.json', { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'gis.example', 'x-forwarded-prefix': '/gt' } })).json();
    expect(doc.tilejson).toBe('3.0.0');
    expect(doc.tiles).toEqual(['https://gis.example/gt/imagery/before/{z}/{x}/{y}.webp']);
    expect(doc.bounds).toHaveLength(4);
    expect(doc.maxzoom).toBe(19);
    expect((await app.request('/imagery/none.json')).status).toBe(404);
  });

  it('takes a multipart upload and --crs style override', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(geoTiff({ width: 32, height: 32, originX: PX, originY: PY, res: 1, epsg: null }))]), 'x.tif');
    const noCrs = await app.request('/api/imagery/after?date=2024-06-01', { method: 'PUT', body: form, headers: auth('inspector') });
    expect(noCrs.status).toBe(422);
    expect((await noCrs.json()).error).toMatch(/coordinate system/);
    const form2 = new FormData();
    form2.append('file', new Blob([new Uint8Array(geoTiff({ width: 32, height: 32, originX: PX, originY: PY, res: 1, epsg: null }))]), 'x.tif');
    const ok = await app.request('/api/imagery/after?date=2024-06-01&crs=EPSG:4549', { method: 'PUT', body: form2, headers: auth('admin' in tokens ? 'admin' : 'inspector') });
    expect(ok.status).toBe(201);
    expect((await ok.json()).source_crs).toBe('EPSG:4549');
  });
});

describe('bad imagery input', () => {
  const cases: [string, () => Buffer | Promise<Buffer>, RegExp][] = [
    ['not georeferenced', () => plainTiff(), /not georeferenced/],
    ['an unsupported CRS (UTM 50N)', () => geoTiff({ width: 16, height: 16, originX: 300000, originY: 3200000, res: 1, epsg: 32650 }), /unsupported coordinate system.*32650/],
    ['16-bit data', () => geoTiff({ width: 16, height: 16, originX: PX, originY: PY, res: 1, bits: 16 }), /16-bit samples.*8-bit/],
    ['float data', () => geoTiff({ width: 16, height: 16, originX: PX, originY: PY, res: 1, float: true }), /floating-point.*8-bit/],
    ['a truncated file', () => burnt().subarray(0, 200_000), /truncated/],
    ['not a TIFF', () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer(), /not a TIFF/],
    ['an empty body', () => Buffer.alloc(0), /not a TIFF/],
  ];
  for (const [label, make, message] of cases) {
    it(`refuses ${label} with a 4xx naming it and keeps the stored image`, async () => {
      const before = await (await app.request('/api/imagery')).json();
      const files = storedFiles();
      const res = await put('before', await make());
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect((await res.json()).error).toMatch(message);
      expect(await (await app.request('/api/imagery')).json()).toEqual(before);
      expect(storedFiles()).toEqual(files);
      expect((await app.request('/api/health')).status).toBe(200);
    });
  }

  it('refuses a bad date or name before reading the file', async () => {
    const bad = await put('before', burnt(), 'inspector', 'date=2024-02-30');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/date "2024-02-30"/);
    expect((await put('a.b', burnt())).status).toBe(400);
  });
});

describe('outside XYZ sources and deletion', () => {
  const post = (body: unknown, who = 'inspector') =>
    app.request('/api/imagery', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...auth(who) } });

  it('registers a GCJ-02 template and lists it as such', async () => {
    const res = await post({ name: 'gaode', date: '2023-10-01', url: 'https://wprd01.is.autonavi.com/appmaptile?style=6&x={x}&y={y}&z={z}', crs: 'gcj02', attribution: '高德' });
    expect(res.status).toBe(201);
    const list = await (await app.request('/api/imagery')).json();
    const gaode = list.find((r: { name: string }) => r.name === 'gaode');
    expect(gaode).toMatchObject({ source: 'xyz', crs: 'GCJ02', date: '2023-10-01', attribution: '高德', minzoom: 0, maxzoom: 18 });
    expect(gaode.tiles).toEqual(['https://wprd01.is.autonavi.com/appmaptile?style=6&x={x}&y={y}&z={z}']);
    // Sorted by date: the outside source is older than both files.
    expect(list.map((r: { name: string }) => r.name)).toEqual(['gaode', 'before', 'after']);
    expect((await app.request('/imagery/gaode/1/0/0.webp')).status).toBe(404);
  });

  it('refuses a template without {z}, an unknown CRS and a non-JSON body', async () => {
    expect((await (await post({ name: 'x', date: '2023-10-01', url: 'https://a/{x}/{y}.png', crs: 'EPSG:3857' })).json()).error).toMatch(/lacks \{z\}/);
    const crs = await post({ name: 'x', date: '2023-10-01', url: 'https://a/{z}/{x}/{y}.png', crs: 'EPSG:4326' });
    expect(crs.status).toBe(400);
    expect((await crs.json()).error).toMatch(/EPSG:3857 or GCJ02/);
    expect((await app.request('/api/imagery', { method: 'POST', body: 'nope', headers: auth('inspector') })).status).toBe(400);
  });

  it('deletes an image, its file and its tiles', async () => {
    const files = storedFiles().length;
    expect((await app.request('/api/imagery/before', { method: 'DELETE', headers: auth('inspector') })).status).toBe(200);
    expect(storedFiles()).toHaveLength(files - 1);
    expect((await app.request('/imagery/before/18/0/0.webp')).status).toBe(404);
    expect((await app.request('/api/imagery/before', { method: 'DELETE', headers: auth('inspector') })).status).toBe(404);
  });
});

describe('imagery when reads need sign-in', () => {
  it('refuses the listing, TileJSON and tiles without a token and serves them with one', async () => {
    const { app: guarded, ctx } = await createApp(store, { readsNeedAuth: true });
    await put('guarded', burnt());
    for (const path of ['/api/imagery', '/imagery/guarded.json', '/imagery/guarded/18/0/0.webp']) {
      expect((await guarded.request(path)).status).toBe(401);
    }
    const ok = await guarded.request('/imagery/guarded.json', { headers: auth('viewer') });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('private, no-cache');
    await ctx.imagery.close();
  });
});
