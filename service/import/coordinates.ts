// File coordinates → WGS84 lon/lat, checking every position is a pair of finite numbers. With no
// CRS declared the coordinates must already be lon/lat: the first that is not stops the load.
import type { Geometry, Position } from 'geojson';
import { isLonLat, type Crs } from '../geo/crs.ts';

export class CoordinateError extends Error {}

/** Thrown when undeclared coordinates cannot be lon/lat; the pipeline turns it into an ImportError. */
export class NotLonLatError extends Error {}

const GEOMETRY_DEPTH: Record<string, number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

export interface Projection {
  crs: Crs;
  /** No CRS was declared: lon/lat is assumed and out-of-range values are fatal. */
  assumed: boolean;
}

/** A value for a message: short, and safe for arrays nested deeper than the stack. */
function preview(v: unknown): string {
  try {
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return '[nested too deep to show]';
  }
}

function convertPosition(p: unknown, proj: Projection): Position {
  if (!Array.isArray(p) || p.length < 2) throw new CoordinateError(`position ${preview(p)} is not [x, y]`);
  const x = p[0], y = p[1];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new CoordinateError(`position ${preview(p)} is not a pair of numbers`);
  }
  if (proj.crs.kind === 'lonlat') {
    if (!isLonLat(x, y)) {
      if (proj.assumed) throw new NotLonLatError(`[${x}, ${y}]`);
      throw new CoordinateError(`position [${x}, ${y}] is outside longitude/latitude range for ${proj.crs.code}`);
    }
    return p.length === 2 ? (p as Position) : [x, y];
  }
  // Metre coordinates in China are far outside ±180/±90: such values are degrees under a wrong declaration.
  if (proj.crs.kind === 'projected' && isLonLat(x, y)) {
    throw new CoordinateError(`position [${x}, ${y}] looks like longitude/latitude, not ${proj.crs.code} metres`);
  }
  const out = proj.crs.toWgs84(x, y);
  if (!Number.isFinite(out[0]) || !Number.isFinite(out[1]) || !isLonLat(out[0], out[1])) {
    throw new CoordinateError(`position [${x}, ${y}] does not convert from ${proj.crs.code}`);
  }
  return out;
}

function convertNested(c: unknown, depth: number, proj: Projection): unknown {
  if (depth === 0) return convertPosition(c, proj);
  if (!Array.isArray(c)) throw new CoordinateError(`coordinates ${preview(c)} are not an array`);
  const out = new Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = convertNested(c[i], depth - 1, proj);
  return out;
}

/**
 * Lon/lat input needs no conversion: check the positions in place and reuse the arrays (most
 * files are lon/lat; this saves an allocation per position). Returns false when a position needs
 * the slow path (not a number pair, a Z value, out of range).
 */
function allLonLat(c: unknown, depth: number): boolean {
  if (!Array.isArray(c)) return false;
  if (depth === 0) {
    if (c.length !== 2) return false;
    const x = c[0], y = c[1];
    return typeof x === 'number' && typeof y === 'number' && x >= -180 && x <= 180 && y >= -90 && y <= 90;
  }
  for (let i = 0; i < c.length; i++) if (!allLonLat(c[i], depth - 1)) return false;
  return true;
}

/** A GeoJSON geometry (any object) → a new geometry in WGS84. Unsupported types throw CoordinateError. */
export function toWgs84(g: { type?: unknown; coordinates?: unknown }, proj: Projection): Geometry {
  const type = String(g.type);
  const depth = GEOMETRY_DEPTH[type];
  if (depth === undefined) throw new CoordinateError(`geometry type ${JSON.stringify(g.type)} is not supported`);
  if (proj.crs.kind === 'lonlat' && allLonLat(g.coordinates, depth)) return g as Geometry;
  return { type, coordinates: convertNested(g.coordinates, depth, proj) } as Geometry;
}

/** Empty geometries (no positions) are rejected, as docs/spec/layers.md has no use for them. */
export function isEmptyGeometry(g: { coordinates?: unknown }): boolean {
  const c = g.coordinates;
  return !Array.isArray(c) || c.length === 0;
}
