// Coordinate systems the importers accept (docs/spec/layers.md): WGS84 / CGCS2000 geographic, the CGCS2000
// 3-degree Gauss-Krüger zones, GCJ-02, and whatever else proj4 can read from a WKT. A declaration
// can be a code ('EPSG:4549', '4549', 'urn:ogc:def:crs:EPSG::4549', 'GCJ02'), an ESRI/OGC WKT
// (a `.prj`) or a PROJJSON object (GeoParquet metadata). Everything resolves to one `Crs` with a
// per-point conversion to WGS84 longitude/latitude.
import proj4 from 'proj4';
import gcoord from 'gcoord';
import { gaussKrugerZone } from './gauss-kruger.ts';

export type CrsKind = 'lonlat' | 'projected' | 'gcj02';

export interface Crs {
  /** Normalised name for reports: 'EPSG:4326', 'EPSG:4490', 'EPSG:4549', 'GCJ02', or 'WKT:<name>'. */
  code: string;
  kind: CrsKind;
  /** x/y as the file stores them (easting, northing for projections) → [lon, lat] in WGS84. */
  toWgs84(x: number, y: number): [number, number];
  /** The inverse, for tests and exports. */
  fromWgs84(lon: number, lat: number): [number, number];
}

/** A declaration that names no CRS this service understands. */
export class CrsError extends Error {}

const identity = (x: number, y: number): [number, number] => [x, y];

export const WGS84: Crs = { code: 'EPSG:4326', kind: 'lonlat', toWgs84: identity, fromWgs84: identity };
const CGCS2000_GEOGRAPHIC: Crs = { ...WGS84, code: 'EPSG:4490' };

const GCJ02: Crs = {
  code: 'GCJ02',
  kind: 'gcj02',
  toWgs84: (x, y) => gcoord.transform([x, y], gcoord.GCJ02, gcoord.WGS84) as [number, number],
  fromWgs84: (lon, lat) => gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number],
};

/** Wraps a proj4 definition (PROJ string or WKT). proj4 throws strings; they become CrsError. */
function fromProj4(code: string, definition: string): Crs {
  let converter: proj4.Converter;
  try {
    converter = proj4(definition, 'WGS84');
  } catch (err) {
    throw new CrsError(`unknown coordinate system ${JSON.stringify(code)}: ${String(err)}`);
  }
  return {
    code,
    kind: 'projected',
    toWgs84: (x, y) => converter.forward([x, y]) as [number, number],
    fromWgs84: (lon, lat) => converter.inverse([lon, lat]) as [number, number],
  };
}

/** proj4's projection object: radians in, metres out, no datum step (GRS80 = WGS84 to a millimetre). */
interface ProjProjection {
  inverse(p: { x: number; y: number }): { x: number; y: number };
  forward(p: { x: number; y: number }): { x: number; y: number };
}
const RAD = Math.PI / 180;

/**
 * CGCS2000 Gauss-Krüger straight through proj4's projection, skipping the converter's datum and
 * axis bookkeeping: the same numbers about 40% faster, which matters at millions of vertices.
 */
function gaussKruger(code: string, definition: string): Crs {
  const P = new (proj4 as unknown as { Proj: new (def: string) => ProjProjection }).Proj(definition);
  return {
    code,
    kind: 'projected',
    toWgs84: (x, y) => {
      const r = P.inverse({ x, y });
      return [r.x / RAD, r.y / RAD];
    },
    fromWgs84: (lon, lat) => {
      const r = P.forward({ x: lon * RAD, y: lat * RAD });
      return [r.x, r.y];
    },
  };
}

const byEpsgCache = new Map<number, Crs>();

export function crsFromEpsg(epsg: number): Crs {
  const cached = byEpsgCache.get(epsg);
  if (cached) return cached;
  let crs: Crs;
  if (epsg === 4326 || epsg === 4979 || epsg === 4490 || epsg === 4480) {
    crs = epsg === 4490 ? CGCS2000_GEOGRAPHIC : WGS84;
  } else {
    const zone = gaussKrugerZone(epsg);
    if (!zone) throw new CrsError(`unknown coordinate system "EPSG:${epsg}" (accepted: EPSG:4326, EPSG:4490, EPSG:4513–4554, GCJ02)`);
    crs = gaussKruger(`EPSG:${epsg}`, zone.proj4);
  }
  byEpsgCache.set(epsg, crs);
  return crs;
}

/** Parses any declaration (code, URN, WKT, PROJJSON). Throws CrsError naming it when unknown. */
export function parseCrs(decl: string | object): Crs {
  if (typeof decl === 'object' && decl !== null) return crsFromProjJson(decl as Record<string, unknown>);
  const text = String(decl).trim();
  if (text === '') throw new CrsError('empty coordinate system declaration');
  if (/^(GCJ-?02|GCJ_?02|gcj02)$/i.test(text)) return GCJ02;
  if (/^(WGS ?84|CRS84|OGC:CRS84|urn:ogc:def:crs:OGC:1\.3:CRS84|urn:ogc:def:crs:OGC::CRS84)$/i.test(text)) return WGS84;
  if (/^CGCS2000$/i.test(text)) return CGCS2000_GEOGRAPHIC;
  const code = /^(?:(?:EPSG|urn:ogc:def:crs:EPSG:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/)[:/]?)?(\d{4,5})$/i.exec(text);
  if (code) return crsFromEpsg(Number(code[1]));
  if (/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[/i.test(text)) return crsFromWkt(text);
  throw new CrsError(`unknown coordinate system ${JSON.stringify(text)} (accepted: EPSG:4326, EPSG:4490, EPSG:4513–4554, GCJ02, or a WKT)`);
}

function wktParam(wkt: string, name: string): number | null {
  const m = new RegExp(`PARAMETER\\s*\\[\\s*"${name}"\\s*,\\s*(-?[\\d.eE+]+)`, 'i').exec(wkt);
  return m ? Number(m[1]) : null;
}

/** ESRI or OGC WKT (`.prj`): CGCS2000 Gauss-Krüger names first, then tmerc parameters, then proj4. */
export function crsFromWkt(wkt: string): Crs {
  const text = wkt.trim();
  const name = /^\w+\s*\[\s*"([^"]*)"/.exec(text)?.[1] ?? 'unnamed';
  const isProjected = /^(PROJCS|PROJCRS)/i.test(text);
  if (!isProjected) {
    // Geographic: CGCS2000 and WGS84 are the same to a metre; anything else is not accepted.
    if (/CGCS.?2000|China.?2000/i.test(text)) return CGCS2000_GEOGRAPHIC;
    if (/WGS.?(19)?84/i.test(text)) return WGS84;
    throw new CrsError(`unknown geographic coordinate system "${name}" (only WGS84 and CGCS2000 are accepted)`);
  }
  const cm = /CGCS.?2000.*?3.?Degree.?G(?:auss.?)?K(?:ruger)?.?CM.?(\d+(?:\.\d+)?)E/i.exec(name);
  if (cm) return crsFromEpsg(4534 + (Number(cm[1]) / 3 - 25));
  const zone = /CGCS.?2000.*?3.?Degree.?G(?:auss.?)?K(?:ruger)?.?Zone.?(\d+)/i.exec(name);
  if (zone) return crsFromEpsg(4513 + (Number(zone[1]) - 25));
  const authority = /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text) ?? /ID\s*\[\s*"EPSG"\s*,\s*(\d+)\s*\]\s*\]\s*$/i.exec(text);
  if (authority && gaussKrugerZone(Number(authority[1]))) return crsFromEpsg(Number(authority[1]));
  // A Transverse Mercator / Gauss-Krüger on CGCS2000 with explicit parameters.
  if (/Gauss|Transverse_Mercator/i.test(text) && /CGCS.?2000|China.?2000/i.test(text)) {
    const lon0 = wktParam(text, 'central_meridian');
    const x0 = wktParam(text, 'false_easting') ?? 0;
    const y0 = wktParam(text, 'false_northing') ?? 0;
    const k = wktParam(text, 'scale_factor') ?? 1;
    const lat0 = wktParam(text, 'latitude_of_origin') ?? 0;
    if (lon0 !== null) {
      const plain = k === 1 && lat0 === 0 && y0 === 0 && x0 === 500000 && lon0 % 3 === 0 ? 4534 + (lon0 / 3 - 25) : 0;
      if (plain >= 4534 && plain <= 4554) return crsFromEpsg(plain);
      return fromProj4(
        `WKT:${name}`,
        `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k=${k} +x_0=${x0} +y_0=${y0} +ellps=GRS80 +units=m +no_defs`,
      );
    }
  }
  return fromProj4(`WKT:${name}`, text);
}

/** PROJJSON (GeoParquet `geo` metadata): an EPSG id, or a geographic WGS84/CGCS2000 by name. */
export function crsFromProjJson(obj: Record<string, unknown>): Crs {
  const id = obj.id as { authority?: string; code?: string | number } | undefined;
  if (id && typeof id === 'object') {
    if (String(id.authority).toUpperCase() === 'EPSG') return crsFromEpsg(Number(id.code));
    if (String(id.authority).toUpperCase() === 'OGC' && String(id.code).toUpperCase() === 'CRS84') return WGS84;
  }
  const name = String(obj.name ?? '');
  const type = String(obj.type ?? '');
  if (/Geographic/i.test(type) && /WGS.?84|CRS84/i.test(name)) return WGS84;
  if (/Geographic/i.test(type) && /CGCS.?2000/i.test(name)) return CGCS2000_GEOGRAPHIC;
  if (name) return parseCrs(name);
  throw new CrsError(`unknown coordinate system ${JSON.stringify(obj).slice(0, 200)}`);
}

/** True when (x, y) can be a longitude/latitude. */
export function isLonLat(x: number, y: number): boolean {
  return x >= -180 && x <= 180 && y >= -90 && y <= 90;
}
