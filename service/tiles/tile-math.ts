// Web Mercator tile arithmetic (XYZ scheme, y down from the north edge), in one place so the
// routes, the encoder and the tests agree on it.

/** Latitude where Web Mercator is cut off (the world is a square). */
export const MAX_LAT = 85.0511287798066;

/** Longitude → world x in [0, 1]. */
export function lonToWorldX(lon: number): number {
  return lon / 360 + 0.5;
}

/** Latitude → world y in [0, 1], 0 at the north edge; clamped to the Mercator square. */
export function latToWorldY(lat: number): number {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

export function worldXToLon(x: number): number {
  return (x - 0.5) * 360;
}

export function worldYToLat(y: number): number {
  const y2 = (180 - y * 360) * (Math.PI / 180);
  return (360 / Math.PI) * Math.atan(Math.exp(y2)) - 90;
}

/** [west, south, east, north] in degrees of tile z/x/y. */
export function tileBbox(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  return [worldXToLon(x / n), worldYToLat((y + 1) / n), worldXToLon((x + 1) / n), worldYToLat(y / n)];
}

/** The tile at zoom z that contains lon/lat (points on the east/south edge go to the next tile). */
export function lonLatToTile(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const x = Math.min(n - 1, Math.max(0, Math.floor(lonToWorldX(lon) * n)));
  const y = Math.min(n - 1, Math.max(0, Math.floor(latToWorldY(lat) * n)));
  return { z, x, y };
}

/**
 * The tile bbox grown by `buffer` units out of `extent` on every side: what a source must
 * return so that clipped geometry reaches into the buffer.
 */
export function bufferedTileBbox(
  z: number,
  x: number,
  y: number,
  buffer: number,
  extent: number,
): [number, number, number, number] {
  const n = 2 ** z;
  const pad = buffer / extent;
  const west = worldXToLon(Math.max(0, x - pad) / n);
  const east = worldXToLon(Math.min(n, x + 1 + pad) / n);
  const north = worldYToLat(Math.max(0, y - pad) / n);
  const south = worldYToLat(Math.min(n, y + 1 + pad) / n);
  return [west, south, east, north];
}

/** Whether z/x/y names a tile: integers, 0 ≤ z ≤ maxzoom, 0 ≤ x, y < 2^z. Returns the reason if not. */
export function tileCoordError(z: number, x: number, y: number, maxzoom: number): string | null {
  if (!Number.isInteger(z) || z < 0 || z > maxzoom) return `zoom ${z} is outside 0..${maxzoom}`;
  const n = 2 ** z;
  if (!Number.isInteger(x) || x < 0 || x >= n) return `x ${x} is outside 0..${n - 1} at zoom ${z}`;
  if (!Number.isInteger(y) || y < 0 || y >= n) return `y ${y} is outside 0..${n - 1} at zoom ${z}`;
  return null;
}
