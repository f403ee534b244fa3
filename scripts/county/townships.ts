// Township boundaries: an irregular county outline inside the county's box, cut into Voronoi
// cells around the township seats (d3-delaunay), each cell clipped to the outline
// (polygon-clipping). Cells of one Voronoi diagram share their edges exactly, so the townships
// tile the county without gaps or overlaps.
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import type { Polygon, Position } from 'geojson';
import type { Rng } from './rng.ts';
import { COUNTY_BBOX, toMetric } from './frame.ts';
import { TOWNSHIPS, type TownshipSeat } from './names.ts';
import { pointInRing, ringArea } from './shapes.ts';

export interface Township extends TownshipSeat {
  /** Seat in metres. */
  seat: Position;
  polygon: Polygon;
}

export interface CountyMap {
  outline: Position[];
  townships: Township[];
  /** Index of the township containing a point (the nearest seat: that is what a Voronoi cell is). */
  townshipAt(p: Position): Township;
  contains(p: Position): boolean;
}

/** A squarish superellipse with a ragged edge, about 400 m inside the box so nothing can leave it. */
function countyOutline(rng: Rng): Position[] {
  const cx = (COUNTY_BBOX.west + COUNTY_BBOX.east) / 2;
  const cy = (COUNTY_BBOX.south + COUNTY_BBOX.north) / 2;
  const ax = (COUNTY_BBOX.east - COUNTY_BBOX.west) / 2 - 0.004;
  const ay = (COUNTY_BBOX.north - COUNTY_BBOX.south) / 2 - 0.004;
  const ring: Position[] = [];
  const n = 48;
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const c = Math.cos(t);
    const s = Math.sin(t);
    // Superellipse of exponent 4: r = 1 / (|c|^4 + |s|^4)^(1/4).
    const r = (1 / Math.pow(c ** 4 + s ** 4, 0.25)) * rng.range(0.93, 1.0);
    ring.push(toMetric(cx + ax * r * c, cy + ay * r * s));
  }
  ring.push(ring[0]);
  return ring;
}

function closeCcw(ring: Position[]): Position[] {
  const out = ring.map((p) => [p[0], p[1]]);
  const first = out[0];
  const last = out[out.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  return ringArea(out) < 0 ? out.reverse() : out;
}

export function buildCountyMap(rng: Rng): CountyMap {
  const outline = countyOutline(rng);
  const seats = TOWNSHIPS.map((t) => toMetric(t.lon, t.lat));
  for (let i = 0; i < seats.length; i++) {
    if (!pointInRing(seats[i], outline)) throw new Error(`township seat ${TOWNSHIPS[i].name} lies outside the county outline`);
  }
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of outline) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const voronoi = Delaunay.from(seats).voronoi([x0 - 10, y0 - 10, x1 + 10, y1 + 10]);
  const clipRing = outline.map((p) => [p[0], p[1]] as [number, number]);
  const townships: Township[] = TOWNSHIPS.map((seat, i) => {
    const cell = voronoi.cellPolygon(i).map((p) => [p[0], p[1]] as [number, number]);
    const parts = polygonClipping.intersection([cell], [clipRing]);
    if (parts.length !== 1) throw new Error(`township ${seat.name}: clipped cell has ${parts.length} parts`);
    return { ...seat, seat: seats[i], polygon: { type: 'Polygon', coordinates: parts[0].map(closeCcw) } };
  });

  const townshipAt = (p: Position): Township => {
    let best = 0;
    let bestD = Infinity;
    for (let i = 0; i < seats.length; i++) {
      const d = (seats[i][0] - p[0]) ** 2 + (seats[i][1] - p[1]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return townships[best];
  };
  return { outline, townships, townshipAt, contains: (p) => pointInRing(p, outline) };
}
