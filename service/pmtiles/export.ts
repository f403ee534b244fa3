// A PMTiles archive of some layers over an area, made by the very tile routes /tiles serves
// (same source, same encoder and zoom rules, check results joined on), so an offline tablet
// shows what the live map shows. Tiles are asked for in tile-id order and written as they come.
import { zxyToTileId } from 'pmtiles';
import type { Store } from '../store/index.ts';
import type { BBox } from '../store/index.ts';
import { createTileRoutes, lonLatToTile, type TileLayerInfo, type TileSource } from '../tiles/index.ts';
import { MAX_LAT } from '../tiles/tile-math.ts';
import { tileJson } from '../tiles/tilejson.ts';
import { PmtilesWriter, type ArchiveStats } from './writer.ts';

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

function tilesOf(bbox: BBox, z: number): [number, number, number][] {
  const clampLat = (v: number) => Math.max(-MAX_LAT, Math.min(MAX_LAT, v));
  const a = lonLatToTile(bbox[0], clampLat(bbox[3]), z);
  const b = lonLatToTile(bbox[2], clampLat(bbox[1]), z);
  const out: [number, number, number][] = [];
  for (let x = a.x; x <= b.x; x++) for (let y = a.y; y <= b.y; y++) out.push([z, x, y]);
  return out.sort((p, q) => zxyToTileId(...p) - zxyToTileId(...q));
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

  // Small cache: each tile is asked for once.
  const routes = createTileRoutes({ source, cacheBytes: 4 * 1024 * 1024 });
  const spec = o.layers.join(',');
  const all = [];
  for (let z = minzoom; z <= maxzoom; z++) all.push(...tilesOf(bbox, z));
  const writer = new PmtilesWriter(o.out);
  let empty = 0;
  try {
    for (let i = 0; i < all.length; i++) {
      const [z, x, y] = all[i];
      const res = await routes.request(`/${spec}/${z}/${x}/${y}.mvt`);
      if (res.status === 204) {
        empty++;
      } else if (res.status === 200) {
        writer.add(z, x, y, new Uint8Array(await res.arrayBuffer()));
      } else {
        throw new Error(`tile ${z}/${x}/${y}: ${res.status} ${await res.text()}`);
      }
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
  return { ...stats, tiles: all.length, empty, bbox, seconds: (performance.now() - started) / 1000, metadata };
}
