// OGC API - Features Part 2 (CRS by reference). The service stores WGS84 longitude/latitude
// (CRS84); it can answer in, and read bboxes in, CRS84, EPSG:4326, EPSG:4490 and the CGCS2000
// 3-degree Gauss-Krüger zones EPSG:4513–4554. Coordinates follow each CRS's EPSG axis order, as
// Part 2 requires: EPSG:4326/4490 are latitude, longitude; EPSG:4513–4554 are northing (X),
// easting (Y). CRS84 alone is longitude, latitude. The projection itself is the importers' own
// (service/geo/crs.ts), so a feature exported in EPSG:4549 has the numbers it was imported with.
import type { Geometry, Position } from 'geojson';
import { crsFromEpsg, type Crs } from '../geo/crs.ts';
import { gaussKrugerZone } from '../geo/gauss-kruger.ts';
import { fail } from '../http/errors.ts';
import type { BBox } from '../store/index.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG_URI = 'http://www.opengis.net/def/crs/EPSG/0/';

export interface OgcCrs {
  uri: string;
  /** null for CRS84. */
  epsg: number | null;
  /** The first axis is latitude / northing (every EPSG code offered here). */
  swap: boolean;
  crs: Crs;
  /** Gauss-Krüger zone, for sanity checks on bbox numbers. */
  centralMeridian: number | null;
}

const GK_CODES = Array.from({ length: 42 }, (_, i) => 4513 + i);

/** Every CRS the items endpoints accept, CRS84 first (the default). */
export const SUPPORTED_CRS: string[] = [CRS84, `${EPSG_URI}4326`, `${EPSG_URI}4490`, ...GK_CODES.map((c) => `${EPSG_URI}${c}`)];

const byUri = new Map<string, OgcCrs>();

function build(uri: string, epsg: number | null): OgcCrs {
  return {
    uri,
    epsg,
    swap: epsg !== null,
    crs: crsFromEpsg(epsg ?? 4326),
    centralMeridian: epsg === null ? null : (gaussKrugerZone(epsg)?.centralMeridian ?? null),
  };
}

/**
 * Reads a `crs` / `bbox-crs` value: the OGC URI (as the standard has it), or the shorthands
 * `EPSG:4549`, `urn:ogc:def:crs:EPSG::4549`, `[EPSG:4549]` and `CRS84` people type by hand.
 */
export function parseOgcCrs(raw: string, param: string): OgcCrs {
  const text = raw.trim().replace(/^\[(.*)\]$/, '$1');
  let epsg: number | null;
  if (/^(http:\/\/www\.opengis\.net\/def\/crs\/OGC\/1\.3\/CRS84|OGC:CRS84|CRS84|urn:ogc:def:crs:OGC:1\.3:CRS84)$/i.test(text)) {
    epsg = null;
  } else {
    const m = /^(?:https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/|EPSG:|urn:ogc:def:crs:EPSG:[\d.]*:)(\d+)$/i.exec(text);
    epsg = m ? Number(m[1]) : NaN;
  }
  const uri = epsg === null ? CRS84 : `${EPSG_URI}${epsg}`;
  if (!SUPPORTED_CRS.includes(uri)) {
    fail(400, `${param} "${raw}" is not offered; use one of CRS84, EPSG:4326, EPSG:4490, EPSG:4513–4554 (as ${CRS84} or ${EPSG_URI}<code>)`);
  }
  let crs = byUri.get(uri);
  if (!crs) byUri.set(uri, (crs = build(uri, epsg)));
  return crs;
}

/** WGS84 lon/lat → the CRS's coordinates in its axis order. */
export function fromLonLat(c: OgcCrs, lon: number, lat: number): [number, number] {
  if (c.epsg === null) return [lon, lat];
  const [x, y] = c.crs.fromWgs84(lon, lat);
  return [y, x];
}

/** The CRS's coordinates in its axis order → WGS84 lon/lat. */
export function toLonLat(c: OgcCrs, a: number, b: number): [number, number] {
  if (c.epsg === null) return [a, b];
  return c.crs.toWgs84(b, a);
}

// Projected metres keep millimetres; degrees keep 1e-9 (0.1 mm).
const round = (v: number, digits: number) => Math.round(v * digits) / digits;

function mapPositions(coords: unknown, fn: (p: Position) => Position): unknown {
  if (typeof (coords as unknown[])[0] === 'number') return fn(coords as Position);
  return (coords as unknown[]).map((c) => mapPositions(c, fn));
}

export function reprojectGeometry(g: Geometry, c: OgcCrs): Geometry {
  if (c.epsg === null) return g;
  const digits = c.centralMeridian === null ? 1e9 : 1e4;
  const fn = (p: Position): Position => {
    const [a, b] = fromLonLat(c, p[0], p[1]);
    return [round(a, digits), round(b, digits)];
  };
  if (g.type === 'GeometryCollection') return { type: g.type, geometries: g.geometries.map((x) => reprojectGeometry(x, c)) };
  return { type: g.type, coordinates: mapPositions(g.coordinates, fn) } as Geometry;
}

/**
 * A bbox given in `c` → a CRS84 bbox that contains it (corners and edge points projected, since
 * a Gauss-Krüger rectangle is not a lon/lat rectangle). Numbers that cannot be in `c`'s axis
 * order — a longitude where EPSG:4326 wants a latitude, degrees given as Gauss-Krüger metres —
 * are refused naming the CRS.
 */
export function bboxToCrs84(nums: number[], c: OgcCrs, raw: string): BBox {
  const [a0, b0, a1, b1] = nums;
  if (a0 > a1 || b0 > b1) fail(400, `bbox "${raw}" has min greater than max`);
  if (c.epsg === null) {
    if (b0 < -90 || b1 > 90) fail(400, `bbox "${raw}" is not lon,lat (CRS84): latitude out of range`);
    return [a0, b0, a1, b1];
  }
  if (c.centralMeridian === null) {
    if (a0 < -90 || a1 > 90 || b0 < -180 || b1 > 180) {
      fail(400, `bbox "${raw}" disagrees with bbox-crs EPSG:${c.epsg}, whose axis order is latitude,longitude`);
    }
    return [b0, a0, b1, a1];
  }
  const zone = gaussKrugerZone(c.epsg)!;
  const easting = (e: number) => Math.abs(e - zone.falseEasting) <= 400_000;
  if (a0 < 0 || a1 > 10_000_000 || !easting(b0) || !easting(b1)) {
    fail(400, `bbox "${raw}" disagrees with bbox-crs EPSG:${c.epsg}: expected northing,easting in metres with easting near ${zone.falseEasting}`);
  }
  const out: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const steps = 8;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    for (const [a, b] of [[a0 + t * (a1 - a0), b0], [a0 + t * (a1 - a0), b1], [a0, b0 + t * (b1 - b0)], [a1, b0 + t * (b1 - b0)]]) {
      const [lon, lat] = toLonLat(c, a, b);
      out[0] = Math.min(out[0], lon);
      out[1] = Math.min(out[1], lat);
      out[2] = Math.max(out[2], lon);
      out[3] = Math.max(out[3], lat);
    }
  }
  return out;
}

/** The bbox a collection's extent gives in `c` (axis order of `c`). */
export function bboxFromCrs84(b: BBox, c: OgcCrs): number[] {
  if (c.epsg === null) return b;
  const pts = [fromLonLat(c, b[0], b[1]), fromLonLat(c, b[2], b[3]), fromLonLat(c, b[0], b[3]), fromLonLat(c, b[2], b[1])];
  return [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
}

/** The `Content-Crs` header value. */
export const contentCrs = (c: OgcCrs) => `<${c.uri}>`;
