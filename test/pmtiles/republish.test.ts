// The republish setting end to end with s3rver on loopback: the service publishes the ledger's
// archive at start, a change of the layer publishes a new versioned key, TileJSON points to it,
// and the pmtiles reader reads the new features from it. A refused upload keeps the old archive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalS3, type LocalS3 } from '../kit/s3-local.ts';
import { gunzipSync } from 'fflate';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Feature } from 'geojson';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { s3Client } from '../../service/pmtiles/publish.ts';
import type { LayerFeature, PropValue } from '../../service/layers/schema.ts';
import { report, stream } from '../helpers.ts';
import { LEDGER } from '../ogc/fixture.ts';

let s3: LocalS3;
let endpoint: string;
const dir = mkdtempSync(join(tmpdir(), 'gt-republish-test-'));

beforeAll(async () => {
  s3 = await startLocalS3(dir, 'maps');
  endpoint = s3.endpoint;
}, 60_000);
afterAll(async () => {
  await s3?.close();
});

const asLoad = (fs: Feature[]): LayerFeature[] => fs.map((f, index) => ({ index, geometry: f.geometry, props: f.properties as Record<string, PropValue>, extra: {} }));

async function loadLedger(store: Store, fs: Feature[]) {
  await store.load('ledger', stream(asLoad(fs)), report('ledger', fs.length));
}

/** An archive in the (private) bucket, read with signed range GETs as the pmtiles reader asks. */
class UrlRangeSource implements Source {
  constructor(private readonly key: string) {}
  getKey() {
    return this.key;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const res = await s3Client(endpoint).send(new GetObjectCommand({ Bucket: 'maps', Key: this.key, Range: `bytes=${offset}-${offset + length - 1}` }));
    const bytes = await res.Body!.transformToByteArray();
    return { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
  }
}

/** Ledger ids in every z16 tile of the archive (the ledger's five squares lie in a few tiles). */
async function idsIn(key: string): Promise<string[]> {
  const archive = new PMTiles(new UrlRangeSource(key));
  const h = await archive.getHeader();
  const ids = new Set<string>();
  const n = 2 ** 16;
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const ty = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  for (let x = tx(h.minLon); x <= tx(h.maxLon); x++) {
    for (let y = ty(h.maxLat); y <= ty(h.minLat); y++) {
      const t = await archive.getZxy(16, x, y);
      if (!t) continue;
      const bytes = new Uint8Array(t.data);
      const tile = new VectorTile(new PbfReader(bytes[0] === 0x1f ? gunzipSync(bytes) : bytes));
      const layer = tile.layers.ledger;
      for (let i = 0; i < (layer?.length ?? 0); i++) ids.add(String(layer.feature(i).properties.id));
    }
  }
  return [...ids].sort();
}

async function keys(prefix: string): Promise<string[]> {
  const listed = await s3Client(endpoint).send(new ListObjectsV2Command({ Bucket: 'maps', Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

describe('republishing a layer archive when the layer changes', () => {
  it('publishes at start, then a new versioned key on change; TileJSON follows', async () => {
    const store = await Store.open(':memory:');
    await loadLedger(store, LEDGER.features);
    const { app, ctx } = await createApp(store, {
      publishPmtiles: { target: 's3://maps/county', endpoint, layers: ['ledger'], minzoom: 14, maxzoom: 16, debounceMs: 0 },
    });
    try {
      await ctx.republisher!.idle();
      const first = await (await app.request('/pmtiles/ledger.json')).json();
      expect(first.key).toMatch(/^county\/ledger-\d{8}T\d{9}Z\.pmtiles$/);
      expect(first.tiles).toEqual([`pmtiles://${endpoint}/maps/${first.key}/{z}/{x}/{y}`]);
      expect([first.minzoom, first.maxzoom]).toEqual([14, 16]);
      expect(await idsIn(first.key)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);

      // The layer changes: L5 is gone.
      const changed = LEDGER.features.slice(0, 4);
      await loadLedger(store, changed);
      ctx.events.emit('layer-changed', { layer: 'ledger' });
      await ctx.republisher!.idle();
      const second = await (await app.request('/pmtiles/ledger.json')).json();
      expect(second.key).not.toBe(first.key);
      expect(second.version).not.toBe(first.version);
      expect(await idsIn(second.key)).toEqual(['L1', 'L2', 'L3', 'L4']);
      // Both archives stay (clients holding the old URL keep reading it); latest.json names the new.
      expect(await keys('county/')).toEqual([first.key, second.key, 'county/ledger.latest.json'].sort());

      // A layer the setting does not name changes nothing.
      ctx.events.emit('layer-changed', { layer: 'footprints' });
      await ctx.republisher!.idle();
      expect((await keys('county/')).length).toBe(3);
    } finally {
      ctx.republisher!.stop();
      store.close();
    }
  }, 120_000);

  it('adopts the archive already published for the same layer version after a restart', async () => {
    const store = await Store.open(':memory:');
    await loadLedger(store, LEDGER.features);
    const setting = { target: 's3://maps/again', endpoint, layers: ['ledger'], minzoom: 14, maxzoom: 15, debounceMs: 0 };
    const a = await createApp(store, { publishPmtiles: setting });
    await a.ctx.republisher!.idle();
    a.ctx.republisher!.stop();
    const b = await createApp(store, { publishPmtiles: setting });
    await b.ctx.republisher!.idle();
    b.ctx.republisher!.stop();
    expect((await keys('again/')).filter((k) => k.endsWith('.pmtiles')).length).toBe(1);
    expect((await (await b.app.request('/pmtiles/ledger.json')).json()).key).toBe((await (await a.app.request('/pmtiles/ledger.json')).json()).key);
    store.close();
  }, 120_000);

  it('a refused upload publishes nothing and says why', async () => {
    const store = await Store.open(':memory:');
    await loadLedger(store, LEDGER.features);
    const { app, ctx } = await createApp(store, {
      publishPmtiles: { target: 's3://no-such-bucket/x', endpoint, layers: ['ledger'], minzoom: 14, maxzoom: 14, debounceMs: 0 },
    });
    await ctx.republisher!.idle();
    ctx.republisher!.stop();
    const res = await app.request('/pmtiles/ledger.json');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/no archive of ledger has been published yet \(last attempt: upload to s3:\/\/no-such-bucket\/x\/ledger-.*NoSuchBucket/);
    const list = await (await app.request('/pmtiles')).json();
    expect(list.archives[0]).toMatchObject({ layer: 'ledger', current: null });
    store.close();
  }, 60_000);

  it('refuses a setting naming an unknown layer or a bad target', async () => {
    const store = await Store.open(':memory:');
    await expect(createApp(store, { publishPmtiles: { target: 's3://maps/x', endpoint, layers: ['rivers'] } })).rejects.toThrow(/unknown layer rivers/);
    await expect(createApp(store, { publishPmtiles: { target: 'maps/x', endpoint, layers: ['ledger'] } })).rejects.toThrow(/not s3:\/\/bucket/);
    store.close();
  });
});
