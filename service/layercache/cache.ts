// Layers kept in memory as columns, one entry per layer, valid for one layer version: a check
// whose layers did not change since the last read reads nothing from DuckDB. A new version (a
// load, a clear, a field edit) is noticed by comparing layer_meta's version on each use, so no
// writer has to remember to invalidate.
import type { LayerName } from '../layers/schema.ts';
import type { Store } from '../store/index.ts';
import type { ColumnarLayer } from './columnar.ts';
import { readColumnar } from './read.ts';
import { boxIndex } from './box-index.ts';

export class LayerCache {
  private readonly entries = new Map<LayerName, ColumnarLayer>();
  private readonly pending = new Map<LayerName, Promise<ColumnarLayer>>();
  /** Layer reads from DuckDB so far (a run on unchanged layers adds none). */
  reads = 0;

  constructor(private readonly store: Store) {}

  /** The cached layer if it is of `version`, without touching DuckDB. */
  peek(layer: LayerName, version: number): ColumnarLayer | undefined {
    const hit = this.entries.get(layer);
    return hit && hit.version === version ? hit : undefined;
  }

  /**
   * The layer at its current version: from memory when unchanged, else read (once, however many
   * callers ask at the same time).
   */
  async get(layer: LayerName, version?: number): Promise<ColumnarLayer> {
    const current = version ?? (await this.store.versions())[layer];
    const hit = this.peek(layer, current);
    if (hit) return hit;
    let p = this.pending.get(layer);
    if (!p) {
      // The index is built with the read: tiles and the check thread both need it.
      this.reads++;
      p = this.store.db.with((conn) => readColumnar(conn, layer)).then((col) => (boxIndex(col), col));
      this.pending.set(layer, p);
      p.then(
        (read) => {
          const old = this.entries.get(layer);
          if (!old || old.version <= read.version) this.entries.set(layer, read);
        },
        () => undefined,
      ).finally(() => this.pending.delete(layer));
    }
    const read = await p;
    // Another load may have landed while reading: the read carries the version it saw.
    return read.version >= current ? read : this.get(layer);
  }

  /** Several layers at their current versions, in order; `onLayer(done, total)` after each. */
  async getAll(layers: readonly LayerName[], onLayer?: (done: number, total: number) => void): Promise<ColumnarLayer[]> {
    const versions = await this.store.versions();
    // All at once: DuckDB scans one layer on its threads while this thread decodes another.
    let done = 0;
    return Promise.all(
      layers.map(async (layer) => {
        const col = await this.get(layer, versions[layer]);
        onLayer?.(++done, layers.length);
        return col;
      }),
    );
  }

  /** Drops a layer's columns (memory back at once when a layer is replaced). */
  forget(layer: LayerName): void {
    this.entries.delete(layer);
  }
}
