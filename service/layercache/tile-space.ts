// A columnar layer pre-projected to Web Mercator's unit square (as geojson-vt does): every vertex's
// world x/y computed once per layer version, so a tile only scales and shifts them. Per polygon
// feature the world bbox of its exterior rings, their area in degrees² and the cosine used to
// stretch it, so tiny polygons are set aside without touching their vertices. The arithmetic is
// the tile encoder's own (project.ts), in the same order, so tiles come out byte for byte the same
// as from the features' GeoJSON.
import type { TileFeature } from '../tiles/index.ts';
import { TinyPolygons, type Flat, type ProjectedFeature, type TileProjector } from '../tiles/project.ts';
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
    poly[o + 5] = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  }
  space = { world, poly };
  SPACES.set(col, space);
  return space;
}

const NONE: readonly never[] = Object.freeze([]);

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
  const { scale, x0, y0 } = projector;
  const upd = projector.unitsPerDegree;
  const projected: ProjectedFeature[] = [];
  const tiny = new TinyPolygons(features, tinyArea > 0 ? hits.length : 0);
  const line = (part: number, ring: boolean, out: Flat): Flat => {
    const v0 = col.partVertex[part];
    let v1 = col.partVertex[part + 1];
    // A repeated closing position is dropped, as the GeoJSON path does (columns close every ring).
    const ll = col.lonLat;
    if (ring && v1 - v0 > 1 && ll[2 * v0] === ll[2 * v1 - 2] && ll[2 * v0 + 1] === ll[2 * v1 - 1]) v1--;
    for (let v = v0; v < v1; v++) out.push(world[2 * v] * scale - x0, world[2 * v + 1] * scale - y0);
    return out;
  };
  for (let k = 0; k < hits.length; k++) {
    const i = hits[k];
    const feature = features[k];
    const g0 = col.featureGroup[i], g1 = col.featureGroup[i + 1];
    if (col.dim[i] === 2) {
      const o = 6 * i;
      const minX = poly[o] * scale - x0, minY = poly[o + 1] * scale - y0;
      const maxX = poly[o + 2] * scale - x0, maxY = poly[o + 3] * scale - y0;
      const area = (poly[o + 4] * upd * upd) / poly[o + 5];
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
      projected.push({ feature, type: 3, points: NONE as unknown as Flat, lines: NONE as unknown as Flat[], polygons, area, projector: null, minX, minY, maxX, maxY });
      continue;
    }
    const out: ProjectedFeature = {
      feature,
      type: 1,
      points: NONE as unknown as Flat,
      lines: NONE as unknown as Flat[],
      polygons: NONE as unknown as Flat[][],
      area: 0,
      projector: null,
      minX: Infinity,
      minY: Infinity,
      maxX: -Infinity,
      maxY: -Infinity,
    };
    const flats: Flat[] = [];
    if (col.dim[i] === 0) {
      const points: Flat = [];
      for (let g = g0; g < g1; g++) for (let p = col.groupPart[g]; p < col.groupPart[g + 1]; p++) line(p, false, points);
      out.points = points;
      flats.push(points);
    } else {
      out.type = 2;
      const lines: Flat[] = [];
      for (let g = g0; g < g1; g++) for (let p = col.groupPart[g]; p < col.groupPart[g + 1]; p++) lines.push(line(p, false, []));
      out.lines = lines;
      flats.push(...lines);
    }
    for (const flat of flats) {
      for (let j = 0; j < flat.length; j += 2) {
        const px = flat[j], py = flat[j + 1];
        if (px < out.minX) out.minX = px;
        if (px > out.maxX) out.maxX = px;
        if (py < out.minY) out.minY = py;
        if (py > out.maxY) out.maxY = py;
      }
    }
    projected.push(out);
  }
  return { projected, tiny };
}
