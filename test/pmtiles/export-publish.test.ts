// tiles export end to end on the sample county: the archive is published to s3rver on loopback,
// read back through the pmtiles reader with HTTP range requests, and every tile z8–z16 over the
// area decodes to the same features as /tiles serves. A refused upload publishes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalS3, type LocalS3 } from '../kit/s3-local.ts';
import { gunzipSync } from 'fflate';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles, tileIdToZxy, type RangeResponse, type Source } from 'pmtiles';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Store } from '../../service/store/index.ts';
import { loadDataset } from '../../service/datasets/load.ts';
import { createApp } from '../../service/app.ts';
import { exportArchive } from '../../service/pmtiles/export.ts';
import { publishArchive, s3Client, parseS3Url } from '../../service/pmtiles/publish.ts';

const LAYERS = ['ledger', 'footprints', 'fire_lanes', 'townships'];
// A 1.1 km × 1.1 km square in the sample county's centre: z8–z16 is about 20 tiles.
const BBOX: [number, number, number, number] = [119.80, 28.90, 119.811, 28.91];

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
let ctx: Awaited<ReturnType<typeof createApp>>['ctx'];
let s3: LocalS3;
let endpoint: string;
const dir = mkdtempSync(join(tmpdir(), 'gt-pmtiles-'));

beforeAll(async () => {
  store = await Store.open(':memory:');
  await loadDataset(store, new URL('../../data/sample/', import.meta.url).pathname);
  ({ app, ctx } = await createApp(store));
  s3 = await startLocalS3(dir, 'maps');
  endpoint = s3.endpoint;
}, 120_000);
afterAll(async () => {
  await s3?.close();
  store?.close();
});

/** The pmtiles reader's Source over S3 range requests (the bucket is private, so signed GETs). */
class S3RangeSource implements Source {
  constructor(
    private readonly bucket: string,
    private readonly key: string,
  ) {}
  getKey() {
    return `${this.bucket}/${this.key}`;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const res = await s3Client(endpoint).send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key, Range: `bytes=${offset}-${offset + length - 1}` }));
    expect(res.ContentRange).toMatch(new RegExp(`^bytes ${offset}-`));
    const bytes = await res.Body!.transformToByteArray();
    return { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
  }
}

/** Features of a tile as sorted "layer:id:type:props" strings, for comparing two tiles. */
function decode(bytes: Uint8Array): string[] {
  const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const tile = new VectorTile(new PbfReader(plain));
  const out: string[] = [];
  for (const [name, layer] of Object.entries(tile.layers)) {
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      out.push(`${name}:${f.id}:${f.type}:${JSON.stringify(f.properties)}:${JSON.stringify(f.loadGeometry())}`);
    }
  }
  return out.sort();
}

describe('tiles export → s3 → pmtiles reader', () => {
  it('serves the same features as /tiles for every tile z8–z16', async () => {
    const out = join(dir, 'centre.pmtiles');
    const result = await exportArchive(store, ctx.tiles, { layers: LAYERS, bbox: BBOX, minzoom: 8, maxzoom: 16, out });
    expect(result.tiles).toBeGreaterThan(15);
    const pub = await publishArchive(s3Client(endpoint), out, parseS3Url('s3://maps/county/v'), endpoint);
    expect(pub.key).toMatch(/^county\/v\/centre-\d{8}T\d{9}Z\.pmtiles$/);

    const latest = JSON.parse(await (await s3Client(endpoint).send(new GetObjectCommand({ Bucket: 'maps', Key: pub.latestKey }))).Body!.transformToString());
    expect(latest.key).toBe(pub.key);

    const archive = new PMTiles(new S3RangeSource(pub.bucket, pub.key));
    const header = await archive.getHeader();
    expect([header.minZoom, header.maxZoom]).toEqual([8, 16]);
    let compared = 0;
    for (let z = 8; z <= 16; z++) {
      const n = 2 ** z;
      const x0 = Math.floor(((BBOX[0] + 180) / 360) * n);
      const x1 = Math.floor(((BBOX[2] + 180) / 360) * n);
      const lat = (d: number) => Math.floor(((1 - Math.log(Math.tan((d * Math.PI) / 180) + 1 / Math.cos((d * Math.PI) / 180)) / Math.PI) / 2) * n);
      for (let x = x0; x <= x1; x++) {
        for (let y = lat(BBOX[3]); y <= lat(BBOX[1]); y++) {
          const live = await app.request(`/tiles/${LAYERS.join(',')}/${z}/${x}/${y}.mvt`);
          const stored = await archive.getZxy(z, x, y);
          if (live.status === 204) {
            expect(stored, `${z}/${x}/${y} is empty live`).toBeUndefined();
            continue;
          }
          expect(stored, `${z}/${x}/${y}`).toBeDefined();
          const a = decode(new Uint8Array(await live.arrayBuffer()));
          expect(a.length).toBeGreaterThan(0);
          expect(decode(new Uint8Array(stored!.data)), `${z}/${x}/${y}`).toEqual(a);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10);
    expect(tileIdToZxy(0)).toEqual([0, 0, 0]);
  }, 300_000);

  it('a refused upload is an error naming the target, and publishes nothing', async () => {
    const out = join(dir, 'refused.pmtiles');
    await exportArchive(store, ctx.tiles, { layers: ['townships'], bbox: BBOX, minzoom: 8, maxzoom: 9, out });
    await expect(publishArchive(s3Client(endpoint), out, parseS3Url('s3://no-such-bucket/x'), endpoint)).rejects.toThrow(
      /upload to s3:\/\/no-such-bucket\/x\/refused-.*refused: .*NoSuchBucket.*nothing was published/,
    );
    const listed = await s3Client(endpoint).send(new ListObjectsV2Command({ Bucket: 'maps', Prefix: 'x/' }));
    expect(listed.KeyCount ?? 0).toBe(0);
  }, 120_000);

  it('refuses an unknown township and an unknown layer', async () => {
    await expect(exportArchive(store, ctx.tiles, { layers: ['ledger'], township: '不存在镇', out: join(dir, 'x.pmtiles') })).rejects.toThrow(/不存在镇/);
    await expect(exportArchive(store, ctx.tiles, { layers: ['rivers'], out: join(dir, 'x.pmtiles') })).rejects.toThrow(/unknown layer rivers/);
  });
});
