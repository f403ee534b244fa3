// Where the checks measure: the Gauss-Krüger zone of docs/spec/checks.md "Measuring" and, per layer,
// lon/lat bounding boxes indexed with flatbush plus geometries projected only when a check
// touches them (a million footprints are mostly never projected).
import Flatbush from 'flatbush';
import proj4 from 'proj4';
import { metricZoneFor, parseGaussKruger } from '../geo/gauss-kruger.ts';
import type { LayerName } from '../layers/schema.ts';
import { lonLatBBox, toFlat, type FlatGeom, type Projector } from './flat-geometry.ts';
import { convexRingOf, type ConvexRing } from './flat-clip.ts';
import { toJsts, type JstsGeometry } from './jsts-geometry.ts';
import type { CheckData, CheckFeature } from './types.ts';
import { preparedOf, type PreparedGeometry } from './prepared.ts';

/** Metres per degree of latitude is at least this anywhere on the ellipsoid. */
const MIN_METRES_PER_DEG_LAT = 110_500;
/** Metres per degree of longitude at the equator (GRS80), before the cos(lat) factor. */
const METRES_PER_DEG_LON_EQUATOR = 111_320;
/** Extra slack on bbox searches so a rounding error never loses a candidate. */
const SEARCH_SLACK = 1.01;

const DEG = Math.PI / 180;

/**
 * lon/lat → planar metres with proj4's own Gauss-Krüger (extended transverse Mercator) code,
 * called directly: the zones are on GRS80 with no datum shift from WGS84, so proj4's generic
 * transform pipeline (datum checks, axis handling, an array per call) only adds cost here — a
 * third of the fire check's time. Agreement with proj4('WGS84', zone) is tested.
 */
export function gaussKrugerForward(proj4String: string): Projector {
  // proj4's typings hide the projection's forward(); it takes radians in {x, y} and writes metres.
  const projection = proj4.Proj(proj4String) as unknown as { forward(p: { x: number; y: number }): { x: number; y: number } };
  const p = { x: 0, y: 0 };
  const out: [number, number] = [0, 0]; // reused: no allocation per vertex
  return (lon, lat) => {
    p.x = lon * DEG;
    p.y = lat * DEG;
    projection.forward(p);
    out[0] = p.x;
    out[1] = p.y;
    return out;
  };
}

/**
 * Lon/lat boxes and their index depend only on the feature array, not on the CRS or the check:
 * the three checks of one run over the same data (a million footprints) compute them once.
 * Callers must not mutate a layer's array between runs (a new array is a new layer).
 */
const LON_LAT_CACHE = new WeakMap<CheckFeature[], { box: Float64Array; index: Flatbush | null }>();

export class MetricLayer {
  readonly name: LayerName;
  readonly features: CheckFeature[];
  /** minLon, minLat, maxLon, maxLat per feature. */
  readonly box: Float64Array;
  private readonly ctx: MetricContext;
  private readonly flats: (FlatGeom | undefined)[];
  private readonly jsts: (JstsGeometry | undefined)[];
  private readonly convexRings: (ConvexRing | null | undefined)[];
  private index: Flatbush | null = null;
  private readonly prepared: PreparedGeometry | undefined;

  constructor(name: LayerName, features: CheckFeature[], ctx: MetricContext) {
    this.name = name;
    this.features = features;
    this.ctx = ctx;
    this.prepared = preparedOf(features);
    const cached = LON_LAT_CACHE.get(features);
    if (this.prepared) {
      this.box = this.prepared.box;
    } else if (cached) {
      this.box = cached.box;
      this.index = cached.index;
    } else {
      this.box = new Float64Array(features.length * 4);
      for (let i = 0; i < features.length; i++) lonLatBBox(features[i].geometry, this.box, i * 4, () => this.where(i));
      LON_LAT_CACHE.set(features, { box: this.box, index: null });
    }
    this.flats = new Array(features.length);
    this.jsts = new Array(features.length);
    this.convexRings = new Array(features.length);
  }

  get size(): number {
    return this.features.length;
  }

  where(i: number): string {
    return `${this.name} feature ${i} (id ${JSON.stringify(this.features[i]?.id)})`;
  }

  flat(i: number): FlatGeom {
    let f = this.flats[i];
    if (!f) {
      f = this.prepared
        ? this.prepared.flat(i, this.ctx.crs, this.ctx.project)
        : toFlat(this.features[i].geometry, this.ctx.project, () => this.where(i));
      this.flats[i] = f;
    }
    return f;
  }

  geom(i: number): JstsGeometry {
    let g = this.jsts[i];
    if (!g) {
      g = toJsts(this.flat(i));
      this.jsts[i] = g;
    }
    return g;
  }

  /** Feature i's ring when it is one simple convex ring (the fast clipping path), else null. */
  convex(i: number): ConvexRing | null {
    let r = this.convexRings[i];
    if (r === undefined) {
      r = convexRingOf(this.flat(i));
      this.convexRings[i] = r;
    }
    return r;
  }

  /** Indices of features whose lon/lat bbox lies within `metres` of the given lon/lat bbox (a superset). */
  near(minLon: number, minLat: number, maxLon: number, maxLat: number, metres: number): number[] {
    if (this.features.length === 0) return [];
    if (!this.index && this.prepared) this.index = this.prepared.index();
    if (!this.index) {
      const index = new Flatbush(this.features.length);
      for (let i = 0; i < this.features.length; i++) index.add(this.box[4 * i], this.box[4 * i + 1], this.box[4 * i + 2], this.box[4 * i + 3]);
      index.finish();
      this.index = index;
      LON_LAT_CACHE.set(this.features, { box: this.box, index });
    }
    const dLat = this.ctx.degLat(metres);
    const dLon = this.ctx.degLon(metres);
    return this.index.search(minLon - dLon, minLat - dLat, maxLon + dLon, maxLat + dLat);
  }

  /** Like `near`, around feature `i` of layer `other`. */
  nearFeature(other: MetricLayer, i: number, metres: number): number[] {
    const b = other.box;
    return this.near(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3], metres);
  }
}

export class MetricContext {
  /** The CRS measured in, e.g. `EPSG:4549`. */
  readonly crs: string;
  readonly project: Projector;
  private readonly cosMaxLat: number;
  private readonly layers = new Map<LayerName, MetricLayer>();

  constructor(data: CheckData, metricCrs: string | null) {
    // Bounding boxes first: they give the centre (middle of the longitude range of all layers).
    for (const [name, features] of Object.entries(data) as [LayerName, CheckFeature[] | undefined][]) {
      if (features) this.layers.set(name, new MetricLayer(name, features, this));
    }
    let minLon = Infinity, maxLon = -Infinity, maxAbsLat = 0;
    for (const layer of this.layers.values()) {
      const b = layer.box;
      for (let i = 0; i < b.length; i += 4) {
        if (b[i] < minLon) minLon = b[i];
        if (b[i + 2] > maxLon) maxLon = b[i + 2];
        maxAbsLat = Math.max(maxAbsLat, Math.abs(b[i + 1]), Math.abs(b[i + 3]));
      }
    }
    const zone = metricCrs ? parseGaussKruger(metricCrs) : metricZoneFor(minLon <= maxLon ? (minLon + maxLon) / 2 : 120);
    if (!zone) throw new Error(`metric_crs ${JSON.stringify(metricCrs)} is not a CGCS2000 Gauss-Krüger code`);
    this.crs = `EPSG:${zone.epsg}`;
    this.project = gaussKrugerForward(zone.proj4);
    this.cosMaxLat = Math.cos((Math.min(89, maxAbsLat + 0.01) * Math.PI) / 180);
  }

  degLat(metres: number): number {
    return (metres * SEARCH_SLACK) / MIN_METRES_PER_DEG_LAT + 1e-9;
  }

  degLon(metres: number): number {
    return (metres * SEARCH_SLACK) / (METRES_PER_DEG_LON_EQUATOR * this.cosMaxLat) + 1e-9;
  }

  layer(name: LayerName): MetricLayer {
    let layer = this.layers.get(name);
    if (!layer) {
      layer = new MetricLayer(name, [], this);
      this.layers.set(name, layer);
    }
    return layer;
  }
}
