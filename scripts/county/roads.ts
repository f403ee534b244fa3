// Roads decide where villages and parks sit, and are written as the `roads` layer for distance
// along them. Trunk roads join neighbouring township seats (Delaunay edges), branch roads run
// from each seat into its hills; both meet at the seats, so the network is connected.
import { Delaunay } from 'd3-delaunay';
import type { Position } from 'geojson';
import type { World } from './world.ts';

export interface Road {
  id: string;
  class: 'county' | 'village';
  a: Position;
  b: Position;
}

export function buildRoads(world: World): Road[] {
  const rng = world.rng;
  const seats = world.map.townships.map((t) => [t.seat[0], t.seat[1]] as [number, number]);
  const roads: Road[] = [];
  const { halfedges, triangles } = Delaunay.from(seats);
  for (let e = 0; e < triangles.length; e++) {
    // Each undirected edge once: the half-edge with the larger index, or a hull edge.
    if (e < halfedges[e]) continue;
    const a = seats[triangles[e]];
    const b = seats[triangles[e % 3 === 2 ? e - 2 : e + 1]];
    if (Math.hypot(b[0] - a[0], b[1] - a[1]) < 14_000) roads.push({ id: `R${roads.length + 1}`, class: 'county', a, b });
  }
  const branches = Math.round(4 * Math.sqrt(world.scale.footprints / 30_000));
  for (const seat of seats) {
    for (let i = 0; i < branches; i++) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const t = rng.range(0, 2 * Math.PI);
        const len = rng.range(2_000, 7_000);
        const end: Position = [seat[0] + len * Math.cos(t), seat[1] + len * Math.sin(t)];
        if (world.map.contains(end)) {
          roads.push({ id: `R${roads.length + 1}`, class: 'village', a: seat, b: end });
          break;
        }
      }
    }
  }
  return roads;
}
