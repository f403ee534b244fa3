// One raster tile from a GeoTIFF: map the tile's pixels into the source, pick the level (full
// image or overview) whose pixels are nearest the tile's without being coarser, read only the
// window those pixels touch, resample bilinearly and encode. Times of each stage are returned for
// the benchmark.
import sharp from 'sharp';
import type { Raster } from './tiff.ts';
import { pixelMap, TILE_SIZE, type LonLatBox, type PixelProjector } from './warp.ts';
import { sampleBilinear } from './sample.ts';
import { readWindow } from './window.ts';

export const TILE_FORMATS = ['webp', 'png', 'jpg'] as const;
export type TileFormat = (typeof TILE_FORMATS)[number];
export const CONTENT_TYPES: Record<TileFormat, string> = { webp: 'image/webp', png: 'image/png', jpg: 'image/jpeg' };

/** A window larger than this many source pixels a side is not read: the zoom is below the layer's minzoom. */
export const MAX_WINDOW = 4096;

export interface Timings {
  read: number;
  warp: number;
  encode: number;
}

/** A raster ready for tiling: the opened file plus how lon/lat reaches its pixels. */
export interface TileableRaster {
  raster: Raster;
  project: PixelProjector;
  area: LonLatBox;
}

export function projectorFor(raster: Raster): PixelProjector {
  const { crs, originX, originY } = raster;
  const { resX, resY } = raster.levels[0];
  return (lon, lat) => {
    try {
      const [x, y] = crs.fromWgs84(lon, lat);
      return [(x - originX) / resX, (y - originY) / resY];
    } catch {
      return [NaN, NaN];
    }
  };
}

/** Index of the coarsest level still at least as fine as `scale` full-resolution pixels per tile pixel. */
export function levelFor(raster: Raster, scale: number): number {
  const full = raster.levels[0].width;
  let best = 0;
  raster.levels.forEach((level, i) => {
    // 5% slack: an overview a hair coarser than needed looks the same and reads far less.
    if (full / level.width <= scale * 1.05) best = i;
  });
  return best;
}

/** RGBA pixels of tile z/x/y, or null when no pixel of the image falls in it. */
export async function renderRgba(t: TileableRaster, z: number, x: number, y: number, times: Timings): Promise<Uint8Array | null> {
  const { raster } = t;
  let started = performance.now();
  let level = 0;
  const map = pixelMap(z, x, y, t.project, t.area, (scale) => {
    level = levelFor(raster, scale);
    return raster.levels[0].width / raster.levels[level].width;
  });
  const lv = raster.levels[level];
  const factor = raster.levels[0].width / lv.width;
  // The window: every level pixel a tile pixel's bilinear footprint touches.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const { coords } = map;
  for (let k = 0; k < coords.length; k += 2) {
    const px = coords[k] / factor;
    const py = coords[k + 1] / factor;
    if (!(px >= 0 && px < lv.width && py >= 0 && py < lv.height)) continue;
    if (px < minX) minX = px;
    if (px > maxX) maxX = px;
    if (py < minY) minY = py;
    if (py > maxY) maxY = py;
  }
  times.warp += performance.now() - started;
  if (minX === Infinity) return null;
  const x0 = Math.max(0, Math.floor(minX - 0.5));
  const y0 = Math.max(0, Math.floor(minY - 0.5));
  const x1 = Math.min(lv.width, Math.floor(maxX + 0.5) + 1);
  const y1 = Math.min(lv.height, Math.floor(maxY + 0.5) + 1);
  if (x1 - x0 > MAX_WINDOW || y1 - y0 > MAX_WINDOW) return null;

  started = performance.now();
  const { data, channels } = await readWindow(lv.image, x0, y0, x1, y1, raster.alpha);
  times.read += performance.now() - started;

  started = performance.now();
  const w = x1 - x0;
  const h = y1 - y0;
  const out = new Uint8Array(TILE_SIZE * TILE_SIZE * 4);
  const filled = sampleBilinear(
    { data, channels, x0, y0, width: w, height: h, levelWidth: lv.width, levelHeight: lv.height, nodata: raster.nodata },
    coords,
    factor,
    out,
  );
  times.warp += performance.now() - started;
  return filled ? out : null;
}

/** Encodes RGBA tile pixels; an opaque tile drops its alpha channel (smaller, faster). */
export async function encodeTile(rgba: Uint8Array, format: TileFormat, times: Timings): Promise<Uint8Array<ArrayBuffer>> {
  const started = performance.now();
  let opaque = true;
  for (let i = 3; i < rgba.length; i += 4) {
    if (rgba[i] !== 255) {
      opaque = false;
      break;
    }
  }
  let img = sharp(rgba, { raw: { width: TILE_SIZE, height: TILE_SIZE, channels: 4 } });
  if (opaque || format === 'jpg') img = opaque ? img.removeAlpha() : img.flatten({ background: '#ffffff' });
  const buf =
    format === 'webp'
      ? await img.webp({ quality: 80, effort: 1 }).toBuffer()
      : format === 'png'
        ? await img.png({ compressionLevel: 6 }).toBuffer()
        : await img.jpeg({ quality: 82, mozjpeg: false }).toBuffer();
  times.encode += performance.now() - started;
  return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)) as Uint8Array<ArrayBuffer>;
}
