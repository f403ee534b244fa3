// The road graph on its own: snapping, one-way arcs, cut-offs and the reachable parts of edges.
import { describe, expect, it } from 'vitest';
import { MetricContext } from '../../service/checks/metric-context.ts';
import { RoadNetwork, isOneway } from '../../service/checks/road-network.ts';
import type { CheckFeature } from '../../service/checks/index.ts';
import { gaussKrugerZone } from '../../service/geo/gauss-kruger.ts';
import proj4 from 'proj4';

const toLonLat = proj4(gaussKrugerZone(4549)!.proj4, 'WGS84');
const ll = (x: number, y: number) => toLonLat.forward([480000 + x, 3300000 + y]) as [number, number];
const road = (id: string, pts: [number, number][], props: Record<string, string> = {}): CheckFeature => ({
  id,
  props: { id, ...props },
  geometry: { type: 'LineString', coordinates: pts.map(([x, y]) => ll(x, y)) },
});

function network(roads: CheckFeature[]) {
  const ctx = new MetricContext({ roads }, 'EPSG:4549');
  const [x0, y0] = ctx.project(...ll(0, 0));
  return { net: new RoadNetwork(ctx.layer('roads')), at: (x: number, y: number) => [x0 + x, y0 + y] as const };
}

describe('road network', () => {
  it('joins lines at shared vertices and measures along them', () => {
    const { net, at } = network([road('A', [[0, 0], [1000, 0]]), road('B', [[1000, 0], [1000, 500]])]);
    expect(net.nodes).toBe(3);
    expect(net.edges).toBe(2);
    const s = net.nearest(...at(0, 5))!;
    const q = net.nearest(...at(1010, 300))!;
    const dist = net.fromPoint(s);
    expect(net.distanceTo(s, dist, q)).toBeCloseTo(1300, 6);
  });
  it('drives one-way streets in their drawing direction only', () => {
    const { net, at } = network([road('A', [[0, 0], [1000, 0]], { oneway: 'yes' })]);
    const west = net.nearest(...at(100, 0))!;
    const east = net.nearest(...at(900, 0))!;
    expect(net.distanceTo(west, net.fromPoint(west), east)).toBeCloseTo(800, 6);
    expect(net.distanceTo(east, net.fromPoint(east), west)).toBe(Infinity);
  });
  it('stops at the cut-off and reports the part of an edge within it', () => {
    const { net, at } = network([road('A', [[0, 0], [1000, 0], [3000, 0]])]);
    const s = net.nearest(...at(0, 0))!;
    const dist = net.fromPoint(s, 1500);
    // Nodes in order of first appearance: (0,0), (1000,0), (3000,0); the last lies beyond 1500.
    expect(dist[0]).toBe(0);
    expect(dist[1]).toBeCloseTo(1000, 6);
    expect(dist[2]).toBe(Infinity);
    const parts = net.reachable(s, dist, 1500);
    const reach = Math.max(...parts.map((p) => Math.max(p[0], p[2]) - at(0, 0)[0]));
    expect(reach).toBeCloseTo(1500, 6);
  });
  it('reads the usual one-way spellings', () => {
    expect(['yes', 'TRUE', '1', '是', true, 1].map(isOneway)).toEqual([true, true, true, true, true, true]);
    expect(['no', '', '0', '否', null, false].map(isOneway)).toEqual([false, false, false, false, false, false]);
  });
});
