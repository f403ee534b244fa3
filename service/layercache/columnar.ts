// A layer as columns: every vertex of every feature in one lon/lat Float64Array, with offset
// arrays saying where each feature's groups (polygons), parts (rings, lines, points) and vertices
// start, one lon/lat bbox per feature, and the schema properties as plain arrays. The typed arrays
// live on SharedArrayBuffers so the check worker reads the very same memory.
//
// Groups and parts follow the engine's FlatGeom (checks/flat-geometry.ts): a Point is one part of
// one vertex, a MultiPoint one group of one-vertex parts, a (Multi)LineString one group of lines,
// a Polygon one group of rings and a MultiPolygon one group per polygon. Polygon rings are stored
// closed (a closing vertex is added when the source left a ring open), as toFlat closes them.
import type { LayerName, PropValue } from '../layers/schema.ts';

export type Dimension = 0 | 1 | 2;

export interface ColumnarLayer {
  layer: LayerName;
  version: number;
  size: number;
  /** The store's row id of each feature (the MVT feature id). */
  fid: Float64Array;
  ids: string[];
  /** Schema properties, one array per property (dates as YYYY-MM-DD strings, numbers as numbers). */
  props: Record<string, PropValue[]>;
  /** 0 = point(s), 1 = line(s), 2 = polygon(s), per feature. */
  dim: Uint8Array;
  /** The WKB type per feature: 1 Point … 6 MultiPolygon. */
  kind: Uint8Array;
  /** Group index where feature i starts: length size + 1. */
  featureGroup: Uint32Array;
  /** Part index where group g starts: length groups + 1. */
  groupPart: Uint32Array;
  /** Vertex index where part p starts: length parts + 1. */
  partVertex: Uint32Array;
  /** lon0, lat0, lon1, lat1, … */
  lonLat: Float64Array;
  /** minLon, minLat, maxLon, maxLat per feature. */
  box: Float64Array;
  /** The flatbush index of `box` once built (box-index.ts), shared with the check thread. */
  indexData?: SharedArrayBuffer;
}

/** A growable typed array on a SharedArrayBuffer; `done()` returns the filled part. */
class Grow<T extends Float64Array | Uint32Array | Uint8Array> {
  a: T;
  length = 0;
  constructor(
    private readonly make: (buf: SharedArrayBuffer, n: number) => T,
    private readonly bytes: number,
    capacity: number,
  ) {
    this.a = make(new SharedArrayBuffer(Math.max(1, capacity) * bytes), Math.max(1, capacity));
  }
  push(v: number): void {
    if (this.length === this.a.length) this.resize(this.a.length * 2);
    this.a[this.length++] = v;
  }
  private resize(n: number): void {
    const b = this.make(new SharedArrayBuffer(n * this.bytes), n);
    b.set(this.a.subarray(0, Math.min(n, this.length)));
    this.a = b;
  }
  /** The filled part, as a view (spare capacity is not copied away). */
  done(): T {
    return this.a.subarray(0, this.length) as T;
  }
}

const f64 = (b: SharedArrayBuffer, n: number) => new Float64Array(b, 0, n);
const u32 = (b: SharedArrayBuffer, n: number) => new Uint32Array(b, 0, n);
const u8 = (b: SharedArrayBuffer, n: number) => new Uint8Array(b, 0, n);

/** Builds a ColumnarLayer feature by feature, straight from WKB. */
export class ColumnarBuilder {
  private readonly dims: Grow<Uint8Array>;
  private readonly kinds: Grow<Uint8Array>;
  private readonly featureGroup: Grow<Uint32Array>;
  private readonly groupPart: Grow<Uint32Array>;
  private readonly partVertex: Grow<Uint32Array>;
  private readonly lonLat: Grow<Float64Array>;
  private readonly box: Grow<Float64Array>;
  readonly fid: Grow<Float64Array>;
  readonly ids: string[] = [];
  readonly props: Record<string, PropValue[]> = {};
  // WKB cursor state (module-like fields: this runs once per feature of a million-feature layer).
  private view!: DataView;
  private pos = 0;
  private little = true;
  private coordDims = 2;
  private dim: Dimension = 0;
  private minX = Infinity;
  private minY = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;
  private fidForErrors: unknown = null;
  private readonly where = () => `${this.layer} feature fid ${String(this.fidForErrors)}`;

  constructor(
    readonly layer: LayerName,
    readonly version: number,
    propNames: readonly string[],
    expected: number,
    wkbBytes = expected * 96,
  ) {
    for (const p of propNames) this.props[p] = [];
    this.dims = new Grow(u8, 1, expected);
    this.kinds = new Grow(u8, 1, expected);
    this.featureGroup = new Grow(u32, 4, expected + 1);
    this.groupPart = new Grow(u32, 4, expected + 1);
    this.partVertex = new Grow(u32, 4, expected + 1);
    // Each vertex takes 16 WKB bytes; a ring may gain one closing vertex.
    this.lonLat = new Grow(f64, 8, Math.ceil(wkbBytes / 8) + 2 * expected);
    this.box = new Grow(f64, 8, expected * 4);
    this.fid = new Grow(f64, 8, expected);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds one feature's WKB, decoded into the columns; `fid` names it in errors. */
  addGeometry(wkb: Uint8Array, fid: unknown): void {
    this.fidForErrors = fid;
    const where = this.where;
    this.view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
    this.pos = 0;
    this.minX = this.minY = Infinity;
    this.maxX = this.maxY = -Infinity;
    this.featureGroup.push(this.groupPart.length);
    const type = this.header();
    switch (type) {
      case 1: this.dim = 0; this.group(); this.part(); this.vertex(where); break;
      case 2: this.dim = 1; this.group(); this.line(where); break;
      case 3: this.dim = 2; this.polygon(where); break;
      case 4: case 5: case 6: {
        this.dim = type === 4 ? 0 : type === 5 ? 1 : 2;
        const n = this.count();
        if (type !== 6) this.group();
        for (let i = 0; i < n; i++) {
          const inner = this.header();
          if (inner !== type - 3) throw new Error(`${where()}: WKB part of type ${inner} inside type ${type}`);
          if (type === 4) { this.part(); this.vertex(where); }
          else if (type === 5) this.line(where);
          else this.polygon(where);
        }
        if (type === 6 && n === 0) throw new Error(`${where()}: empty geometry`);
        break;
      }
      default: throw new Error(`${where()}: unsupported WKB geometry type ${type}`);
    }
    if (!(this.minX <= this.maxX && this.minY <= this.maxY)) throw new Error(`${where()}: empty or non-numeric coordinates`);
    this.dims.push(this.dim);
    this.kinds.push(type);
    this.box.push(this.minX);
    this.box.push(this.minY);
    this.box.push(this.maxX);
    this.box.push(this.maxY);
  }

  private header(): number {
    this.little = this.view.getUint8(this.pos) === 1;
    const raw = this.view.getUint32(this.pos + 1, this.little);
    this.pos += 5;
    // ISO Z/M codes and EWKB flags: keep x/y, skip the rest (as geo/wkb.ts does).
    let type = raw & 0xffff;
    this.coordDims = 2;
    if (raw & 0x80000000) this.coordDims++;
    if (raw & 0x40000000) this.coordDims++;
    if (raw & 0x20000000) this.pos += 4;
    if (type > 1000) {
      this.coordDims = Math.floor(type / 1000) === 3 ? 4 : 3;
      type %= 1000;
    }
    return type;
  }

  private count(): number {
    const n = this.view.getUint32(this.pos, this.little);
    this.pos += 4;
    return n;
  }

  private group(): void {
    this.groupPart.push(this.partVertex.length);
  }

  private part(): void {
    this.partVertex.push(this.lonLat.length / 2);
  }

  private vertex(where: () => string): void {
    const x = this.view.getFloat64(this.pos, this.little);
    const y = this.view.getFloat64(this.pos + 8, this.little);
    this.pos += 8 * this.coordDims;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`${where()}: bad coordinate [${x},${y}]`);
    this.lonLat.push(x);
    this.lonLat.push(y);
    if (x < this.minX) this.minX = x;
    if (x > this.maxX) this.maxX = x;
    if (y < this.minY) this.minY = y;
    if (y > this.maxY) this.maxY = y;
  }

  private line(where: () => string): void {
    const n = this.count();
    if (n === 0) throw new Error(`${where()}: part with 0 points`);
    this.part();
    for (let i = 0; i < n; i++) this.vertex(where);
  }

  private polygon(where: () => string): void {
    const rings = this.count();
    if (rings === 0) throw new Error(`${where()}: polygon without rings`);
    this.group();
    for (let r = 0; r < rings; r++) {
      const n = this.count();
      if (n < 3) throw new Error(`${where()}: polygon ring with ${n} points`);
      this.part();
      const first = this.lonLat.length;
      for (let i = 0; i < n; i++) this.vertex(where);
      const a = this.lonLatAt(first), b = this.lonLatAt(this.lonLat.length - 2);
      if (a[0] !== b[0] || a[1] !== b[1]) {
        this.lonLat.push(a[0]);
        this.lonLat.push(a[1]);
      }
    }
  }

  private lonLatAt(i: number): [number, number] {
    return [this.lonLat.a[i], this.lonLat.a[i + 1]];
  }

  finish(): ColumnarLayer {
    this.featureGroup.push(this.groupPart.length);
    this.groupPart.push(this.partVertex.length);
    this.partVertex.push(this.lonLat.length / 2);
    return {
      layer: this.layer,
      version: this.version,
      size: this.ids.length,
      fid: this.fid.done(),
      ids: this.ids,
      props: this.props,
      dim: this.dims.done(),
      kind: this.kinds.done(),
      featureGroup: this.featureGroup.done(),
      groupPart: this.groupPart.done(),
      partVertex: this.partVertex.done(),
      lonLat: this.lonLat.done(),
      box: this.box.done(),
    };
  }
}
