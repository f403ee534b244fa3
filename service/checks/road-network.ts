// Distance along the `roads` layer (docs/spec/checks.md §3, network distance). Every segment
// between two consecutive vertices is an edge; lines meet where they share a vertex (within
// 1 cm). A place enters the network at its nearest road point, and its distance to another is
// the shortest path between their road points, driven from the station or candidate towards
// the demand unit; a `oneway` road is driven in its drawing direction only.
import Flatbush from 'flatbush';
import FlatQueue from 'flatqueue';
import type { MetricLayer } from './metric-context.ts';

/** Vertices closer than this are one node. */
const SNAP_M = 0.01;

export interface RoadPoint {
  /** Edge the point lies on, and its position along it (0 = from-node, 1 = to-node). */
  edge: number;
  t: number;
  x: number;
  y: number;
}

const ONEWAY_TRUE = new Set(['true', 'yes', 'y', '1', 't', '是', 'ft']);

export function isOneway(value: unknown): boolean {
  if (value === true || value === 1) return true;
  return typeof value === 'string' && ONEWAY_TRUE.has(value.trim().toLowerCase());
}

export class RoadNetwork {
  /** Per edge: from-node, to-node, length, whether it may be driven backwards, its road index. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly length: Float64Array;
  readonly twoWay: Uint8Array;
  readonly road: Int32Array;
  /** Per node: x, y. */
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
  /** Outgoing arcs per node (CSR): target node and length. */
  private readonly outStart: Int32Array;
  private readonly outTo: Int32Array;
  private readonly outLen: Float64Array;
  private readonly index: Flatbush | null;

  constructor(roads: MetricLayer) {
    const nodes = new Map<string, number>();
    const nx: number[] = [];
    const ny: number[] = [];
    const nodeAt = (x: number, y: number) => {
      const key = `${Math.round(x / SNAP_M)},${Math.round(y / SNAP_M)}`;
      let id = nodes.get(key);
      if (id === undefined) {
        id = nx.length;
        nodes.set(key, id);
        nx.push(x);
        ny.push(y);
      }
      return id;
    };
    const from: number[] = [], to: number[] = [], len: number[] = [], two: number[] = [], road: number[] = [];
    for (let r = 0; r < roads.size; r++) {
      const f = roads.flat(r);
      if (f.dim !== 1) throw new Error(`${roads.where(r)}: a road must be a LineString or MultiLineString`);
      const oneway = isOneway(roads.features[r].props.oneway);
      for (let p = 0; p + 1 < f.partStart.length; p++) {
        for (let v = f.partStart[p]; v + 1 < f.partStart[p + 1]; v++) {
          const a = nodeAt(f.xy[2 * v], f.xy[2 * v + 1]);
          const b = nodeAt(f.xy[2 * v + 2], f.xy[2 * v + 3]);
          if (a === b) continue;
          from.push(a);
          to.push(b);
          len.push(Math.hypot(nx[b] - nx[a], ny[b] - ny[a]));
          two.push(oneway ? 0 : 1);
          road.push(r);
        }
      }
    }
    this.from = Int32Array.from(from);
    this.to = Int32Array.from(to);
    this.length = Float64Array.from(len);
    this.twoWay = Uint8Array.from(two);
    this.road = Int32Array.from(road);
    this.nodeX = Float64Array.from(nx);
    this.nodeY = Float64Array.from(ny);

    const degree = new Int32Array(nx.length + 1);
    for (let e = 0; e < from.length; e++) {
      degree[from[e] + 1]++;
      if (two[e]) degree[to[e] + 1]++;
    }
    for (let i = 0; i < nx.length; i++) degree[i + 1] += degree[i];
    this.outStart = degree;
    this.outTo = new Int32Array(degree[nx.length]);
    this.outLen = new Float64Array(degree[nx.length]);
    const fill = degree.slice(0, nx.length);
    for (let e = 0; e < from.length; e++) {
      this.outTo[fill[from[e]]] = to[e];
      this.outLen[fill[from[e]]++] = len[e];
      if (two[e]) {
        this.outTo[fill[to[e]]] = from[e];
        this.outLen[fill[to[e]]++] = len[e];
      }
    }
    if (from.length) {
      const index = new Flatbush(from.length);
      for (let e = 0; e < from.length; e++) {
        const ax = nx[from[e]], ay = ny[from[e]], bx = nx[to[e]], by = ny[to[e]];
        index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      }
      index.finish();
      this.index = index;
    } else {
      this.index = null;
    }
  }

  get edges(): number {
    return this.from.length;
  }

  get nodes(): number {
    return this.nodeX.length;
  }

  /** The nearest point on any road (ties: the lower edge index), or null without roads. */
  nearest(x: number, y: number): RoadPoint | null {
    if (!this.index) return null;
    // Widen the box until the best exact distance lies inside it: nothing outside can be closer.
    for (let d = 64; ; d *= 4) {
      let best: RoadPoint | null = null;
      let bestD = Infinity;
      for (const e of this.index.search(x - d, y - d, x + d, y + d)) {
        const ax = this.nodeX[this.from[e]], ay = this.nodeY[this.from[e]];
        const dx = this.nodeX[this.to[e]] - ax, dy = this.nodeY[this.to[e]] - ay;
        const l2 = dx * dx + dy * dy;
        const t = l2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
        const px = ax + t * dx, py = ay + t * dy;
        const dist = Math.hypot(x - px, y - py);
        if (dist < bestD || (dist === bestD && best && e < best.edge)) {
          bestD = dist;
          best = { edge: e, t, x: px, y: py };
        }
      }
      if (best && bestD <= d) return best;
      if (d > 1e8) return best;
    }
  }

  /**
   * Shortest distances from a road point to every node, driving away from it; nodes beyond
   * `cutoff` stay Infinity. The array is the caller's (reused when given).
   */
  fromPoint(p: RoadPoint, cutoff = Infinity, dist = new Float64Array(this.nodes)): Float64Array {
    dist.fill(Infinity);
    const queue = new FlatQueue<number>();
    const seed = (node: number, d: number) => {
      if (d <= cutoff && d < dist[node]) {
        dist[node] = d;
        queue.push(node, d);
      }
    };
    const e = p.edge;
    seed(this.to[e], (1 - p.t) * this.length[e]);
    if (this.twoWay[e]) seed(this.from[e], p.t * this.length[e]);
    while (queue.length) {
      const d = queue.peekValue()!;
      const u = queue.pop()!;
      if (d > dist[u]) continue;
      for (let k = this.outStart[u]; k < this.outStart[u + 1]; k++) {
        const v = this.outTo[k];
        const nd = d + this.outLen[k];
        if (nd < dist[v] && nd <= cutoff) {
          dist[v] = nd;
          queue.push(v, nd);
        }
      }
    }
    return dist;
  }

  /** Distance from the source point (whose node distances are `dist`) to road point q. */
  distanceTo(source: RoadPoint, dist: Float64Array, q: RoadPoint): number {
    const e = q.edge;
    const L = this.length[e];
    let d = dist[this.from[e]] + q.t * L;
    if (this.twoWay[e]) d = Math.min(d, dist[this.to[e]] + (1 - q.t) * L);
    if (source.edge === e) {
      if (q.t >= source.t) d = Math.min(d, (q.t - source.t) * L);
      else if (this.twoWay[e]) d = Math.min(d, (source.t - q.t) * L);
    }
    return d;
  }

  /** Parts of edges reachable within `cutoff` of the source, as [x0, y0, x1, y1] segments. */
  reachable(source: RoadPoint, dist: Float64Array, cutoff: number): [number, number, number, number][] {
    const out: [number, number, number, number][] = [];
    const at = (e: number, t: number): [number, number] => {
      const a = this.from[e], b = this.to[e];
      return [this.nodeX[a] + t * (this.nodeX[b] - this.nodeX[a]), this.nodeY[a] + t * (this.nodeY[b] - this.nodeY[a])];
    };
    for (let e = 0; e < this.edges; e++) {
      const L = this.length[e];
      // Reach along the edge from its from-node (forward) and, if two-way, from its to-node.
      let fwd = cutoff - dist[this.from[e]];
      let back = this.twoWay[e] ? cutoff - dist[this.to[e]] : -1;
      if (source.edge === e) {
        // From the source point itself: forward to t = 1, and back to t = 0 on a two-way edge.
        const ahead = Math.min(1, source.t + cutoff / L);
        out.push([...at(e, source.t), ...at(e, ahead)]);
        if (this.twoWay[e]) out.push([...at(e, Math.max(0, source.t - cutoff / L)), ...at(e, source.t)]);
      }
      fwd = Math.min(1, Math.max(fwd, 0) / L);
      back = Math.min(1, Math.max(back, 0) / L);
      if (fwd + back >= 1) {
        out.push([...at(e, 0), ...at(e, 1)]);
        continue;
      }
      if (fwd > 0) out.push([...at(e, 0), ...at(e, fwd)]);
      if (back > 0) out.push([...at(e, 1 - back), ...at(e, 1)]);
    }
    return out;
  }
}
