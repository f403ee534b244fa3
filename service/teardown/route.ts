// A day's visiting order: nearest neighbour from the first (most dangerous) record, improved by
// 2-opt with the start fixed, on an open path (a crew does not return to the first site).
// Straight-line distances in metres; a day holds tens of records, so O(n²) passes are cheap.

export interface Point {
  x: number;
  y: number;
}

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

export function routeLength(points: readonly Point[]): number {
  let len = 0;
  for (let i = 1; i < points.length; i++) len += dist(points[i - 1], points[i]);
  return len;
}

/** Indices into `points` in visiting order, starting at index 0. */
export function visitingOrder(points: readonly Point[]): number[] {
  const n = points.length;
  if (n <= 2) return points.map((_, i) => i);
  const order = [0];
  const used = new Uint8Array(n);
  used[0] = 1;
  for (let k = 1; k < n; k++) {
    const last = points[order[k - 1]];
    let best = -1, bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const d = dist(last, points[j]);
      if (d < bestD) [best, bestD] = [j, d];
    }
    used[best] = 1;
    order.push(best);
  }
  // 2-opt on an open path: reversing order[i..j] changes the edges (i-1,i) and (j,j+1) only.
  let improved = true;
  for (let pass = 0; improved && pass < 50; pass++) {
    improved = false;
    for (let i = 1; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = points[order[i - 1]], b = points[order[i]], c = points[order[j]];
        const d = j + 1 < n ? points[order[j + 1]] : null;
        const before = dist(a, b) + (d ? dist(c, d) : 0);
        const after = dist(a, c) + (d ? dist(b, d) : 0);
        if (after < before - 1e-9) {
          order.splice(i, j - i + 1, ...order.slice(i, j + 1).reverse());
          improved = true;
        }
      }
    }
  }
  return order;
}
