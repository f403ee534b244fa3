// Where each pixel of a Web Mercator tile falls in the source image. Projecting 65,536 pixels one by
// one costs more than the rest of a tile, so the exact projection runs on a coarse grid and the
// pixels between are interpolated bilinearly; the grid is refined until the interpolation is
// within a tenth of a source pixel, checked at every cell centre.
import { worldXToLon, worldYToLat } from '../tiles/tile-math.ts';

export const TILE_SIZE = 256;
/** The largest interpolation error allowed, in pixels of the level that will be sampled. */
const MAX_ERROR_PX = 0.1;
const FIRST_STEP = 64;

/** Longitude/latitude → full-resolution source pixel coordinates (x right, y down; 0 at the outer corner). */
export type PixelProjector = (lon: number, lat: number) => [number, number];

export interface PixelMap {
  /** Two numbers per tile pixel (row-major): its centre in full-resolution source pixels; NaN outside the source's area. */
  coords: Float64Array;
  /** Full-resolution source pixels per tile pixel (the finer of the two axes). */
  scale: number;
  /** Grid step the interpolation settled on (1 = every pixel projected exactly). */
  step: number;
}

export interface LonLatBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Lon/lat of tile pixel centres; pixel (i, j) is at column i + 0.5, row j + 0.5. */
function pixelLonLat(z: number, x: number, y: number, i: number, j: number): [number, number] {
  const world = TILE_SIZE * 2 ** z;
  return [worldXToLon((x * TILE_SIZE + i + 0.5) / world), worldYToLat((y * TILE_SIZE + j + 0.5) / world)];
}

/** Exact source coordinates on grid nodes every `step` pixels (n × n nodes). */
function gridNodes(z: number, x: number, y: number, step: number, project: PixelProjector): { nodes: Float64Array; n: number } {
  const n = Math.ceil((TILE_SIZE - 1) / step) + 1;
  const nodes = new Float64Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const [lon, lat] = pixelLonLat(z, x, y, c * step, r * step);
      const [px, py] = project(lon, lat);
      nodes[(r * n + c) * 2] = px;
      nodes[(r * n + c) * 2 + 1] = py;
    }
  }
  return { nodes, n };
}

/** Bilinear interpolation inside grid cell (c, r) at fractions (fx, fy). */
function interp(nodes: Float64Array, n: number, c: number, r: number, fx: number, fy: number, k: number): number {
  const a = nodes[(r * n + c) * 2 + k];
  const b = nodes[(r * n + c + 1) * 2 + k];
  const d = nodes[((r + 1) * n + c) * 2 + k];
  const e = nodes[((r + 1) * n + c + 1) * 2 + k];
  return (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
}

/** The largest error of the interpolation at cell centres, in full-resolution pixels (Infinity if any node failed). */
function gridError(z: number, x: number, y: number, step: number, grid: { nodes: Float64Array; n: number }, project: PixelProjector): number {
  const { nodes, n } = grid;
  let worst = 0;
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < n - 1; c++) {
      const [lon, lat] = pixelLonLat(z, x, y, c * step + step / 2, r * step + step / 2);
      const [px, py] = project(lon, lat);
      const err = Math.hypot(interp(nodes, n, c, r, 0.5, 0.5, 0) - px, interp(nodes, n, c, r, 0.5, 0.5, 1) - py);
      if (!(err <= worst)) worst = Number.isFinite(err) ? err : Infinity;
      if (worst === Infinity) return worst;
    }
  }
  return worst;
}

/**
 * Maps a tile's pixels into the source. `factorFor(scale)` says how much coarser the level to be
 * sampled is than full resolution, which sets the error allowed in full-resolution pixels.
 * Pixels whose lon/lat lie outside `area` get NaN, so a projection far outside its zone never
 * folds distant places onto the image.
 */
export function pixelMap(z: number, x: number, y: number, project: PixelProjector, area: LonLatBox, factorFor: (scale: number) => number): PixelMap {
  let step = FIRST_STEP;
  let grid = gridNodes(z, x, y, step, project);
  const scale = gridScale(grid.nodes, grid.n, step);
  const allowed = MAX_ERROR_PX * factorFor(scale);
  while (step > 1 && !(gridError(z, x, y, step, grid, project) <= allowed)) {
    step /= 2;
    grid = gridNodes(z, x, y, step, project);
  }
  const coords = new Float64Array(TILE_SIZE * TILE_SIZE * 2);
  const { nodes, n } = grid;
  const world = TILE_SIZE * 2 ** z;
  const lonOk = new Uint8Array(TILE_SIZE);
  for (let i = 0; i < TILE_SIZE; i++) {
    const lon = worldXToLon((x * TILE_SIZE + i + 0.5) / world);
    lonOk[i] = lon >= area.west && lon <= area.east ? 1 : 0;
  }
  // Row by row: interpolate the grid down to the row once (one value per node column), then along it.
  const rowX = new Float64Array(n);
  const rowY = new Float64Array(n);
  for (let j = 0; j < TILE_SIZE; j++) {
    const lat = worldYToLat((y * TILE_SIZE + j + 0.5) / world);
    const latOk = lat >= area.south && lat <= area.north;
    const r = Math.min(Math.floor(j / step), n - 2);
    const fy = step === 1 ? 0 : (j - r * step) / step;
    const rr = step === 1 ? j : r;
    for (let c = 0; c < n; c++) {
      const top = (rr * n + c) * 2;
      const below = rr + 1 < n ? top + n * 2 : top;
      rowX[c] = nodes[top] + (nodes[below] - nodes[top]) * fy;
      rowY[c] = nodes[top + 1] + (nodes[below + 1] - nodes[top + 1]) * fy;
    }
    for (let i = 0; i < TILE_SIZE; i++) {
      const o = (j * TILE_SIZE + i) * 2;
      if (!latOk || !lonOk[i]) {
        coords[o] = NaN;
        coords[o + 1] = NaN;
        continue;
      }
      if (step === 1) {
        coords[o] = rowX[i];
        coords[o + 1] = rowY[i];
        continue;
      }
      const c = Math.min(Math.floor(i / step), n - 2);
      const fx = (i - c * step) / step;
      coords[o] = rowX[c] + (rowX[c + 1] - rowX[c]) * fx;
      coords[o + 1] = rowY[c] + (rowY[c + 1] - rowY[c]) * fx;
    }
  }
  return { coords, scale, step };
}

/** Source pixels per tile pixel near the tile centre, along whichever axis is finer. */
function gridScale(nodes: Float64Array, n: number, step: number): number {
  const m = Math.floor((n - 1) / 2);
  const at = (r: number, c: number, k: number) => nodes[(r * n + c) * 2 + k];
  const along = Math.hypot(at(m, m + 1, 0) - at(m, m, 0), at(m, m + 1, 1) - at(m, m, 1)) / step;
  const down = Math.hypot(at(m + 1, m, 0) - at(m, m, 0), at(m + 1, m, 1) - at(m, m, 1)) / step;
  const s = Math.min(along, down);
  return Number.isFinite(s) && s > 0 ? s : 1;
}
