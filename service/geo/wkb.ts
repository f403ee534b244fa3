// Well-Known Binary (ISO/OGC, 2D, little-endian) to and from GeoJSON geometry. DuckDB core stores
// GEOMETRY as WKB and node-api passes it as BLOB, so this sits on every load and every read.
import type { Geometry, Position } from 'geojson';

const TYPE_CODE = {
  Point: 1,
  LineString: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
  GeometryCollection: 7,
} as const;

function sizeOf(g: Geometry): number {
  switch (g.type) {
    case 'Point':
      return 5 + 16;
    case 'LineString':
    case 'MultiPoint':
      return g.type === 'LineString' ? 9 + 16 * g.coordinates.length : 9 + 21 * g.coordinates.length;
    case 'Polygon':
      return 9 + g.coordinates.reduce((n, r) => n + 4 + 16 * r.length, 0);
    case 'MultiLineString':
      return 9 + g.coordinates.reduce((n, l) => n + 9 + 16 * l.length, 0);
    case 'MultiPolygon':
      return 9 + g.coordinates.reduce((n, p) => n + 9 + p.reduce((m, r) => m + 4 + 16 * r.length, 0), 0);
    case 'GeometryCollection':
      return 9 + g.geometries.reduce((n, c) => n + sizeOf(c), 0);
  }
}

export function geometryToWkb(g: Geometry): Uint8Array<ArrayBuffer> {
  const buf = new ArrayBuffer(sizeOf(g));
  const view = new DataView(buf);
  let o = 0;
  const header = (type: number) => {
    view.setUint8(o, 1);
    view.setUint32(o + 1, type, true);
    o += 5;
  };
  const u32 = (v: number) => {
    view.setUint32(o, v, true);
    o += 4;
  };
  const pt = (p: Position) => {
    view.setFloat64(o, p[0], true);
    view.setFloat64(o + 8, p[1], true);
    o += 16;
  };
  const points = (ps: Position[]) => {
    u32(ps.length);
    for (const p of ps) pt(p);
  };
  const write = (g: Geometry): void => {
    header(TYPE_CODE[g.type]);
    switch (g.type) {
      case 'Point':
        pt(g.coordinates);
        return;
      case 'LineString':
        points(g.coordinates);
        return;
      case 'MultiPoint':
        u32(g.coordinates.length);
        for (const p of g.coordinates) write({ type: 'Point', coordinates: p });
        return;
      case 'Polygon':
        u32(g.coordinates.length);
        for (const r of g.coordinates) points(r);
        return;
      case 'MultiLineString':
        u32(g.coordinates.length);
        for (const l of g.coordinates) write({ type: 'LineString', coordinates: l });
        return;
      case 'MultiPolygon':
        u32(g.coordinates.length);
        for (const p of g.coordinates) write({ type: 'Polygon', coordinates: p });
        return;
      case 'GeometryCollection':
        u32(g.geometries.length);
        for (const c of g.geometries) write(c);
        return;
    }
  };
  write(g);
  return new Uint8Array(buf);
}

export function wkbToGeometry(bytes: Uint8Array): Geometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  const read = (): Geometry => {
    const le = view.getUint8(o) === 1;
    const rawType = view.getUint32(o + 1, le);
    o += 5;
    // ISO Z/M codes (1001, 2001, 3001) and EWKB flags: keep x/y, skip the rest.
    let type = rawType & 0xffff;
    let dims = 2;
    if (rawType & 0x80000000) dims++;
    if (rawType & 0x40000000) dims++;
    if (rawType & 0x20000000) {
      o += 4; // EWKB SRID
    }
    if (type > 1000) {
      const flag = Math.floor(type / 1000);
      dims = flag === 3 ? 4 : 3;
      type %= 1000;
    }
    const u32 = () => {
      const v = view.getUint32(o, le);
      o += 4;
      return v;
    };
    const pt = (): Position => {
      const p = [view.getFloat64(o, le), view.getFloat64(o + 8, le)];
      o += 8 * dims;
      return p;
    };
    const pts = (): Position[] => {
      const n = u32();
      const out = new Array<Position>(n);
      for (let i = 0; i < n; i++) out[i] = pt();
      return out;
    };
    switch (type) {
      case 1:
        return { type: 'Point', coordinates: pt() };
      case 2:
        return { type: 'LineString', coordinates: pts() };
      case 3: {
        const n = u32();
        const rings: Position[][] = [];
        for (let i = 0; i < n; i++) rings.push(pts());
        return { type: 'Polygon', coordinates: rings };
      }
      case 4:
      case 5:
      case 6:
      case 7: {
        const n = u32();
        const parts: Geometry[] = [];
        for (let i = 0; i < n; i++) parts.push(read());
        if (type === 7) return { type: 'GeometryCollection', geometries: parts };
        if (type === 4) return { type: 'MultiPoint', coordinates: parts.map((p) => (p as { coordinates: Position }).coordinates) };
        if (type === 5) return { type: 'MultiLineString', coordinates: parts.map((p) => (p as { coordinates: Position[] }).coordinates) };
        return { type: 'MultiPolygon', coordinates: parts.map((p) => (p as { coordinates: Position[][] }).coordinates) };
      }
      default:
        throw new Error(`unsupported WKB geometry type ${rawType}`);
    }
  };
  return read();
}
