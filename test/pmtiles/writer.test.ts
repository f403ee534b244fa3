// The PMTiles writer read back by the `pmtiles` package's own reader: every tile of every zoom up
// to 7 (21,845 tiles; the root's room is lowered so that leaf directories are needed), with runs and repeated tiles.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import { zxyToTileId } from 'pmtiles';
import { PmtilesWriter } from '../../service/pmtiles/writer.ts';
import { serializeDirectory, writeVarint } from '../../service/pmtiles/directory.ts';
import { openArchive } from './node-source.ts';

/** Tile content: unique per tile, except a few repeated patterns (runs and scattered copies). */
function content(z: number, x: number, y: number): Uint8Array {
  if (z === 7 && y === 10) return new TextEncoder().encode('ocean'); // copies scattered in Hilbert order
  if (z === 6 && x < 4) return new TextEncoder().encode('land'); // copies, some consecutive (runs)
  const s = `${z}/${x}/${y}:` + 'x'.repeat((x * 7 + y * 3) % 50);
  return new TextEncoder().encode(s);
}

function order(maxZoom: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let z = 0; z <= maxZoom; z++) {
    for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) out.push([z, x, y]);
  }
  return out.sort((a, b) => zxyToTileId(...a) - zxyToTileId(...b));
}

describe('PMTiles writer', () => {
  it('writes varints and directories as the spec lays them out', () => {
    const out: number[] = [];
    writeVarint(out, 300);
    expect(out).toEqual([0xac, 0x02]);
    const big: number[] = [];
    writeVarint(big, 2 ** 33 + 5);
    expect(big).toEqual([0x85, 0x80, 0x80, 0x80, 0x20]);
    // Two entries: ids 5 and 7, contiguous data → second offset written as 0.
    expect([...serializeDirectory([{ tileId: 5, offset: 0, length: 10, runLength: 1 }, { tileId: 7, offset: 10, length: 4, runLength: 2 }])]).toEqual([
      2, 5, 2, 1, 2, 10, 4, 1, 0,
    ]);
  });

  it('round-trips every tile up to zoom 7 through the pmtiles reader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmtiles-'));
    const path = join(dir, 'all.pmtiles');
    const w = new PmtilesWriter(path, 2000);
    const tiles = order(7);
    for (const [z, x, y] of tiles) w.add(z, x, y, content(z, x, y));
    const stats = await w.finish({ bounds: [-180, -85, 180, 85], metadata: { name: 'test', vector_layers: [] } });
    expect(existsSync(`${path}.part`)).toBe(false);
    expect(stats.addressed).toBe(tiles.length);
    expect(stats.contents).toBe(tiles.length - 2 ** 7 - 4 * 2 ** 6 + 2);
    expect(statSync(path).size).toBe(stats.bytes);

    const archive = openArchive(path);
    const h = await archive.getHeader();
    expect(h.specVersion).toBe(3);
    expect([h.minZoom, h.maxZoom]).toEqual([0, 7]);
    expect(h.rootDirectoryLength).toBeLessThanOrEqual(2000);
    expect(h.numAddressedTiles).toBe(tiles.length);
    expect(h.leafDirectoryLength).toBeGreaterThan(0);
    expect(h.clustered).toBe(true);
    expect((await archive.getMetadata()) as object).toEqual({ name: 'test', vector_layers: [] });
    for (const [z, x, y] of tiles) {
      const got = await archive.getZxy(z, x, y);
      expect(got, `${z}/${x}/${y}`).toBeDefined();
      // The reader hands back the stored (gzipped) bytes for tile data; MapLibre's protocol unzips.
      const bytes = new Uint8Array(got!.data);
      const plain = bytes[0] === 0x1f ? gunzipSync(bytes) : bytes;
      expect(new TextDecoder().decode(plain)).toBe(new TextDecoder().decode(content(z, x, y)));
    }
    expect(await archive.getZxy(8, 0, 0)).toBeUndefined();
  }, 120_000);

  it('refuses tiles out of order and leaves nothing behind on an empty archive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmtiles-'));
    const path = join(dir, 'bad.pmtiles');
    const w = new PmtilesWriter(path);
    w.add(1, 0, 0, new Uint8Array([1]));
    expect(() => w.add(0, 0, 0, new Uint8Array([1]))).toThrow(/out of tile-id order/);
    w.abort();
    const empty = new PmtilesWriter(path);
    await expect(empty.finish({ bounds: [0, 0, 1, 1], metadata: {} })).rejects.toThrow(/no tiles/);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.data.part`)).toBe(false);
  });
});
