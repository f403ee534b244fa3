// WKB straight to GeoJSON geometry text, in CRS84 (the numbers as stored), without building
// coordinate arrays: a page of ten thousand footprints is written from the bytes DuckDB hands
// over. Single polygons and lines become one-part multis where the layer serves a multi type,
// as promoteGeometry does for the object path.

import { wkbKind, WKB_SRID } from '../geo/wkb.ts';

let view: DataView;
let pos = 0;
let little = true;
let dims = 2;
let out = '';

function count(): number {
  const v = view.getUint32(pos, little);
  pos += 4;
  return v;
}

function point(): void {
  out += '[' + view.getFloat64(pos, little) + ',' + view.getFloat64(pos + 8, little) + ']';
  pos += 8 * dims;
}

function points(): void {
  const n = count();
  out += '[';
  for (let i = 0; i < n; i++) {
    if (i) out += ',';
    point();
  }
  out += ']';
}

function rings(): void {
  const n = count();
  out += '[';
  for (let i = 0; i < n; i++) {
    if (i) out += ',';
    points();
  }
  out += ']';
}

/** Reads one geometry header; returns the base type code (1–7) and sets dims. */
function header(): number {
  little = view.getUint8(pos) === 1;
  const raw = view.getUint32(pos + 1, little);
  pos += 5;
  const kind = wkbKind(raw);
  const type = kind & 0xf;
  dims = (kind >> 4) & 0xf;
  if (kind & WKB_SRID) pos += 4;
  if (type < 1 || type > 7) throw new Error(`unsupported WKB geometry type ${raw}`);
  return type;
}

/** The coordinates of the geometry at pos, whose header is already read (type given). */
function body(type: number): void {
  switch (type) {
    case 1:
      point();
      return;
    case 2:
      points();
      return;
    case 3:
      rings();
      return;
    case 7: {
      const n = count();
      out += '[';
      for (let i = 0; i < n; i++) {
        if (i) out += ',';
        geometry(false, false);
      }
      out += ']';
      return;
    }
    default: {
      // Multi*: each part has its own header; GeoJSON wants only the parts' coordinates.
      const n = count();
      out += '[';
      for (let i = 0; i < n; i++) {
        if (i) out += ',';
        body(header());
      }
      out += ']';
    }
  }
}

const NAMES = ['', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'];

function geometry(promoteLine: boolean, promotePolygon: boolean): void {
  const type = header();
  const promote = (type === 2 && promoteLine) || (type === 3 && promotePolygon);
  const name = promote ? NAMES[type + 3] : NAMES[type];
  if (type === 7) {
    out += '{"type":"GeometryCollection","geometries":';
    body(7);
    out += '}';
    return;
  }
  out += '{"type":"' + name + '","coordinates":';
  if (promote) out += '[';
  body(type);
  if (promote) out += ']';
  out += '}';
}

/**
 * GeoJSON text of a WKB geometry. `promotePolygon`: a Polygon is written as a one-part
 * MultiPolygon (lines always become MultiLineStrings, as every line layer serves them).
 */
export function wkbToGeoJsonText(bytes: Uint8Array, promotePolygon: boolean): string {
  view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  pos = 0;
  out = '';
  geometry(true, promotePolygon);
  const text = out;
  out = '';
  return text;
}
