// Rendered tiles kept in memory, bounded in bytes, least recently used out first. The key holds
// the layers' versions, so a new version simply misses; evictLayer frees a stale layer's bytes
// at once instead of waiting for them to age out.

export type TileEncoding = 'identity' | 'gzip' | 'br';

export interface CachedTile {
  /** Layers shown in the tile (one, or several for a composite). */
  layers: string[];
  etag: string;
  /** z, x, y of the tile (for dropping the tiles of an area). */
  tile?: [number, number, number];
  /** Coarsening steps needed to fit the size cap (0 = none). */
  reduced: number;
  /** The tile in each encoding made so far; identity always. Empty bytes = empty tile. */
  bodies: Partial<Record<TileEncoding, Uint8Array<ArrayBuffer>>>;
}

/** Bookkeeping bytes counted per entry besides its bodies (key, object, map slot). */
const ENTRY_OVERHEAD = 200;

export class TileCache {
  private readonly entries = new Map<string, CachedTile>();
  private size = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {
    if (!(maxBytes >= 0)) throw new Error(`tiles: cache size ${maxBytes} must be a number of bytes ≥ 0`);
  }

  static key(layers: string[], versions: string[], z: number, x: number, y: number): string {
    return `${layers.join(',')}@${versions.join(',')}/${z}/${x}/${y}`;
  }

  get bytes(): number {
    return this.size;
  }

  get count(): number {
    return this.entries.size;
  }

  get(key: string): CachedTile | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: CachedTile): void {
    this.delete(key);
    const cost = entryCost(entry);
    if (cost > this.maxBytes) return;
    this.entries.set(key, entry);
    this.size += cost;
    this.trim();
  }

  /** Stores another encoding of a cached tile (compressed once, served many times). */
  addBody(key: string, encoding: TileEncoding, body: Uint8Array<ArrayBuffer>): void {
    const entry = this.entries.get(key);
    if (!entry || entry.bodies[encoding]) return;
    entry.bodies[encoding] = body;
    this.size += body.byteLength;
    this.trim();
  }

  /** Swaps a cached encoding for a smaller one of the same bytes (a re-compression at a higher level). */
  replaceBody(key: string, encoding: TileEncoding, body: Uint8Array<ArrayBuffer>): void {
    const entry = this.entries.get(key);
    const old = entry?.bodies[encoding];
    if (!entry || !old || body.byteLength >= old.byteLength) return;
    entry.bodies[encoding] = body;
    this.size += body.byteLength - old.byteLength;
    this.trim();
  }

  /** Drops every tile that shows `layer`, alone or in a composite. Returns how many. */
  evictLayer(layer: string): number {
    let n = 0;
    for (const [key, entry] of this.entries) {
      if (entry.layers.includes(layer)) {
        this.delete(key);
        n++;
      }
    }
    return n;
  }

  /** Drops the tiles showing `layer` for which `covers(z, x, y)` holds. Returns how many. */
  evictTiles(layer: string, covers: (z: number, x: number, y: number) => boolean): number {
    let n = 0;
    for (const [key, entry] of this.entries) {
      if (entry.tile && entry.layers.includes(layer) && covers(...entry.tile)) {
        this.delete(key);
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.size -= entryCost(old);
  }

  private trim(): void {
    for (const key of this.entries.keys()) {
      if (this.size <= this.maxBytes) break;
      this.delete(key);
    }
  }
}

function entryCost(entry: CachedTile): number {
  let n = ENTRY_OVERHEAD;
  for (const body of Object.values(entry.bodies)) n += body?.byteLength ?? 0;
  return n;
}
