// A columnar layer as the check engine's input: one {id, props} per feature (no GeoJSON), with
// prepared geometry attached (checks/prepared.ts) that projects a feature's vertices once per
// metric CRS into a layer-wide Float64Array and builds the bbox index once. Both are kept per
// ColumnarLayer object, i.e. per layer version, for every later run.
import type Flatbush from 'flatbush';
import type { CheckFeature } from '../checks/types.ts';
import type { FlatGeom, Projector } from '../checks/flat-geometry.ts';
import { attachPrepared, preparedOf, type PreparedGeometry } from '../checks/prepared.ts';
import type { CheckData } from '../checks/index.ts';
import { MetricContext } from '../checks/metric-context.ts';
import type { ColumnarLayer } from './columnar.ts';
import { boxIndex } from './box-index.ts';

interface Projected {
  xy: Float64Array;
  done: Uint8Array;
}

class ColumnarGeometry implements PreparedGeometry {
  readonly box: Float64Array;
  private readonly projected = new Map<string, Projected>();

  constructor(private readonly col: ColumnarLayer) {
    this.box = col.box;
  }

  index(): Flatbush {
    return boxIndex(this.col);
  }

  flat(i: number, crs: string, project: Projector): FlatGeom {
    const { featureGroup, groupPart, partVertex, lonLat, dim } = this.col;
    let p = this.projected.get(crs);
    if (!p) {
      p = { xy: new Float64Array(lonLat.length), done: new Uint8Array(this.col.size) };
      this.projected.set(crs, p);
    }
    const g0 = featureGroup[i], g1 = featureGroup[i + 1];
    const p0 = groupPart[g0], p1 = groupPart[g1];
    const v0 = partVertex[p0], v1 = partVertex[p1];
    const xy = p.xy;
    if (!p.done[i]) {
      for (let v = v0; v < v1; v++) {
        const [x, y] = project(lonLat[2 * v], lonLat[2 * v + 1]);
        xy[2 * v] = x;
        xy[2 * v + 1] = y;
      }
      p.done[i] = 1;
    }
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let v = v0; v < v1; v++) {
      const x = xy[2 * v], y = xy[2 * v + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const partStart = new Uint32Array(p1 - p0 + 1);
    for (let k = p0; k <= p1; k++) partStart[k - p0] = partVertex[k] - v0;
    const d = dim[i] as 0 | 1 | 2;
    let polyStart: Uint32Array;
    if (d === 2) {
      polyStart = new Uint32Array(g1 - g0 + 1);
      for (let g = g0; g <= g1; g++) polyStart[g - g0] = groupPart[g] - p0;
    } else {
      polyStart = Uint32Array.of(0, p1 - p0);
    }
    return { dim: d, xy: xy.subarray(2 * v0, 2 * v1), partStart, polyStart, minX, minY, maxX, maxY };
  }
}

const FEATURES = new WeakMap<ColumnarLayer, CheckFeature[]>();

/** The engine's features of a columnar layer, made once per layer version. */
export function checkFeatures(col: ColumnarLayer): CheckFeature[] {
  let features = FEATURES.get(col);
  if (features) return features;
  const names = Object.keys(col.props);
  const columns = names.map((n) => col.props[n]);
  features = new Array(col.size);
  for (let i = 0; i < col.size; i++) {
    const props: CheckFeature['props'] = {};
    for (let c = 0; c < names.length; c++) props[names[c]] = columns[c][i];
    // No GeoJSON: the engine reads geometry through the attached prepared form only.
    features[i] = { id: col.ids[i], props, geometry: null! };
  }
  attachPrepared(features, new ColumnarGeometry(col));
  FEATURES.set(col, features);
  return features;
}

/**
 * Projects every feature of a check's layers into the metric CRS that check's run will choose
 * (the same MetricContext over the same layers, so the same zone and projector): the run then
 * finds them all done. Values are what the lazy path computes, vertex for vertex.
 */
export function projectAll(data: CheckData, metricCrs: string | null): void {
  const ctx = new MetricContext(data, metricCrs);
  for (const features of Object.values(data)) {
    const prepared = features && preparedOf(features);
    if (!prepared) continue;
    for (let i = 0; i < features.length; i++) prepared.flat(i, ctx.crs, ctx.project);
  }
}
