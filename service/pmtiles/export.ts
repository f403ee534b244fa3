// A PMTiles archive of some layers over an area, rendered by the function /tiles renders with
// (same source, same encoder and zoom rules, check results joined on), so an offline tablet
// shows what the live map shows. Only tiles that some feature comes near are rendered (the tile
// plan), a few at a time so the database's reads overlap the encoder, and written in tile-id order.
import type { Store } from '../store/index.ts';
import type { BBox } from '../store/index.ts';
import { DEFAULT_ENCODE_OPTIONS, renderSourceTile, type TileLayerInfo, type TileSource } from '../tiles/index.ts';
import { tileJson } from '../tiles/tilejson.ts';
import { PmtilesWriter, type ArchiveStats } from './writer.ts';
import { featureBoxes, planTiles } from './tile-plan.ts';

/** Tiles rendered at once: enough for DuckDB reads to overlap encoding on the main thread. */
const IN_FLIGHT = 4;

export interface ExportOptions {
  layers: string[];
  /** [west, south, east, north]; default: the township's bbox, else the layers' own bounds. */
  bbox?: BBox;
  township?: string;
  minzoom?: number;
  maxzoom?: number;
  out: string;
  onProgress?: (done: number, total: number) => void;
}

export interface ExportResult extends ArchiveStats {
  tiles: number;
  empty: number;
  bbox: BBox;
  seconds: number;
  /** Where the time went: columns read, tile plan, rendering (by zoom, in order of completion). */
  phases: { columns: number; plan: number; render: Record<number, number> };
  metadata: Record<string, unknown>;
}

export const DEFAULT_EXPORT_ZOOMS = { minzoom: 8, maxzoom: 16 };

/** The bbox of a township by its name (the townships layer), or an error naming it. */
export async function townshipBBox(store: Store, name: string): Promise<BBox> {
  const found = await store.query('townships', { equals: { name }, limit: 1 });
  if (!found.length) {
    const known = (await store.query('townships', { limit: 50 })).map((t) => t.id);
    throw new Error(`--township ${JSON.stringify(name)} is not in the townships layer${known.length ? ` (known: ${known.join(', ')})` : ' (which is empty)'}`);
  }
  return found[0].bbox;
}

export async function exportArchive(store: Store, source: TileSource, o: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const minzoom = o.minzoom ?? DEFAULT_EXPORT_ZOOMS.minzoom;
  const maxzoom = o.maxzoom ?? DEFAULT_EXPORT_ZOOMS.maxzoom;
  if (!(Number.isInteger(minzoom) && Number.isInteger(maxzoom) && minzoom >= 0 && maxzoom <= 22 && minzoom <= maxzoom)) {
    throw new Error(`zooms must be whole numbers with 0 ≤ --minzoom ≤ --maxzoom ≤ 22; got ${minzoom}..${maxzoom}`);
  }
  if (!o.layers.length) throw new Error('--layers names no layer');
  const known = await source.layers();
  const unknown = o.layers.filter((l) => !known.includes(l));
  if (unknown.length) throw new Error(`unknown layer ${unknown.join(', ')} (layers: ${known.join(', ')})`);
  if (o.bbox && o.township) throw new Error('give --bbox or --township, not both');
  const infos = (await Promise.all(o.layers.map((l) => source.info(l)))) as TileLayerInfo[];
  let bbox = o.bbox ?? (o.township ? await townshipBBox(store, o.township) : null);
  if (!bbox) {
    const bs = infos.map((i) => i.bounds).filter((b): b is BBox => b !== null);
    if (!bs.length) throw new Error(`layers ${o.layers.join(', ')} are empty; nothing to export`);
    bbox = [Math.min(...bs.map((b) => b[0])), Math.min(...bs.map((b) => b[1])), Math.max(...bs.map((b) => b[2])), Math.max(...bs.map((b) => b[3]))];
  }
  const [w, s, e, n] = bbox;
  if (!(w < e && s < n && w >= -180 && e <= 180 && s >= -90 && n <= 90)) throw new Error(`bbox ${bbox.join(',')} is not west,south,east,north in degrees`);

  // Result-free layers render from in-memory columns once they are read; wait for them.
  const warm = source as TileSource & { ready?: (layer: string) => Promise<void> };
  const t0 = performance.now();
  if (warm.ready) for (const l of o.layers) await warm.ready(l);
  const t1 = performance.now();
  const spec = o.layers.join(',');
  const plan = planTiles(await featureBoxes(store, o.layers, bbox), bbox, minzoom, maxzoom, DEFAULT_ENCODE_OPTIONS.buffer, DEFAULT_ENCODE_OPTIONS.extent);
  const all = plan.tiles;
  const t2 = performance.now();
  const renderByZoom: Record<number, number> = {};
  let last = t2;
  const writer = new PmtilesWriter(o.out);
  let empty = plan.skipped;
  const render = (i: number) => {
    const [z, x, y] = all[i];
    const job = renderSourceTile(source, o.layers, infos, z, x, y, DEFAULT_ENCODE_OPTIONS);
    job.catch(() => undefined); // awaited in order below; a later failure must not go unhandled meanwhile
    return job;
  };
  try {
    const queue = all.slice(0, IN_FLIGHT).map((_, i) => render(i));
    for (let i = 0; i < all.length; i++) {
      const tile = await queue.shift()!;
      if (i + IN_FLIGHT < all.length) queue.push(render(i + IN_FLIGHT));
      const now = performance.now();
      renderByZoom[all[i][0]] = (renderByZoom[all[i][0]] ?? 0) + (now - last) / 1000;
      last = now;
      if (tile.bytes.byteLength) writer.add(...all[i], tile.bytes);
      else empty++;
      if (o.onProgress && i % 200 === 0) o.onProgress(i, all.length);
    }
  } catch (err) {
    writer.abort();
    throw err;
  }
  const doc = tileJson(spec, infos, '');
  const metadata = {
    name: o.township ? `${spec} · ${o.township}` : spec,
    description: doc.description,
    vector_layers: doc.vector_layers,
    'groundtruth:versions': Object.fromEntries(await Promise.all(o.layers.map(async (l) => [l, await source.version(l)]))),
    'groundtruth:built_at': new Date().toISOString(),
  };
  const stats = await writer.finish({ bounds: bbox, center: [(w + e) / 2, (s + n) / 2, Math.min(maxzoom, Math.max(minzoom, 12))], metadata });
  return { ...stats, tiles: all.length + plan.skipped, empty, bbox, seconds: (performance.now() - started) / 1000, phases: { columns: (t1 - t0) / 1000, plan: (t2 - t1) / 1000, render: renderByZoom }, metadata };
}
