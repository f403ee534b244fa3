// Bilinear resampling of a window of source pixels into an RGBA tile. Colours are averaged with
// alpha as weight (premultiplied), so transparent or no-data neighbours do not darken the edges.
import { TILE_SIZE } from './warp.ts';

export interface SourceWindow {
  /** Interleaved samples, `channels` per pixel (3 = RGB, 4 = RGBA), row-major. */
  data: ArrayLike<number>;
  channels: number;
  /** Window position and size in pixels of the level it was read from. */
  x0: number;
  y0: number;
  width: number;
  height: number;
  /** Size of that whole level: pixels beyond it are outside the image. */
  levelWidth: number;
  levelHeight: number;
  /** Pixels whose samples all equal this are empty. */
  nodata: number | null;
}

/**
 * Fills `out` (TILE_SIZE² × 4 bytes) from `coords` (level pixel coordinates of each tile pixel's
 * centre, NaN = nothing). Returns how many output pixels have some opacity.
 */
export function sampleBilinear(win: SourceWindow, coords: Float64Array, factor: number, out: Uint8Array): number {
  if (win.channels === 3 && win.nodata === null) return sampleOpaque(win, coords, factor, out);
  const { data, channels: ch, x0, y0, width: ww, height: wh, levelWidth: lw, levelHeight: lh, nodata } = win;
  const hasAlpha = ch >= 4;
  let opaque = 0;
  // Weight of one source pixel: its alpha (0–1), 0 for no-data.
  const weight = (p: number): number => {
    if (nodata !== null && data[p] === nodata && data[p + 1] === nodata && data[p + 2] === nodata) return 0;
    return hasAlpha ? data[p + 3] / 255 : 1;
  };
  for (let k = 0, n = TILE_SIZE * TILE_SIZE; k < n; k++) {
    const o = k * 4;
    const fxAbs = coords[k * 2] / factor;
    const fyAbs = coords[k * 2 + 1] / factor;
    if (!(fxAbs >= 0 && fxAbs < lw && fyAbs >= 0 && fyAbs < lh)) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
      continue;
    }
    // Pixel centres sit at +0.5; clamp at the image edge so the border pixels are not faded.
    const sx = Math.min(Math.max(fxAbs - 0.5, 0), lw - 1) - x0;
    const sy = Math.min(Math.max(fyAbs - 0.5, 0), lh - 1) - y0;
    let ix = Math.floor(sx);
    let iy = Math.floor(sy);
    if (ix < 0) ix = 0;
    if (iy < 0) iy = 0;
    if (ix > ww - 1) ix = ww - 1;
    if (iy > wh - 1) iy = wh - 1;
    const ix1 = ix + 1 < ww ? ix + 1 : ix;
    const iy1 = iy + 1 < wh ? iy + 1 : iy;
    const fx = Math.min(Math.max(sx - ix, 0), 1);
    const fy = Math.min(Math.max(sy - iy, 0), 1);
    const p00 = (iy * ww + ix) * ch;
    const p10 = (iy * ww + ix1) * ch;
    const p01 = (iy1 * ww + ix) * ch;
    const p11 = (iy1 * ww + ix1) * ch;
    const w00 = (1 - fx) * (1 - fy) * weight(p00);
    const w10 = fx * (1 - fy) * weight(p10);
    const w01 = (1 - fx) * fy * weight(p01);
    const w11 = fx * fy * weight(p11);
    const a = w00 + w10 + w01 + w11;
    if (a <= 0) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
      continue;
    }
    for (let b = 0; b < 3; b++) {
      out[o + b] = Math.round((data[p00 + b] * w00 + data[p10 + b] * w10 + data[p01 + b] * w01 + data[p11 + b] * w11) / a);
    }
    out[o + 3] = Math.round(a * 255);
    opaque++;
  }
  return opaque;
}

/** The common case, opaque RGB without a no-data value: plain bilinear weights, no per-pixel calls. */
function sampleOpaque(win: SourceWindow, coords: Float64Array, factor: number, out: Uint8Array): number {
  const { data, x0, y0, width: ww, height: wh, levelWidth: lw, levelHeight: lh } = win;
  const inv = 1 / factor;
  const stride = ww * 3;
  let filled = 0;
  for (let k = 0, n = TILE_SIZE * TILE_SIZE; k < n; k++) {
    const o = k * 4;
    const fxAbs = coords[k * 2] * inv;
    const fyAbs = coords[k * 2 + 1] * inv;
    if (!(fxAbs >= 0 && fxAbs < lw && fyAbs >= 0 && fyAbs < lh)) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
      continue;
    }
    let sx = fxAbs - 0.5 - x0;
    let sy = fyAbs - 0.5 - y0;
    if (sx < 0) sx = 0;
    if (sy < 0) sy = 0;
    if (sx > ww - 1) sx = ww - 1;
    if (sy > wh - 1) sy = wh - 1;
    const ix = sx | 0;
    const iy = sy | 0;
    const fx = sx - ix;
    const fy = sy - iy;
    const dx = ix + 1 < ww ? 3 : 0;
    const dy = iy + 1 < wh ? stride : 0;
    const p = iy * stride + ix * 3;
    const w00 = (1 - fx) * (1 - fy);
    const w10 = fx * (1 - fy);
    const w01 = (1 - fx) * fy;
    const w11 = fx * fy;
    out[o] = data[p] * w00 + data[p + dx] * w10 + data[p + dy] * w01 + data[p + dy + dx] * w11 + 0.5;
    out[o + 1] = data[p + 1] * w00 + data[p + dx + 1] * w10 + data[p + dy + 1] * w01 + data[p + dy + dx + 1] * w11 + 0.5;
    out[o + 2] = data[p + 2] * w00 + data[p + dx + 2] * w10 + data[p + dy + 2] * w01 + data[p + dy + dx + 2] * w11 + 0.5;
    out[o + 3] = 255;
    filled++;
  }
  return filled;
}
