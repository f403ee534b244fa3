// A PMTiles v3 archive writer. Tiles must arrive in tile-id order (zoom by zoom, Hilbert order
// within a zoom: see tileOrder) so that the archive is clustered. Identical tiles are stored
// once — consecutive ones as one run, others as entries pointing at the same bytes. Tile data
// goes to a side file as it comes; finish() writes header, root directory, metadata and leaves,
// appends the data, and renames the result into place, so a failed export leaves no archive.
import { closeSync, createReadStream, createWriteStream, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'fflate';
import { zxyToTileId } from 'pmtiles';
import { buildDirectories, type DirEntry } from './directory.ts';
import { HEADER_BYTES, serializeHeader } from './header.ts';

const GZIP = 2;
const MVT = 1;

export interface ArchiveInfo {
  bounds: [number, number, number, number];
  center?: [number, number, number];
  metadata: Record<string, unknown>;
}

export interface ArchiveStats {
  addressed: number;
  entries: number;
  contents: number;
  bytes: number;
}

const gzip = (b: Uint8Array) => gzipSync(b, { level: 6, mtime: 0 });

export class PmtilesWriter {
  private readonly entries: DirEntry[] = [];
  private readonly byHash = new Map<string, { offset: number; length: number }>();
  private readonly dataPath: string;
  private readonly fd: number;
  private dataLength = 0;
  private lastId = -1;
  private minZoom = 99;
  private maxZoom = -1;
  private addressed = 0;

  /** `rootMax` lowers the root directory's room (tests use it to force leaf directories). */
  constructor(
    private readonly outPath: string,
    private readonly rootMax?: number,
  ) {
    this.dataPath = `${outPath}.data.part`;
    this.fd = openSync(this.dataPath, 'w');
  }

  /** Adds one MVT tile (uncompressed bytes; stored gzipped). Empty tiles should not be added. */
  add(z: number, x: number, y: number, mvt: Uint8Array): void {
    const id = zxyToTileId(z, x, y);
    if (id <= this.lastId) throw new Error(`pmtiles: tile ${z}/${x}/${y} added out of tile-id order`);
    this.lastId = id;
    this.minZoom = Math.min(this.minZoom, z);
    this.maxZoom = Math.max(this.maxZoom, z);
    this.addressed++;
    const hash = createHash('sha1').update(mvt).digest('base64');
    const prev = this.entries[this.entries.length - 1];
    const seen = this.byHash.get(hash);
    if (seen && prev && prev.offset === seen.offset && prev.tileId + prev.runLength === id) {
      prev.runLength++;
      return;
    }
    if (seen) {
      this.entries.push({ tileId: id, offset: seen.offset, length: seen.length, runLength: 1 });
      return;
    }
    const bytes = gzip(mvt);
    writeSync(this.fd, bytes);
    const at = { offset: this.dataLength, length: bytes.length };
    this.dataLength += bytes.length;
    this.byHash.set(hash, at);
    this.entries.push({ tileId: id, ...at, runLength: 1 });
  }

  async finish(info: ArchiveInfo): Promise<ArchiveStats> {
    closeSync(this.fd);
    const partPath = `${this.outPath}.part`;
    try {
      if (this.entries.length === 0) throw new Error('pmtiles: no tiles to write (is the area empty?)');
      const { root, leaves } = buildDirectories(this.entries, gzip, this.rootMax, this.rootMax ? 256 : undefined);
      const metadata = gzip(new TextEncoder().encode(JSON.stringify(info.metadata)));
      const rootOffset = HEADER_BYTES;
      const metaOffset = rootOffset + root.length;
      const leafOffset = metaOffset + metadata.length;
      const dataOffset = leafOffset + leaves.length;
      const center = info.center ?? [(info.bounds[0] + info.bounds[2]) / 2, (info.bounds[1] + info.bounds[3]) / 2, this.minZoom];
      const header = serializeHeader({
        rootDirectoryOffset: rootOffset,
        rootDirectoryLength: root.length,
        jsonMetadataOffset: metaOffset,
        jsonMetadataLength: metadata.length,
        leafDirectoryOffset: leafOffset,
        leafDirectoryLength: leaves.length,
        tileDataOffset: dataOffset,
        tileDataLength: this.dataLength,
        numAddressedTiles: this.addressed,
        numTileEntries: this.entries.length,
        numTileContents: this.byHash.size,
        clustered: true,
        internalCompression: GZIP,
        tileCompression: GZIP,
        tileType: MVT,
        minZoom: this.minZoom,
        maxZoom: this.maxZoom,
        bounds: info.bounds,
        centerZoom: Math.round(center[2]),
        center: [center[0], center[1]],
      });
      const out = openSync(partPath, 'w');
      for (const b of [header, root, metadata, leaves]) writeSync(out, b);
      closeSync(out);
      await pipeline(createReadStream(this.dataPath), createWriteStream(partPath, { flags: 'a' }));
      renameSync(partPath, this.outPath);
      return { addressed: this.addressed, entries: this.entries.length, contents: this.byHash.size, bytes: dataOffset + this.dataLength };
    } catch (err) {
      rmSync(partPath, { force: true });
      throw err;
    } finally {
      rmSync(this.dataPath, { force: true });
    }
  }

  /** Gives up: removes the side file (after an error while adding tiles). */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    rmSync(this.dataPath, { force: true });
  }
}
