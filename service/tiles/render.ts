// Stages 2–4 for one layer of one tile: clip to the buffered tile, simplify by zoom, snap to the
// integer grid, drop what became degenerate, wind rings the MVT way, and merge polygons too small
// to see into a few pixel-sized squares (tippecanoe's "tiny polygon reduction": the areas of
// dropped polygons accumulate and each time they add up to one minimum area a square of that area
// is drawn where the last one was, so density still shows at low zoom).
import type { TileFeature } from './types.ts';
import { ensurePolygons, type Flat, type ProjectedFeature, type TinyPolygons } from './project.ts';
import { clipLine, clipRing } from './clip.ts';
import { ringKeep, simplifyLine } from './simplify.ts';

export interface RenderParams {
  extent: number;
  /** Tile units kept around the tile. */
  buffer: number;
  /** Douglas–Peucker tolerance in tile units (0 = none). */
  tolerance: number;
  /** Polygons (and holes) smaller than this, in tile units², are merged away (0 = keep all). */
  minArea: number;
}

/** A feature ready to encode: integer tile coordinates, rings closed implicitly and wound. */
export interface RenderedFeature {
  feature: TileFeature;
  type: 1 | 2 | 3;
  /** type 1: one part with every point; type 2: one part per line; type 3: rings in MVT order. */
  parts: Int32Array[];
}

export interface RenderStats {
  /** Polygons below minArea that were merged away. */
  merged: number;
  /** Squares drawn in their place. */
  mergedSquares: number;
}

export function renderLayer(
  projected: ProjectedFeature[],
  tiny: TinyPolygons | null,
  p: RenderParams,
  stats: RenderStats,
): RenderedFeature[] {
  const lo = -p.buffer;
  const hi = p.extent + p.buffer;
  const sqTol = p.tolerance * p.tolerance;
  const out: RenderedFeature[] = [];
  let tinyArea = 0;
  const side = Math.sqrt(p.minArea);
  // Polygons known tiny before rendering (below the smallest minArea of any step).
  if (tiny) {
    const { cx, cy, area, index } = tiny;
    stats.merged += tiny.count;
    for (let i = 0; i < tiny.count; i++) {
      if (cx[i] >= 0 && cx[i] < p.extent && cy[i] >= 0 && cy[i] < p.extent) {
        tinyArea += area[i];
        if (tinyArea >= p.minArea) {
          tinyArea -= p.minArea;
          stats.mergedSquares++;
          out.push({ feature: tiny.features[index[i]], type: 3, parts: [square(cx[i], cy[i], side)] });
        }
      }
    }
  }
  for (const f of projected) {
    if (f.maxX < lo || f.minX > hi || f.maxY < lo || f.minY > hi) continue;
    const inside = f.minX >= lo && f.maxX <= hi && f.minY >= lo && f.maxY <= hi;
    if (f.type === 1) {
      const part = renderPoints(f.points, lo, hi);
      if (part.length) out.push({ feature: f.feature, type: 1, parts: [part] });
    } else if (f.type === 2) {
      const parts: Int32Array[] = [];
      for (const line of f.lines) {
        for (const piece of inside ? [line] : clipLine(line, lo, hi)) {
          const snapped = snap(simplifyLine(piece, sqTol), false);
          if (snapped.length >= 4) parts.push(snapped);
        }
      }
      if (parts.length) out.push({ feature: f.feature, type: 2, parts });
    } else {
      if (p.minArea > 0) {
        const area = f.area;
        if (area < p.minArea) {
          stats.merged++;
          // Count each tiny polygon in one tile only: the one holding its centre.
          const cx = (f.minX + f.maxX) / 2;
          const cy = (f.minY + f.maxY) / 2;
          if (cx >= 0 && cx < p.extent && cy >= 0 && cy < p.extent) {
            tinyArea += area;
            if (tinyArea >= p.minArea) {
              tinyArea -= p.minArea;
              stats.mergedSquares++;
              out.push({ feature: f.feature, type: 3, parts: [square(cx, cy, side)] });
            }
          }
          continue;
        }
      }
      const parts: Int32Array[] = [];
      for (const poly of ensurePolygons(f)) {
        for (let r = 0; r < poly.length; r++) {
          const clipped = inside ? poly[r] : clipRing(poly[r], lo, hi);
          const ring = finishRing(clipped, ringKeep(clipped, sqTol), r === 0, r === 0 ? 0 : p.minArea);
          if (ring) parts.push(ring);
          else if (r === 0) break; // no exterior, no holes
        }
      }
      if (parts.length) out.push({ feature: f.feature, type: 3, parts });
    }
  }
  return out;
}

function renderPoints(points: Flat, lo: number, hi: number): Int32Array {
  const kept: number[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const x = Math.round(points[i]);
    const y = Math.round(points[i + 1]);
    if (x >= lo && x <= hi && y >= lo && y <= hi) kept.push(x, y);
  }
  return Int32Array.from(kept);
}

/** Rounds to the grid and drops consecutive repeats (and, for rings, a last point equal to the first). */
function snap(coords: Flat, ring: boolean): Int32Array {
  return snapKept(coords, null, ring);
}

/** Scratch for snapping: each result is copied out at its final length. */
let SNAP = new Int32Array(1024);

/** snap over the points `keep` marks (all when null), as snap(simplified) would give. */
function snapKept(coords: Flat, keep: Uint8Array | null, ring: boolean): Int32Array {
  if (SNAP.length < coords.length) SNAP = new Int32Array(Math.max(coords.length, 2 * SNAP.length));
  const out = SNAP;
  let n = 0;
  for (let i = 0; i < coords.length; i += 2) {
    if (keep && !keep[i >> 1]) continue;
    const x = Math.round(coords[i]);
    const y = Math.round(coords[i + 1]);
    if (n > 0 && out[n - 2] === x && out[n - 1] === y) continue;
    out[n++] = x;
    out[n++] = y;
  }
  if (ring) while (n >= 4 && out[n - 2] === out[0] && out[n - 1] === out[1]) n -= 2;
  return out.slice(0, n);
}

/**
 * Snaps a ring (the points `keep` marks, all when null) and winds it: exterior clockwise in
 * y-down space (positive area), holes negative.
 */
function finishRing(coords: Flat, keep: Uint8Array | null, exterior: boolean, minArea: number): Int32Array | null {
  const ring = snapKept(coords, keep, true);
  if (ring.length < 6) return null;
  const area = signedArea(ring);
  if (area === 0 || Math.abs(area) < minArea) return null;
  if (area > 0 !== exterior) reverseRing(ring);
  return ring;
}

/** Surveyor's formula over an open ring; positive = clockwise when y points down (MVT 4.3.4.4). */
export function signedArea(ring: ArrayLike<number>): number {
  let sum = 0;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) sum += ring[j] * ring[i + 1] - ring[i] * ring[j + 1];
  return sum / 2;
}

function reverseRing(ring: Int32Array): void {
  for (let i = 0, j = ring.length - 2; i < j; i += 2, j -= 2) {
    const x = ring[i];
    const y = ring[i + 1];
    ring[i] = ring[j];
    ring[i + 1] = ring[j + 1];
    ring[j] = x;
    ring[j + 1] = y;
  }
}

/** An axis-aligned square of side `side` centred on cx, cy, wound clockwise (y down). */
function square(cx: number, cy: number, side: number): Int32Array {
  const h = Math.max(1, Math.round(side / 2));
  const x = Math.round(cx);
  const y = Math.round(cy);
  return Int32Array.from([x - h, y - h, x + h, y - h, x + h, y + h, x - h, y + h]);
}
