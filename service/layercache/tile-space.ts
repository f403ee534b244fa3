// A columnar layer pre-projected to Web Mercator's unit square (as geojson-vt does): every vertex's
// world x/y computed once per layer version, so a tile only scales and shifts them. Per polygon
// feature the world bbox of its exterior rings, their area in degrees² and the cosine used to
// stretch it, so tiny polygons are set aside without touching their vertices. The arithmetic is
// the tile encoder's own (TileProjector and the helpers of project.ts), split at the world
// coordinates, so tiles come out byte for byte the same as from the features' GeoJSON.
import type { TileFeature } from '../tiles/index.ts';
import { emptyProjected, growBbox, mercatorCos, TinyPolygons, type Flat, type ProjectedFeature, type TileProjector } from '../tiles/project.ts';
import { latToWorldY, lonToWorldX } from '../tiles/tile-math.ts';
import type { ColumnarLayer } from './columnar.ts';

export interface TileSpace {
  /** World x0, y0, x1, y1, … per vertex, in [0, 1], y down. */
  world: Float64Array;
  /** Per feature: exterior min world x, min world y, max world x, max world y, area in deg², cos(mid latitude). */
  poly: Float64Array;
}

const SPACES = new WeakMap<ColumnarLayer, TileSpace>();

export function tileSpace(col: ColumnarLayer): TileSpace {
  let space = SPACES.get(col);
  if (space) return space;
  const ll = col.lonLat;
  const world = new Float64Array(ll.length);
  for (let i = 0; i < ll.length; i += 2) {
    world[i] = lonToWorldX(ll[i]);
    world[i + 1] = latToWorldY(ll[i + 1]);
  }
  const poly = new Float64Array(6 * col.size);
  for (let f = 0; f < col.size; f++) {
    if (col.dim[f] !== 2) continue;
    let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity, areaDeg = 0;
    for (let g = col.featureGroup[f]; g < col.featureGroup[f + 1]; g++) {
      const p = col.groupPart[g];
      const v0 = col.partVertex[p], v1 = col.partVertex[p + 1];
      let sum = 0;
      for (let i = v0, j = v1 - 1; i < v1; j = i++) {
        const lon = ll[2 * i], lat = ll[2 * i + 1];
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
        sum += ll[2 * j] * lat - lon * ll[2 * j + 1];
      }
      areaDeg += Math.abs(sum / 2);
    }
    const o = 6 * f;
    poly[o] = lonToWorldX(minLon);
    poly[o + 1] = latToWorldY(maxLat);
    poly[o + 2] = lonToWorldX(maxLon);
    poly[o + 3] = latToWorldY(minLat);
    poly[o + 4] = areaDeg;
    poly[o + 5] = mercatorCos(minLat, maxLat);
  }
  space = { world, poly };
  SPACES.set(col, space);
  return space;
}

/**
 * The features `hits` (indices into the layer, in the order wanted) projected into one tile, as
 * projectLayer makes them from GeoJSON: polygons with area below `tinyArea` go to `tiny`.
 */
export function projectHits(
  col: ColumnarLayer,
  features: TileFeature[],
  hits: ArrayLike<number>,
  projector: TileProjector,
  tinyArea: number,
): { projected: ProjectedFeature[]; tiny: TinyPolygons } {
  const { world, poly } = tileSpace(col);
  const projected: ProjectedFeature[] = [];
  const tiny = new TinyPolygons(features, tinyArea > 0 ? hits.length : 0);
  const ll = col.lonLat;
  const line = (part: number, ring: boolean, out: Flat): Flat => {
    const v0 = col.partVertex[part];
    let v1 = col.partVertex[part + 1];
    // A repeated closing position is dropped, as the GeoJSON path does (columns close every ring).
    if (ring && v1 - v0 > 1 && ll[2 * v0] === ll[2 * v1 - 2] && ll[2 * v0 + 1] === ll[2 * v1 - 1]) v1--;
    for (let v = v0; v < v1; v++) out.push(projector.fromWorldX(world[2 * v]), projector.fromWorldY(world[2 * v + 1]));
    return out;
  };
  for (let k = 0; k < hits.length; k++) {
    const i = hits[k];
    const feature = features[k];
    const g0 = col.featureGroup[i], g1 = col.featureGroup[i + 1];
    if (col.dim[i] === 2) {
      const o = 6 * i;
      const minX = projector.fromWorldX(poly[o]), minY = projector.fromWorldY(poly[o + 1]);
      const maxX = projector.fromWorldX(poly[o + 2]), maxY = projector.fromWorldY(poly[o + 3]);
      const area = projector.area(poly[o + 4], poly[o + 5]);
      if (tinyArea > 0 && area < tinyArea) {
        const n = tiny.count++;
        tiny.index[n] = k;
        tiny.cx[n] = (minX + maxX) / 2;
        tiny.cy[n] = (minY + maxY) / 2;
        tiny.area[n] = area;
        continue;
      }
      const polygons: Flat[][] = [];
      for (let g = g0; g < g1; g++) {
        const rings: Flat[] = [];
        for (let p = col.groupPart[g]; p < col.groupPart[g + 1]; p++) rings.push(line(p, true, []));
        polygons.push(rings);
      }
      const out = emptyProjected(feature, 3);
      out.polygons = polygons;
      out.area = area;
      out.minX = minX;
      out.minY = minY;
      out.maxX = maxX;
      out.maxY = maxY;
      projected.push(out);
      continue;
    }
    const out = emptyProjected(feature, col.dim[i] === 0 ? 1 : 2);
    if (col.dim[i] === 0) {
      const points: Flat = [];
      for (let g = g0; g < g1; g++) for (let p = col.groupPart[g]; p < col.groupPart[g + 1]; p++) line(p, false, points);
      out.points = points;
      growBbox(out, points);
    } else {
      const lines: Flat[] = [];
      for (let g = g0; g < g1; g++) for (let p = col.groupPart[g]; p < col.groupPart[g + 1]; p++) lines.push(line(p, false, []));
      out.lines = lines;
      for (const l of lines) growBbox(out, l);
    }
    projected.push(out);
  }
  return { projected, tiny };
}
