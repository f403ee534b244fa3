// Building blocks in metres (the EPSG:4549 plane of frame.ts): rotated rectangles, L-shapes and
// the few measurements the generator needs to check its own planted cases. Rings are closed and
// counter-clockwise (RFC 7946 exterior winding).
import type { Polygon, Position } from 'geojson';

export interface Frame {
  /** Origin in metres. */
  x: number;
  y: number;
  /** Direction of the local u axis, radians from east. */
  angle: number;
}

/** A point given in a local frame (u along the street, v across it) in metres. */
export function local(f: Frame, u: number, v: number): Position {
  const c = Math.cos(f.angle);
  const s = Math.sin(f.angle);
  return [f.x + u * c - v * s, f.y + u * s + v * c];
}

/** Axis-aligned (in the frame) rectangle [u0,u1] × [v0,v1] as a polygon. */
export function rectIn(f: Frame, u0: number, v0: number, u1: number, v1: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [[local(f, u0, v0), local(f, u1, v0), local(f, u1, v1), local(f, u0, v1), local(f, u0, v0)]],
  };
}

/** Rectangle of size w × h centred on (u, v) in the frame. */
export function rectAt(f: Frame, u: number, v: number, w: number, h: number): Polygon {
  return rectIn(f, u - w / 2, v - h / 2, u + w / 2, v + h / 2);
}

/** L-shaped house: a w × h rectangle with the (cw × ch) corner at (u1, v1) cut away. */
export function lShapeIn(f: Frame, u0: number, v0: number, w: number, h: number, cw: number, ch: number): Polygon {
  const u1 = u0 + w;
  const v1 = v0 + h;
  return {
    type: 'Polygon',
    coordinates: [
      [
        local(f, u0, v0),
        local(f, u1, v0),
        local(f, u1, v1 - ch),
        local(f, u1 - cw, v1 - ch),
        local(f, u1 - cw, v1),
        local(f, u0, v1),
        local(f, u0, v0),
      ],
    ],
  };
}

/** Signed shoelace area of a closed ring (positive when counter-clockwise). */
export function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

export function polygonArea(coords: Position[][]): number {
  let a = Math.abs(ringArea(coords[0]));
  for (let i = 1; i < coords.length; i++) a -= Math.abs(ringArea(coords[i]));
  return a;
}

export function pointSegmentDistance(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

export function pointInRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from a point to a polygon (0 inside), holes ignored: the generator never makes holes. */
export function pointPolygonDistance(p: Position, coords: Position[][]): number {
  const ring = coords[0];
  if (pointInRing(p, ring)) return 0;
  let best = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) best = Math.min(best, pointSegmentDistance(p, ring[i], ring[i + 1]));
  return best;
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o = (p: Position, q: Position, r: Position) => (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

/** Shortest distance between two simple polygons' outer rings (0 when they overlap or touch). */
export function polygonDistance(a: Position[][], b: Position[][]): number {
  const ra = a[0];
  const rb = b[0];
  if (pointInRing(ra[0], rb) || pointInRing(rb[0], ra)) return 0;
  let best = Infinity;
  for (let i = 0; i + 1 < ra.length; i++) {
    for (let j = 0; j + 1 < rb.length; j++) {
      if (segmentsCross(ra[i], ra[i + 1], rb[j], rb[j + 1])) return 0;
      best = Math.min(
        best,
        pointSegmentDistance(ra[i], rb[j], rb[j + 1]),
        pointSegmentDistance(rb[j], ra[i], ra[i + 1]),
      );
    }
  }
  return best;
}

export function centroidOf(ring: Position[]): Position {
  let x = 0;
  let y = 0;
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    x += ring[i][0];
    y += ring[i][1];
  }
  return [x / n, y / n];
}

/** Bounding box [minX, minY, maxX, maxY] of any nesting of positions. */
export function bboxOfRing(ring: Position[]): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}
