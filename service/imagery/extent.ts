// Where an image lies and at which zooms it is worth tiling: its lon/lat bounds (edges traced
// through the projection, since a Gauss-Krüger rectangle is not a lon/lat one), the zoom whose
// pixels match its own, and the lowest zoom whose tiles read a bounded window of its coarsest level.
import type { Raster } from './tiff.ts';
import { MAX_WINDOW } from './render.ts';
import { TILE_SIZE, type LonLatBox } from './warp.ts';
import { lonToWorldX, latToWorldY } from '../tiles/tile-math.ts';

/** Web Mercator's equator length in metres: one zoom-0 tile is this wide. */
const WORLD_M = 40075016.685578488;
const EDGE_SAMPLES = 32;

export interface Extent {
  bounds: [number, number, number, number];
  minzoom: number;
  maxzoom: number;
}

/** Lon/lat of full-resolution pixel position (px, py). */
function pixelToLonLat(raster: Raster, px: number, py: number): [number, number] {
  const { resX, resY } = raster.levels[0];
  return raster.crs.toWgs84(raster.originX + px * resX, raster.originY + py * resY);
}

export function rasterExtent(raster: Raster): Extent {
  const { width: w, height: h } = raster.levels[0];
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (let k = 0; k <= EDGE_SAMPLES; k++) {
    const t = k / EDGE_SAMPLES;
    for (const [px, py] of [[t * w, 0], [t * w, h], [0, t * h], [w, t * h]]) {
      const [lon, lat] = pixelToLonLat(raster, px, py);
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  if (![west, south, east, north].every(Number.isFinite) || west < -180 || east > 180 || south < -90 || north > 90) {
    throw new Error(`the image's corners do not project to longitude/latitude in ${raster.crs.code} (got ${west}, ${south}, ${east}, ${north}); check its coordinate system`);
  }
  // Size of one full-resolution pixel in Web Mercator metres, at the image centre.
  const [lon0, lat0] = pixelToLonLat(raster, w / 2, h / 2);
  const [lon1, lat1] = pixelToLonLat(raster, w / 2 + 1, h / 2 + 1);
  const dx = (lonToWorldX(lon1) - lonToWorldX(lon0)) * WORLD_M;
  const dy = (latToWorldY(lat1) - latToWorldY(lat0)) * WORLD_M;
  const pixelM = Math.min(Math.abs(dx), Math.abs(dy)) || Math.hypot(dx, dy);
  // Zoom z has tile pixels of WORLD_M / (256 · 2^z) metres; scale(z) = that / pixelM.
  const zoomAtScale = (scale: number) => Math.log2(WORLD_M / (TILE_SIZE * pixelM * scale));
  const maxzoom = clampZoom(Math.ceil(zoomAtScale(1) - 0.05));
  const coarsest = raster.levels[raster.levels.length - 1];
  const factor = w / coarsest.width;
  // Below minzoom one tile would read more than MAX_WINDOW pixels a side of the coarsest level,
  // unless that level is small enough to be read whole. 0.7 leaves room for the grid's rotation.
  const fits = Math.max(coarsest.width, coarsest.height) <= MAX_WINDOW;
  const minzoom = fits ? 0 : Math.min(maxzoom, clampZoom(Math.ceil(zoomAtScale((0.7 * MAX_WINDOW * factor) / TILE_SIZE))));
  return { bounds: [west, south, east, north], minzoom, maxzoom };
}

function clampZoom(z: number): number {
  return Math.max(0, Math.min(24, z));
}

/** The area tiles may draw, a little larger than the bounds so edge pixels are kept. */
export function drawArea(bounds: [number, number, number, number]): LonLatBox {
  const padX = (bounds[2] - bounds[0]) * 0.01 + 1e-6;
  const padY = (bounds[3] - bounds[1]) * 0.01 + 1e-6;
  return { west: bounds[0] - padX, south: bounds[1] - padY, east: bounds[2] + padX, north: bounds[3] + padY };
}
