// A cheap validity test for the common case, a polygon with one ring and no self-contact, so
// that JSTS's IsValidOp (the largest cost of building geometries) runs only on the rest.
import { segSegDist2 } from './flat-distance.ts';
import type { FlatGeom } from './flat-geometry.ts';

/** Signed shoelace area of ring `p` of g. */
export function ringArea(g: FlatGeom, p: number): number {
  const xy = g.xy;
  const first = g.partStart[p];
  // Relative to the ring's first vertex: raw products of coordinates in the millions of metres
  // would lose the centimetres.
  const x0 = xy[2 * first], y0 = xy[2 * first + 1];
  let s = 0;
  for (let i = first, end = g.partStart[p + 1] - 1; i < end; i++) {
    s += (xy[2 * i] - x0) * (xy[2 * i + 3] - y0) - (xy[2 * i + 2] - x0) * (xy[2 * i + 1] - y0);
  }
  return s / 2;
}

/**
 * True when g is one polygon with one ring that is certainly valid: non-zero area, no two
 * non-adjacent edges touching, no spike (an edge folding back onto the previous one). False
 * means "not sure", never "invalid".
 */
export function isSimpleSingleRing(g: FlatGeom): boolean {
  if (g.dim !== 2 || g.partStart.length !== 2) return false;
  const xy = g.xy;
  const first = g.partStart[0];
  const edges = g.partStart[1] - first - 1; // closed ring: n + 1 vertices, n edges
  if (edges < 3 || ringArea(g, 0) === 0) return false;
  for (let i = 0; i < edges; i++) {
    const a = first + i;
    const ax = xy[2 * a], ay = xy[2 * a + 1], bx = xy[2 * a + 2], by = xy[2 * a + 3];
    if (ax === bx && ay === by) return false; // repeated point: let JSTS judge
    // Spike: the next edge goes straight back along this one.
    const c = first + ((i + 1) % edges);
    const cx = xy[2 * c + 2], cy = xy[2 * c + 3];
    const cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    const dot = (bx - ax) * (cx - bx) + (by - ay) * (cy - by);
    if (cross === 0 && dot < 0) return false;
    for (let j = i + 2; j < edges; j++) {
      if (i === 0 && j === edges - 1) continue; // the closing edge is adjacent to the first
      const d = first + j;
      if (segSegDist2(ax, ay, bx, by, xy[2 * d], xy[2 * d + 1], xy[2 * d + 2], xy[2 * d + 3]) === 0) return false;
    }
  }
  return true;
}

/** Area of a polygonal FlatGeom when it is a simple single ring, else NaN (ask JSTS). */
export function simpleArea(g: FlatGeom): number {
  return isSimpleSingleRing(g) ? Math.abs(ringArea(g, 0)) : NaN;
}
