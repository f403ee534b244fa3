// Intersection area of a simple polygon with a convex one by Sutherland–Hodgman clipping on flat
// arrays. Buildings, patches and straight lane corridors are mostly convex quadrilaterals, and
// this is exact for them (degenerate bridge edges add no area) at a fraction of an overlay's cost.
import type { FlatGeom } from './flat-geometry.ts';
import { isSimpleSingleRing, ringArea } from './flat-validity.ts';

/** Ring vertices without the closing repeat, counter-clockwise, x0 y0 x1 y1 … */
export type ConvexRing = Float64Array;

/** The ring of g as a CCW ConvexRing when g is one simple convex ring, else null. */
export function convexRingOf(g: FlatGeom): ConvexRing | null {
  if (!isSimpleSingleRing(g)) return null;
  const start = g.partStart[0];
  const n = g.partStart[1] - start - 1;
  const ccw = ringArea(g, 0) > 0;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const v = start + (ccw ? k : n - k); // reversed rings start from the closing vertex
    out[2 * k] = g.xy[2 * v];
    out[2 * k + 1] = g.xy[2 * v + 1];
  }
  for (let k = 0; k < n; k++) {
    const ax = out[2 * k], ay = out[2 * k + 1];
    const b = (k + 1) % n, c = (k + 2) % n;
    const cross = (out[2 * b] - ax) * (out[2 * c + 1] - ay) - (out[2 * b + 1] - ay) * (out[2 * c] - ax);
    if (cross < 0) return null; // a reflex vertex: not convex
  }
  return out;
}

/** area(subject ∩ clip) for a subject that is a simple single ring (isSimpleSingleRing). */
export function clipArea(subject: FlatGeom, clip: ConvexRing): number {
  const start = subject.partStart[0];
  const n = subject.partStart[1] - start - 1;
  let poly = Array.from(subject.xy.subarray(2 * start, 2 * (start + n)));
  const m = clip.length / 2;
  for (let e = 0; e < m && poly.length >= 6; e++) {
    const ax = clip[2 * e], ay = clip[2 * e + 1];
    const bx = clip[(2 * e + 2) % clip.length], by = clip[(2 * e + 3) % clip.length];
    const ex = bx - ax, ey = by - ay;
    // Inside = left of (or on) the CCW clip edge.
    const side = (x: number, y: number) => ex * (y - ay) - ey * (x - ax);
    const next: number[] = [];
    const k = poly.length / 2;
    for (let i = 0; i < k; i++) {
      const px = poly[2 * i], py = poly[2 * i + 1];
      const j = (i + 1) % k;
      const qx = poly[2 * j], qy = poly[2 * j + 1];
      const sp = side(px, py), sq = side(qx, qy);
      if (sp >= 0) next.push(px, py);
      if ((sp >= 0) !== (sq >= 0)) {
        const t = sp / (sp - sq);
        next.push(px + t * (qx - px), py + t * (qy - py));
      }
    }
    poly = next;
  }
  // Shoelace relative to the first vertex: Gauss-Krüger coordinates run to millions of metres,
  // and their raw products would lose the centimetres.
  let s = 0;
  const k = poly.length / 2;
  const x0 = poly[0], y0 = poly[1];
  for (let i = 0; i < k; i++) {
    const j = (i + 1) % k;
    s += (poly[2 * i] - x0) * (poly[2 * j + 1] - y0) - (poly[2 * j] - x0) * (poly[2 * i + 1] - y0);
  }
  return Math.abs(s / 2);
}
