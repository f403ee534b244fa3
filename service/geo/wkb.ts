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

// The writer keeps its state in module variables instead of closures: this runs once per feature
// on every load (a million times for a large county), where allocating closures shows in profiles.
let view: DataView;
let at = 0;

function writeHeader(type: number): void {
  view.setUint8(at, 1);
  view.setUint32(at + 1, type, true);
  at += 5;
}

function writeCount(n: number): void {
  view.setUint32(at, n, true);
  at += 4;
}

function writePoints(ps: Position[]): void {
  writeCount(ps.length);
  for (let i = 0; i < ps.length; i++) {
    view.setFloat64(at, ps[i][0], true);
    view.setFloat64(at + 8, ps[i][1], true);
    at += 16;
  }
}

function writeRings(rings: Position[][]): void {
  writeCount(rings.length);
  for (let i = 0; i < rings.length; i++) writePoints(rings[i]);
}

function writeGeometry(g: Geometry): void {
  writeHeader(TYPE_CODE[g.type]);
  switch (g.type) {
    case 'Point':
      view.setFloat64(at, g.coordinates[0], true);
      view.setFloat64(at + 8, g.coordinates[1], true);
      at += 16;
      return;
    case 'LineString':
      writePoints(g.coordinates);
      return;
    case 'Polygon':
      writeRings(g.coordinates);
      return;
    case 'MultiPoint':
      writeCount(g.coordinates.length);
      for (const p of g.coordinates) writeGeometry({ type: 'Point', coordinates: p });
      return;
    case 'MultiLineString':
      writeCount(g.coordinates.length);
      for (const l of g.coordinates) {
        writeHeader(2);
        writePoints(l);
      }
      return;
    case 'MultiPolygon':
      writeCount(g.coordinates.length);
      for (const p of g.coordinates) {
        writeHeader(3);
        writeRings(p);
      }
      return;
    case 'GeometryCollection':
      writeCount(g.geometries.length);
      for (const c of g.geometries) writeGeometry(c);
      return;
  }
}

export function geometryToWkb(g: Geometry): Uint8Array<ArrayBuffer> {
  const buf = new ArrayBuffer(sizeOf(g));
  view = new DataView(buf);
  at = 0;
  writeGeometry(g);
  return new Uint8Array(buf);
}

/** Set in wkbKind's answer when an EWKB SRID (4 bytes) follows the type code. */
export const WKB_SRID = 0x100;

/**
 * A WKB type code's base type (1–7, in bits 0–3), number of coordinates per point (bits 4–7) and
 * EWKB SRID flag (WKB_SRID), for ISO Z/M codes (1001, 2001, 3001) and EWKB flags alike; readers
 * keep x/y and skip the rest. One number, so the per-feature readers allocate nothing.
 */
export function wkbKind(raw: number): number {
  let type = raw & 0xffff;
  let dims = 2;
  if (raw & 0x80000000) dims++;
  if (raw & 0x40000000) dims++;
  if (type > 1000) {
    dims = Math.floor(type / 1000) === 3 ? 4 : 3;
    type %= 1000;
  }
  return (type > 0xf ? 0 : type) | (dims << 4) | (raw & 0x20000000 ? WKB_SRID : 0);
}

// The reader, like the writer, keeps its cursor in module variables: it runs for every feature
// of every tile, check and export.
let input: DataView;
let pos = 0;
let little = true;
let dims = 2;

function readCount(): number {
  const v = input.getUint32(pos, little);
  pos += 4;
  return v;
}

function readPoint(): Position {
  const p = [input.getFloat64(pos, little), input.getFloat64(pos + 8, little)];
  pos += 8 * dims;
  return p;
}

function readPoints(): Position[] {
  const n = readCount();
  const out = new Array<Position>(n);
  for (let i = 0; i < n; i++) out[i] = readPoint();
  return out;
}

function readRings(): Position[][] {
  const n = readCount();
  const out = new Array<Position[]>(n);
  for (let i = 0; i < n; i++) out[i] = readPoints();
  return out;
}

function readGeometry(): Geometry {
  little = input.getUint8(pos) === 1;
  const rawType = input.getUint32(pos + 1, little);
  pos += 5;
  const kind = wkbKind(rawType);
  const type = kind & 0xf;
  dims = (kind >> 4) & 0xf;
  if (kind & WKB_SRID) pos += 4;
  switch (type) {
    case 1:
      return { type: 'Point', coordinates: readPoint() };
    case 2:
      return { type: 'LineString', coordinates: readPoints() };
    case 3:
      return { type: 'Polygon', coordinates: readRings() };
    case 4:
    case 5:
    case 6:
    case 7: {
      const n = readCount();
      const parts: Geometry[] = new Array(n);
      for (let i = 0; i < n; i++) parts[i] = readGeometry();
      if (type === 7) return { type: 'GeometryCollection', geometries: parts };
      if (type === 4) return { type: 'MultiPoint', coordinates: parts.map((p) => (p as { coordinates: Position }).coordinates) };
      if (type === 5) return { type: 'MultiLineString', coordinates: parts.map((p) => (p as { coordinates: Position[] }).coordinates) };
      return { type: 'MultiPolygon', coordinates: parts.map((p) => (p as { coordinates: Position[][] }).coordinates) };
    }
    default:
      throw new Error(`unsupported WKB geometry type ${rawType}`);
  }
}

export function wkbToGeometry(bytes: Uint8Array): Geometry {
  input = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  pos = 0;
  return readGeometry();
}
