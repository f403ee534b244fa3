// Which tiles of an export can hold anything: a tile is rendered only when some feature's bbox
// meets the tile's buffered bbox, the same test the tile query makes. Found top-down from the
// layers' bbox columns: a child's buffered bbox lies inside its parent's, so each child only
// looks at its parent's hits, and a county's empty fields, hills and lakes are never rendered.
import { zxyToTileId } from 'pmtiles';
import type { BBox, Store } from '../store/index.ts';
import { isLayerName } from '../layers/schema.ts';
import { layerTable } from '../store/tables.ts';
import { bufferedTileBbox, lonLatToTile } from '../tiles/index.ts';
import { MAX_LAT } from '../tiles/tile-math.ts';

export interface TilePlan {
  /** [z, x, y] in tile-id order. */
  tiles: [number, number, number][];
  /** Tiles over the area with no feature near them. */
  skipped: number;
}

/** Feature bboxes (4 numbers each) of the layers that meet `area`. */
export async function featureBoxes(store: Store, layers: string[], area: BBox): Promise<Float64Array> {
  const parts: number[][] = [];
  for (const layer of layers) {
    if (!isLayerName(layer)) continue;
    const conn = await store.db.connect();
    try {
      const r = await conn.runAndReadAll(`SELECT xmin, ymin, xmax, ymax FROM ${layerTable(layer)} WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?`, [
        area[0],
        area[2],
        area[1],
        area[3],
      ]);
      const cols = r.getColumnsJS() as number[][];
      const flat = new Array<number>(cols[0].length * 4);
      for (let i = 0; i < cols[0].length; i++) for (let c = 0; c < 4; c++) flat[4 * i + c] = Number(cols[c][i]);
      parts.push(flat);
    } finally {
      conn.closeSync();
    }
  }
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

function rangeOf(area: BBox, z: number) {
  const clampLat = (v: number) => Math.max(-MAX_LAT, Math.min(MAX_LAT, v));
  const a = lonLatToTile(area[0], clampLat(area[3]), z);
  const b = lonLatToTile(area[2], clampLat(area[1]), z);
  return { x0: a.x, x1: b.x, y0: a.y, y1: b.y };
}

/** The tiles from minzoom to maxzoom over `area` that some box meets (buffer in tile units of extent). */
export function planTiles(boxes: Float64Array, area: BBox, minzoom: number, maxzoom: number, buffer: number, extent: number): TilePlan {
  const tiles: [number, number, number][] = [];
  const ranges = new Map<number, ReturnType<typeof rangeOf>>();
  for (let z = minzoom; z <= maxzoom; z++) ranges.set(z, rangeOf(area, z));
  let total = 0;
  for (const r of ranges.values()) total += (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1);

  const meeting = (z: number, x: number, y: number, from: Int32Array): Int32Array => {
    const [w, s, e, n] = bufferedTileBbox(z, x, y, buffer, extent);
    const hits = new Int32Array(from.length);
    let k = 0;
    for (let j = 0; j < from.length; j++) {
      const i = from[j] * 4;
      if (boxes[i + 2] >= w && boxes[i] <= e && boxes[i + 3] >= s && boxes[i + 1] <= n) hits[k++] = from[j];
    }
    return hits.subarray(0, k);
  };
  const visit = (z: number, x: number, y: number, from: Int32Array) => {
    const r = ranges.get(z)!;
    if (x < r.x0 || x > r.x1 || y < r.y0 || y > r.y1) return;
    const hits = meeting(z, x, y, from);
    if (!hits.length) return;
    tiles.push([z, x, y]);
    if (z < maxzoom) for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) visit(z + 1, 2 * x + dx, 2 * y + dy, hits);
  };
  const all = new Int32Array(boxes.length / 4);
  for (let i = 0; i < all.length; i++) all[i] = i;
  const top = ranges.get(minzoom)!;
  for (let x = top.x0; x <= top.x1; x++) for (let y = top.y0; y <= top.y1; y++) visit(minzoom, x, y, all);
  tiles.sort((p, q) => zxyToTileId(...p) - zxyToTileId(...q));
  return { tiles, skipped: total - tiles.length };
}
