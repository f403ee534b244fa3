// GCJ-02 tiles (Gaode, Tencent) drawn where they belong. Their grid is the usual Web Mercator
// grid laid over GCJ-02 coordinates, which sit a few hundred metres off WGS 84 in China, so a
// raster from them misses the vectors. For each tile the map asks for, this finds the window of
// the GCJ-02 grid that shows the same ground: the tile's corner moved into GCJ-02. The window is
// one tile wide, so it spans at most 2 × 2 source tiles; the shift varies little over a tile.
import gcoord from 'gcoord';

const TILE = 256;

export interface SourcePiece {
  x: number;
  y: number;
  /** Where the source tile's top-left corner goes on the 256 × 256 output. */
  dx: number;
  dy: number;
}

export function lonLatToPixel(lon: number, lat: number, z: number): [number, number] {
  const size = TILE * 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size];
}

export function pixelToLonLat(px: number, py: number, z: number): [number, number] {
  const size = TILE * 2 ** z;
  const n = Math.PI - (2 * Math.PI * py) / size;
  return [(px / size) * 360 - 180, (180 / Math.PI) * Math.atan(Math.sinh(n))];
}

/** The GCJ-02 source tiles that make up WGS 84 tile z/x/y, and where each is drawn. */
export function gcjPieces(z: number, x: number, y: number): SourcePiece[] {
  const [lon, lat] = pixelToLonLat(x * TILE, y * TILE, z);
  const [glon, glat] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  const [gx, gy] = lonLatToPixel(glon, glat, z);
  const last = 2 ** z - 1;
  const pieces: SourcePiece[] = [];
  for (let ty = Math.floor(gy / TILE); ty <= Math.floor((gy + TILE - 1) / TILE); ty++) {
    for (let tx = Math.floor(gx / TILE); tx <= Math.floor((gx + TILE - 1) / TILE); tx++) {
      if (tx < 0 || ty < 0 || tx > last || ty > last) continue;
      pieces.push({ x: tx, y: ty, dx: Math.round(tx * TILE - gx), dy: Math.round(ty * TILE - gy) });
    }
  }
  return pieces;
}

/** A template's URL for one tile. */
export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}
