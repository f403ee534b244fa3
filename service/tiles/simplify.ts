// Stage 3: Douglas–Peucker on flat coordinates with an explicit stack and squared distances,
// in tile units, so the tolerance means "pixels at this zoom".
import type { Flat } from './project.ts';

/** Simplifies an open line; keeps both ends. `sqTolerance` = tolerance². */
export function simplifyLine(line: Flat, sqTolerance: number): Flat {
  const n = line.length >> 1;
  if (n <= 2 || sqTolerance <= 0) return line;
  const keep = scratchKeep(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  markKept(line, n, 0, n - 1, sqTolerance, keep);
  return collect(line, keep, n);
}

/**
 * Simplifies an open ring: the ring is split at its first point and the point farthest from it,
 * and each half is simplified as a line, so a closed shape never collapses through its own start.
 */
export function simplifyRing(ring: Flat, sqTolerance: number): Flat {
  const keep = ringKeep(ring, sqTolerance);
  return keep ? collect(ring, keep, ring.length >> 1) : ring;
}

/**
 * simplifyRing's choice as a mask over the ring's points (1 = kept), or null when every point
 * stays. The mask is scratch space, valid until the next call.
 */
export function ringKeep(ring: Flat, sqTolerance: number): Uint8Array | null {
  const n = ring.length >> 1;
  if (n <= 3 || sqTolerance <= 0) return null;
  const x0 = ring[0];
  const y0 = ring[1];
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n; i++) {
    const dx = ring[2 * i] - x0;
    const dy = ring[2 * i + 1] - y0;
    const d = dx * dx + dy * dy;
    if (d > farD) (farD = d), (far = i);
  }
  // The second half runs far → … → first point: point n stands for point 0 (the ring closed).
  const keep = scratchKeep(n + 1);
  keep[0] = 1;
  keep[far] = 1;
  keep[n] = 1;
  markKept(ring, n, 0, far, sqTolerance, keep);
  markKept(ring, n, far, n, sqTolerance, keep);
  return keep;
}

// Scratch space reused across calls: a tile simplifies thousands of small rings.
let KEEP = new Uint8Array(256);
const STACK: number[] = [];

function scratchKeep(n: number): Uint8Array {
  if (KEEP.length < n) KEEP = new Uint8Array(Math.max(n, 2 * KEEP.length));
  KEEP.fill(0, 0, n);
  return KEEP;
}

/** Douglas–Peucker between points first and last of `c`; point index `wrap` is point 0. */
function markKept(c: Flat, wrap: number, first: number, last: number, sqTolerance: number, keep: Uint8Array): void {
  const stack = STACK;
  stack.push(first, last);
  while (stack.length) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    const ax = c[2 * a];
    const ay = c[2 * a + 1];
    const bx = b === wrap ? c[0] : c[2 * b];
    const by = b === wrap ? c[1] : c[2 * b + 1];
    const sx = bx - ax;
    const sy = by - ay;
    const degenerate = sx === 0 && sy === 0;
    const len2 = sx * sx + sy * sy;
    let maxD = sqTolerance;
    let index = -1;
    for (let i = a + 1; i < b; i++) {
      // Squared distance from point i to the segment a–b.
      const px = c[2 * i];
      const py = c[2 * i + 1];
      let x = ax;
      let y = ay;
      if (!degenerate) {
        const t = ((px - x) * sx + (py - y) * sy) / len2;
        if (t > 1) (x = bx), (y = by);
        else if (t > 0) (x += sx * t), (y += sy * t);
      }
      const dx = px - x;
      const dy = py - y;
      const d = dx * dx + dy * dy;
      if (d > maxD) (maxD = d), (index = i);
    }
    if (index >= 0) {
      keep[index] = 1;
      if (index - a > 1) stack.push(a, index);
      if (b - index > 1) stack.push(index, b);
    }
  }
}

/** The points of `coords` among the first `n` that `keep` marks. */
function collect(coords: Flat, keep: Uint8Array, n: number): Flat {
  const out: Flat = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(coords[2 * i], coords[2 * i + 1]);
  return out;
}
