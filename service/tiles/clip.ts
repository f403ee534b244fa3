// Stage 2: cut geometry to the buffered tile square [min, max]², one axis at a time
// (Sutherland–Hodgman for rings, segment splitting for lines), on flat coordinate arrays.
import type { Flat } from './project.ts';

/** Clips an open ring to min ≤ x, y ≤ max. Returns an open ring, possibly empty. */
export function clipRing(ring: Flat, min: number, max: number): Flat {
  return clipRingAxis(clipRingAxis(ring, min, max, 0), min, max, 1);
}

function clipRingAxis(ring: Flat, k1: number, k2: number, axis: 0 | 1): Flat {
  const out: Flat = [];
  const len = ring.length;
  if (len < 6) return out;
  const other = 1 - axis;
  // Walk edges (prev → cur), each ending at cur, including the closing edge last → first.
  let pa = ring[len - 2 + axis];
  let po = ring[len - 2 + other];
  for (let i = 0; i < len; i += 2) {
    const ca = ring[i + axis];
    const co = ring[i + other];
    // Entering or leaving each boundary adds the crossing point; inside points are kept.
    if (pa < k1) {
      if (ca > k1) push(out, axis, k1, po + ((co - po) * (k1 - pa)) / (ca - pa));
      if (ca > k2) push(out, axis, k2, po + ((co - po) * (k2 - pa)) / (ca - pa));
    } else if (pa > k2) {
      if (ca < k2) push(out, axis, k2, po + ((co - po) * (k2 - pa)) / (ca - pa));
      if (ca < k1) push(out, axis, k1, po + ((co - po) * (k1 - pa)) / (ca - pa));
    } else {
      if (ca < k1) push(out, axis, k1, po + ((co - po) * (k1 - pa)) / (ca - pa));
      else if (ca > k2) push(out, axis, k2, po + ((co - po) * (k2 - pa)) / (ca - pa));
    }
    if (ca >= k1 && ca <= k2) push(out, axis, ca, co);
    pa = ca;
    po = co;
  }
  return out;
}

function push(out: Flat, axis: 0 | 1, a: number, o: number): void {
  if (axis === 0) out.push(a, o);
  else out.push(o, a);
}

/** Clips a line to min ≤ x, y ≤ max; a line that leaves and re-enters becomes several lines. */
export function clipLine(line: Flat, min: number, max: number): Flat[] {
  const result: Flat[] = [];
  for (const part of clipLineAxis(line, min, max, 0)) result.push(...clipLineAxis(part, min, max, 1));
  return result;
}

function clipLineAxis(line: Flat, k1: number, k2: number, axis: 0 | 1): Flat[] {
  const parts: Flat[] = [];
  const other = 1 - axis;
  let cur: Flat = [];
  const len = line.length;
  for (let i = 0; i + 2 < len; i += 2) {
    const aa = line[i + axis];
    const ao = line[i + other];
    const ba = line[i + 2 + axis];
    const bo = line[i + 2 + other];
    const lo = Math.min(aa, ba);
    const hi = Math.max(aa, ba);
    if (hi < k1 || lo > k2) {
      if (cur.length) parts.push(cur), (cur = []);
      continue;
    }
    // Parameters where the segment is inside [k1, k2] along the axis.
    let t0 = 0;
    let t1 = 1;
    if (ba !== aa) {
      const tk1 = (k1 - aa) / (ba - aa);
      const tk2 = (k2 - aa) / (ba - aa);
      t0 = Math.max(0, Math.min(tk1, tk2));
      t1 = Math.min(1, Math.max(tk1, tk2));
    }
    const sa = aa + (ba - aa) * t0;
    const so = ao + (bo - ao) * t0;
    const ea = aa + (ba - aa) * t1;
    const eo = ao + (bo - ao) * t1;
    if (!cur.length) push(cur, axis, sa, so);
    push(cur, axis, ea, eo);
    if (t1 < 1) parts.push(cur), (cur = []);
  }
  if (cur.length) parts.push(cur);
  return parts.filter((p) => p.length >= 4);
}
