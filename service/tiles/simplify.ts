// Stage 3: Douglas–Peucker on flat coordinates with an explicit stack and squared distances,
// in tile units, so the tolerance means "pixels at this zoom".
import type { Flat } from './project.ts';

/** Simplifies an open line; keeps both ends. `sqTolerance` = tolerance². */
export function simplifyLine(line: Flat, sqTolerance: number): Flat {
  const n = line.length >> 1;
  if (n <= 2 || sqTolerance <= 0) return line;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  markKept(line, 0, n - 1, sqTolerance, keep);
  return collect(line, keep);
}

/**
 * Simplifies an open ring: the ring is split at its first point and the point farthest from it,
 * and each half is simplified as a line, so a closed shape never collapses through its own start.
 */
export function simplifyRing(ring: Flat, sqTolerance: number): Flat {
  const n = ring.length >> 1;
  if (n <= 3 || sqTolerance <= 0) return ring;
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
  // Close the ring temporarily so the second half runs far → … → first point.
  const closed = ring.concat([x0, y0]);
  const keep = new Uint8Array(n + 1);
  keep[0] = 1;
  keep[far] = 1;
  keep[n] = 1;
  markKept(closed, 0, far, sqTolerance, keep);
  markKept(closed, far, n, sqTolerance, keep);
  keep[n] = 0;
  return collect(closed, keep);
}

function markKept(coords: Flat, first: number, last: number, sqTolerance: number, keep: Uint8Array): void {
  const stack: number[] = [first, last];
  while (stack.length) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    let maxD = sqTolerance;
    let index = -1;
    for (let i = a + 1; i < b; i++) {
      const d = sqSegDist(coords, i, a, b);
      if (d > maxD) (maxD = d), (index = i);
    }
    if (index >= 0) {
      keep[index] = 1;
      if (index - a > 1) stack.push(a, index);
      if (b - index > 1) stack.push(index, b);
    }
  }
}

/** Squared distance from point p to segment a–b (indices of points in `c`). */
function sqSegDist(c: Flat, p: number, a: number, b: number): number {
  let x = c[2 * a];
  let y = c[2 * a + 1];
  let dx = c[2 * b] - x;
  let dy = c[2 * b + 1] - y;
  const px = c[2 * p];
  const py = c[2 * p + 1];
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) (x = c[2 * b]), (y = c[2 * b + 1]);
    else if (t > 0) (x += dx * t), (y += dy * t);
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

function collect(coords: Flat, keep: Uint8Array): Flat {
  const out: Flat = [];
  for (let i = 0; i < keep.length; i++) if (keep[i]) out.push(coords[2 * i], coords[2 * i + 1]);
  return out;
}
