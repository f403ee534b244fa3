// Geometry repair for the importers. Cheap fixes first (close open rings, drop repeated points,
// wind exteriors counter-clockwise as RFC 7946 says); a ring is then tested for self-intersection
// with a bbox-rejected O(n²) segment test, which is fast for the small rings of buildings and
// patches. Only rings that fail it, polygons with holes and multi-part polygons go to JSTS.
import type { Geometry, Position } from 'geojson';
import { makeValidPolygons, polygonsAreValid, type Rings } from './make-valid.ts';

export interface RepairResult {
  /** The repaired geometry, or null when nothing valid is left (reason says why). */
  geometry: Geometry | null;
  repaired: boolean;
  reason?: string;
}

/** Rings longer than this skip the quadratic self-intersection test and go to JSTS. */
const QUADRATIC_LIMIT = 256;

/** Removes consecutive repeated points; reports whether any were removed. */
const UNCHANGED = { changed: false } as const;

function dedupe(points: Position[]): { points: Position[]; changed: boolean } {
  // Most rings have no repeats: look first, copy only when one is found.
  let i = 1;
  while (i < points.length && !(points[i][0] === points[i - 1][0] && points[i][1] === points[i - 1][1])) i++;
  if (i >= points.length) return { points, ...UNCHANGED };
  const out: Position[] = points.slice(0, i);
  for (; i < points.length; i++) {
    const p = points[i], q = out[out.length - 1];
    if (p[0] !== q[0] || p[1] !== q[1]) out.push(p);
  }
  return { points: out, changed: true };
}

/** Twice the signed area (positive = counter-clockwise). */
function signedArea2(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a;
}

function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

function segmentsTouch(a: Position, b: Position, c: Position, d: Position): boolean {
  if (Math.max(a[0], b[0]) < Math.min(c[0], d[0]) || Math.max(c[0], d[0]) < Math.min(a[0], b[0])) return false;
  if (Math.max(a[1], b[1]) < Math.min(c[1], d[1]) || Math.max(c[1], d[1]) < Math.min(a[1], b[1])) return false;
  const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/** A closed, deduplicated ring is simple: no segment meets another except its neighbours at the shared vertex. */
export function ringIsSimple(ring: Position[]): boolean {
  const n = ring.length - 1; // segments
  for (let i = 0; i < n; i++) {
    const a = ring[i], b = ring[i + 1];
    // Neighbouring segments may only share their vertex: a reversal (spike) is collinear and backwards.
    const c = i + 2 <= n ? ring[i + 2] : ring[1];
    if (orient(a, b, c) === 0 && (c[0] - b[0]) * (b[0] - a[0]) + (c[1] - b[1]) * (b[1] - a[1]) < 0) return false;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // first and last segment share the closing vertex
      if (segmentsTouch(a, b, ring[j], ring[j + 1])) return false;
    }
  }
  return Math.abs(signedArea2(ring)) > 0;
}

interface CleanRings {
  rings: Rings | null;
  changed: boolean;
  reason?: string;
}

/** Closes and deduplicates every ring; drops degenerate holes; null when the exterior is degenerate. */
function cleanPolygon(rings: Position[][]): CleanRings {
  let changed = false;
  const out: Rings = [];
  for (let r = 0; r < rings.length; r++) {
    let ring = rings[r];
    if (!Array.isArray(ring) || ring.length === 0) {
      if (r === 0) return { rings: null, changed, reason: 'polygon has an empty exterior ring' };
      changed = true;
      continue;
    }
    const first = ring[0], last = ring[ring.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      ring = [...ring, first];
      changed = true;
    }
    const d = dedupe(ring);
    if (d.changed) changed = true;
    if (d.points.length < 4) {
      if (r === 0) return { rings: null, changed, reason: `polygon exterior has ${d.points.length - 1} distinct points (needs at least 3)` };
      changed = true; // a hole too small to enclose anything is dropped
      continue;
    }
    out.push(d.points);
  }
  return { rings: out, changed };
}

/** Exterior counter-clockwise, holes clockwise. Returns whether anything was reversed. */
function windRfc7946(rings: Rings): boolean {
  let reversed = false;
  for (let r = 0; r < rings.length; r++) {
    const ccw = signedArea2(rings[r]) > 0;
    if (ccw !== (r === 0)) {
      rings[r] = rings[r].slice().reverse();
      reversed = true;
    }
  }
  return reversed;
}

function repairPolygons(polys: Position[][][], multi: boolean, windingIsRepair: boolean): RepairResult {
  let repaired = false;
  const cleaned: Rings[] = [];
  let lastReason: string | undefined;
  for (const p of polys) {
    const c = cleanPolygon(p);
    if (c.changed) repaired = true;
    if (c.rings) cleaned.push(c.rings);
    else {
      lastReason = c.reason;
      repaired = true;
    }
  }
  if (cleaned.length === 0) return { geometry: null, repaired, reason: lastReason ?? 'polygon is empty' };
  const simple =
    cleaned.length === 1 && cleaned[0].length === 1 && cleaned[0][0].length <= QUADRATIC_LIMIT && ringIsSimple(cleaned[0][0]);
  let result = cleaned;
  if (!simple && !polygonsAreValid(cleaned)) {
    result = makeValidPolygons(cleaned);
    repaired = true;
    if (result.length === 0) return { geometry: null, repaired, reason: 'polygon has no area after repair' };
  }
  for (const rings of result) if (windRfc7946(rings) && windingIsRepair) repaired = true;
  const geometry: Geometry =
    result.length === 1 && !multi ? { type: 'Polygon', coordinates: result[0] } : { type: 'MultiPolygon', coordinates: result };
  return { geometry, repaired };
}

function repairLines(lines: Position[][], multi: boolean): RepairResult {
  let repaired = false;
  const out: Position[][] = [];
  for (const l of lines) {
    if (!Array.isArray(l) || l.length === 0) {
      repaired = true;
      continue;
    }
    const d = dedupe(l);
    if (d.changed) repaired = true;
    if (d.points.length < 2) repaired = true;
    else out.push(d.points);
  }
  if (out.length === 0) return { geometry: null, repaired, reason: 'line has fewer than 2 distinct points' };
  const geometry: Geometry = out.length === 1 && !multi ? { type: 'LineString', coordinates: out[0] } : { type: 'MultiLineString', coordinates: out };
  return { geometry, repaired };
}

/**
 * Repairs a geometry whose coordinates are already WGS84 [lon, lat] numbers. Points pass through.
 * `windingIsRepair`: count a reversed ring as a repair (formats that mandate the winding).
 */
export function repairGeometry(g: Geometry, windingIsRepair = true): RepairResult {
  switch (g.type) {
    case 'Polygon':
      return repairPolygons([g.coordinates], false, windingIsRepair);
    case 'MultiPolygon':
      return repairPolygons(g.coordinates, true, windingIsRepair);
    case 'LineString':
      return repairLines([g.coordinates], false);
    case 'MultiLineString':
      return repairLines(g.coordinates, true);
    default:
      return { geometry: g, repaired: false };
  }
}
