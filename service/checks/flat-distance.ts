// Exact planar distance between FlatGeoms by brute force over segment pairs: buildings have a
// handful of vertices, so this beats building JSTS objects by far (checked against JSTS
// DistanceOp in test/checks/flat-distance.test.ts).
import type { FlatGeom } from './flat-geometry.ts';

/** Squared distance from (px, py) to segment (ax, ay)–(bx, by). */
function pointSegDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const ex = ax + t * dx - px, ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** Squared distance between segments ab and cd; 0 when they cross. */
export function segSegDist2(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): number {
  const o1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const o2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  const o3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
  const o4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return 0;
  let d = pointSegDist2(ax, ay, cx, cy, dx, dy);
  let e = pointSegDist2(bx, by, cx, cy, dx, dy);
  if (e < d) d = e;
  e = pointSegDist2(cx, cy, ax, ay, bx, by);
  if (e < d) d = e;
  e = pointSegDist2(dx, dy, ax, ay, bx, by);
  return e < d ? e : d;
}

/** Even-odd point-in-polygon over all rings of a polygonal FlatGeom (a bow-tie's two lobes both count). */
export function pointInPolygonal(g: FlatGeom, x: number, y: number): boolean {
  if (g.dim !== 2 || x < g.minX || x > g.maxX || y < g.minY || y > g.maxY) return false;
  const xy = g.xy, ps = g.partStart;
  let inside = false;
  for (let p = 0; p + 1 < ps.length; p++) {
    const end = ps[p + 1];
    for (let i = ps[p], j = end - 1; i < end; j = i++) {
      const xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/**
 * Segments of part p as [first start vertex, last start vertex, step to the end vertex]: a lone
 * point is one degenerate segment (step 0); a ring's closing vertex repeats its first.
 */
function segmentRange(g: FlatGeom, p: number): [number, number, number] {
  const start = g.partStart[p], end = g.partStart[p + 1];
  return end - start === 1 ? [start, start, 0] : [start, end - 2, 1];
}

/** Shortest distance between the boundaries / lines / points of a and b, ignoring containment. */
function linearDist2(a: FlatGeom, b: FlatGeom, stopBelow2: number): number {
  const axy = a.xy, bxy = b.xy;
  let best = Infinity;
  for (let pa = 0; pa + 1 < a.partStart.length; pa++) {
    const [a0, a1, aStep] = segmentRange(a, pa);
    for (let pb = 0; pb + 1 < b.partStart.length; pb++) {
      const [b0, b1, bStep] = segmentRange(b, pb);
      for (let i = a0; i <= a1; i++) {
        const i2 = i + aStep;
        const ax = axy[2 * i], ay = axy[2 * i + 1], bx = axy[2 * i2], by = axy[2 * i2 + 1];
        for (let j = b0; j <= b1; j++) {
          const j2 = j + bStep;
          const d = segSegDist2(ax, ay, bx, by, bxy[2 * j], bxy[2 * j + 1], bxy[2 * j2], bxy[2 * j2 + 1]);
          if (d < best) {
            best = d;
            if (best <= stopBelow2) return best;
          }
        }
      }
    }
  }
  return best;
}

/** True when some part of `inner` has its first vertex inside polygonal `outer`. */
function anyPartInside(outer: FlatGeom, inner: FlatGeom): boolean {
  for (let p = 0; p + 1 < inner.partStart.length; p++) {
    const v = inner.partStart[p];
    if (pointInPolygonal(outer, inner.xy[2 * v], inner.xy[2 * v + 1])) return true;
  }
  return false;
}

/** Distance between the bounding boxes of a and b (a cheap lower bound of `distance`). */
export function bboxDistance(a: FlatGeom, b: FlatGeom): number {
  const dx = Math.max(0, a.minX - b.maxX, b.minX - a.maxX);
  const dy = Math.max(0, a.minY - b.maxY, b.minY - a.maxY);
  return Math.hypot(dx, dy);
}

/** Shortest planar distance between two geometries; 0 when they touch or overlap. */
export function distance(a: FlatGeom, b: FlatGeom): number {
  const d2 = linearDist2(a, b, 0);
  if (d2 === 0) return 0;
  // No boundary contact: the only way to be at 0 is one lying wholly inside the other.
  if (a.dim === 2 && anyPartInside(a, b)) return 0;
  if (b.dim === 2 && anyPartInside(b, a)) return 0;
  return Math.sqrt(d2);
}

/** Distance from a point to a geometry. */
export function pointDistance(g: FlatGeom, x: number, y: number): number {
  const pt: FlatGeom = { dim: 0, xy: new Float64Array([x, y]), partStart: new Uint32Array([0, 1]), polyStart: new Uint32Array([0, 1]), minX: x, minY: y, maxX: x, maxY: y };
  return distance(g, pt);
}

/** Distance from a geometry to the segment (ax, ay)–(bx, by); 0 when the segment touches or lies inside it. */
export function segmentDistance(g: FlatGeom, ax: number, ay: number, bx: number, by: number): number {
  const seg: FlatGeom = { dim: 1, xy: Float64Array.of(ax, ay, bx, by), partStart: Uint32Array.of(0, 2), polyStart: Uint32Array.of(0, 1), minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by) };
  return distance(g, seg);
}
