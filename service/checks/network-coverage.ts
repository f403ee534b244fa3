// Coverage and nearest-station assignment by road distance (docs/spec/checks.md §3, network
// distance): one shortest-path tree per serving station, and for siting one tree per candidate
// cut off at the service radius. A unit no station reaches (another part of the network) is
// neither assigned nor covered.
import Flatbush from 'flatbush';
import type { DemandPoints } from './coverage.ts';
import { TIE_EPS_M, TOUCH_EPS_M } from './ledger-rules.ts';
import { RoadNetwork, type RoadPoint } from './road-network.ts';
import type { MetricLayer } from './metric-context.ts';
import type { CoverFn } from './siting.ts';

export interface Assignment {
  /** Index of the nearest serving station per unit (-1: none reaches it), and its distance. */
  nearest: Int32Array;
  distance: Float64Array;
  covered: Uint8Array;
}

export class NetworkDistances {
  readonly network: RoadNetwork;
  private readonly unitPoints: (RoadPoint | null)[];
  private readonly unitIndex: Flatbush | null;
  /** Node distances of the last tree, reused so that 500 candidate trees make no garbage. */
  private readonly scratch: Float64Array;

  constructor(roads: MetricLayer, demand: DemandPoints) {
    if (roads.size === 0) throw new Error('distance network needs a roads layer: none is loaded');
    this.network = new RoadNetwork(roads);
    this.unitPoints = Array.from(demand.x, (x, i) => this.network.nearest(x, demand.y[i]));
    this.scratch = new Float64Array(this.network.nodes);
    const n = this.unitPoints.length;
    this.unitIndex = n ? new Flatbush(n) : null;
    if (this.unitIndex) {
      for (const p of this.unitPoints) this.unitIndex.add(p!.x, p!.y, p!.x, p!.y);
      this.unitIndex.finish();
    }
  }

  /** Stations in id order at (sx, sy) with their own radius sr. */
  assign(sx: Float64Array, sy: Float64Array, sr: Float64Array): Assignment {
    const n = this.unitPoints.length;
    const out: Assignment = { nearest: new Int32Array(n).fill(-1), distance: new Float64Array(n).fill(Infinity), covered: new Uint8Array(n) };
    const dist = new Float64Array(this.network.nodes);
    for (let k = 0; k < sx.length; k++) {
      const source = this.network.nearest(sx[k], sy[k])!;
      this.network.fromPoint(source, Infinity, dist);
      for (let i = 0; i < n; i++) {
        const d = this.network.distanceTo(source, dist, this.unitPoints[i]!);
        if (!Number.isFinite(d)) continue;
        // Stations come in id order: only a clearly shorter distance displaces the nearest.
        if (out.nearest[i] < 0 || d < out.distance[i] - TIE_EPS_M) {
          out.nearest[i] = k;
          out.distance[i] = d;
        }
        if (d <= sr[k] + TOUCH_EPS_M) out.covered[i] = 1;
      }
    }
    return out;
  }

  /** The units a site at (x, y) reaches within r along the roads. */
  readonly cover: CoverFn = (x, y, r) => {
    if (!this.unitIndex) return [];
    const source = this.network.nearest(x, y)!;
    const dist = this.network.fromPoint(source, r, this.scratch);
    // A path is never shorter than the straight line between its road points.
    const near = this.unitIndex.search(source.x - r, source.y - r, source.x + r, source.y + r);
    const out: number[] = [];
    for (const i of near) if (this.network.distanceTo(source, dist, this.unitPoints[i]!) <= r + TOUCH_EPS_M) out.push(i);
    return out.sort((a, b) => a - b);
  };
}
