// Counties' layers in memory as columns, one entry per county and layer, valid for one version.
// Every use names the version the caller just read from layer_meta, so a node never serves a
// layer older than the database's, whichever node took the write. The least recently used
// entries go when more than `maxEntries` are held (a province has more layers than one node's
// memory).
import type pg from 'pg';
import type { LayerName } from '../layers/schema.ts';
import type { ColumnarLayer } from '../layercache/columnar.ts';
import { readColumnarPg } from '../layercache/read-pg.ts';
import { boxIndex } from '../layercache/box-index.ts';

export class CountyLayerCache {
  private readonly entries = new Map<string, ColumnarLayer>();
  private readonly pending = new Map<string, Promise<ColumnarLayer>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly maxEntries = 48,
  ) {}

  /** The layer at `version` or newer: from memory when held, else read once however many ask. */
  async get(county: string, layer: LayerName, version: number): Promise<ColumnarLayer> {
    const key = `${county}/${layer}`;
    const hit = this.entries.get(key);
    if (hit && hit.version >= version) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    let p = this.pending.get(key);
    if (!p) {
      p = this.read(county, layer);
      this.pending.set(key, p);
      p.then(
        (col) => this.keep(key, col),
        () => undefined,
      ).finally(() => this.pending.delete(key));
    }
    const col = await p;
    // A read that started before the write the caller saw: read again.
    return col.version >= version ? col : this.get(county, layer, version);
  }

  /** The layer if it is held at `version` or newer, without reading anything. */
  peek(county: string, layer: LayerName, version: number): ColumnarLayer | undefined {
    const hit = this.entries.get(`${county}/${layer}`);
    return hit && hit.version >= version ? hit : undefined;
  }

  /** How many layers are held (for tests and health). */
  get size(): number {
    return this.entries.size;
  }

  private async read(county: string, layer: LayerName): Promise<ColumnarLayer> {
    const client = await this.pool.connect();
    try {
      const col = await readColumnarPg(client, county, layer);
      boxIndex(col);
      return col;
    } finally {
      client.release();
    }
  }

  private keep(key: string, col: ColumnarLayer): void {
    const old = this.entries.get(key);
    if (old && old.version > col.version) return;
    this.entries.delete(key);
    this.entries.set(key, col);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
