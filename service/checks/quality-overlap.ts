// Areas a ledger record shares with the features of another layer: each piece area(R ∩ X) by
// convex clipping where one side is convex (buildings mostly are), else a JSTS overlay, and the
// area of R ∩ union(X…) without building the union when the pieces cannot overlap.
import polygonClipping from 'polygon-clipping';
import { clipArea } from './flat-clip.ts';
import type { FlatGeom } from './flat-geometry.ts';
import { isSimpleSingleRing, ringArea, simpleArea } from './flat-validity.ts';
import { intersection, unionArea } from './jsts-geometry.ts';
import type { MetricLayer } from './metric-context.ts';

/** An intersection smaller than this (m²) is round-off of a shared edge, not a shared area. */
export const AREA_EPS_M2 = 1e-6;

/**
 * Drawn area of feature i after the repair (shoelace when it is one simple ring). Below
 * AREA_EPS_M2 it is 0: a collapsed outline keeps a sliver of projection round-off, not an area.
 */
export function drawnArea(layer: MetricLayer, i: number): number {
  const g = layer.flat(i);
  let a = simpleArea(g);
  if (Number.isNaN(a)) {
    const parts = apartParts(g);
    a = parts ? parts.reduce((sum, p) => sum + Math.abs(ringArea(p, 0)), 0) : layer.geom(i).getArea();
  }
  return a > AREA_EPS_M2 ? a : 0;
}

const PARTS = new WeakMap<FlatGeom, FlatGeom[] | null>();

/**
 * The parts of a MultiPolygon whose parts are each one simple ring with boxes apart: certainly
 * valid, so its area and overlaps are sums over the parts and no repair is needed. Else null.
 */
function apartParts(g: FlatGeom): FlatGeom[] | null {
  let parts = PARTS.get(g);
  if (parts !== undefined) return parts;
  parts = null;
  const nPolys = g.polyStart.length - 1;
  if (g.dim === 2 && nPolys > 1 && g.partStart.length - 1 === nPolys) {
    const list: FlatGeom[] = [];
    for (let p = 0; p < nPolys; p++) {
      const v0 = g.partStart[p], v1 = g.partStart[p + 1];
      const xy = g.xy.subarray(2 * v0, 2 * v1);
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let k = 0; k < xy.length; k += 2) {
        minX = Math.min(minX, xy[k]);
        maxX = Math.max(maxX, xy[k]);
        minY = Math.min(minY, xy[k + 1]);
        maxY = Math.max(maxY, xy[k + 1]);
      }
      list.push({ dim: 2, xy, partStart: Uint32Array.of(0, v1 - v0), polyStart: Uint32Array.of(0, 1), minX, minY, maxX, maxY });
    }
    const simple = list.every((q) => isSimpleSingleRing(q));
    const apart = list.every((q, k) => list.every((r, m) => m <= k || q.maxX <= r.minX || r.maxX <= q.minX || q.maxY <= r.minY || r.maxY <= q.minY));
    if (simple && apart) parts = list;
  }
  PARTS.set(g, parts);
  return parts;
}

/** area(A_i ∩ B_j). */
export function pieceArea(a: MetricLayer, i: number, b: MetricLayer, j: number): number {
  const bConvex = b.convex(j);
  if (bConvex && isSimpleSingleRing(a.flat(i))) return clipArea(a.flat(i), bConvex);
  // A MultiPolygon of simple parts apart against a convex feature: the sum over its parts.
  const aParts = bConvex ? apartParts(a.flat(i)) : null;
  if (aParts) return aParts.reduce((sum, part) => sum + clipArea(part, bConvex!), 0);
  const aConvex = a.convex(i);
  const bSimple = isSimpleSingleRing(b.flat(j));
  if (aConvex && bSimple) return clipArea(b.flat(j), aConvex);
  // Two simple rings, neither convex (L-shaped buildings): polygon-clipping's sweep is several
  // times cheaper than a JSTS overlay, and both inputs are certainly valid.
  if (bSimple && isSimpleSingleRing(a.flat(i))) return simpleRingsArea(a.flat(i), b.flat(j));
  return intersection(a.geom(i), b.geom(j)).getArea();
}

type Ring = [number, number][];

/** Ring 0 of g relative to (x0, y0): coordinates in the millions of metres lose centimetres in products. */
function localRing(g: FlatGeom, x0: number, y0: number): Ring {
  const out: Ring = [];
  for (let v = g.partStart[0]; v < g.partStart[1]; v++) out.push([g.xy[2 * v] - x0, g.xy[2 * v + 1] - y0]);
  return out;
}

/** area(A ∩ B) of two simple single-ring polygons through polygon-clipping. */
function simpleRingsArea(a: FlatGeom, b: FlatGeom): number {
  const x0 = a.minX, y0 = a.minY;
  let area = 0;
  for (const poly of polygonClipping.intersection([localRing(a, x0, y0)], [localRing(b, x0, y0)])) {
    poly.forEach((ring, k) => {
      let s = 0;
      for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
      area += (k === 0 ? 1 : -1) * Math.abs(s / 2);
    });
  }
  return area;
}

export interface Piece {
  layer: MetricLayer;
  index: number;
  /** area(R ∩ this feature). */
  area: number;
}

/** The features of `other` near record i whose intersection with it has a positive area. */
export function piecesOf(ledger: MetricLayer, i: number, other: MetricLayer, keep: (j: number) => boolean = () => true): Piece[] {
  const out: Piece[] = [];
  const rf = ledger.flat(i);
  for (const j of other.nearFeature(ledger, i, 0)) {
    if (!keep(j)) continue;
    const xf = other.flat(j);
    if (xf.maxX <= rf.minX || xf.minX >= rf.maxX || xf.maxY <= rf.minY || xf.minY >= rf.maxY) continue;
    const area = pieceArea(ledger, i, other, j);
    if (area > AREA_EPS_M2) out.push({ layer: other, index: j, area });
  }
  return out;
}

/**
 * True when no two pieces share an area, so that the union of the pieces is their sum: boxes
 * apart, or the two features' own intersection (convex clipping, mostly) has no area. Buildings
 * and patches of one batch rarely overlap; only then is a JSTS union built.
 */
function piecesApart(pieces: Piece[]): boolean {
  for (let a = 0; a < pieces.length; a++) {
    const pa = pieces[a];
    const fa = pa.layer.flat(pa.index);
    for (let b = a + 1; b < pieces.length; b++) {
      const pb = pieces[b];
      const fb = pb.layer.flat(pb.index);
      if (!(fa.minX < fb.maxX && fb.minX < fa.maxX && fa.minY < fb.maxY && fb.minY < fa.maxY)) continue;
      if (pieceArea(pa.layer, pa.index, pb.layer, pb.index) > AREA_EPS_M2) return false;
    }
  }
  return true;
}

/** area(R ∩ union(pieces)) / area(R); 0 for a record without area. */
export function unionOverlap(ledger: MetricLayer, i: number, area: number, pieces: Piece[]): number {
  if (area <= 0 || pieces.length === 0) return 0;
  let sum = 0;
  for (const p of pieces) sum += p.area;
  if (pieces.length === 1 || piecesApart(pieces)) return Math.min(1, sum / area);
  const r = ledger.geom(i);
  return Math.min(1, unionArea(pieces.map((p) => intersection(r, p.layer.geom(p.index)))) / area);
}

/**
 * The overlap of record i with the union of some pieces, computed only as far as a question
 * needs: the largest piece bounds it from below and the sum from above, and the exact union is
 * built (once) only when the bounds do not settle the question or the value is reported.
 */
export class LazyOverlap {
  private value: number | undefined;
  readonly lower: number;
  readonly upper: number;

  constructor(
    private readonly ledger: MetricLayer,
    private readonly i: number,
    private readonly area: number,
    private readonly pieces: Piece[],
  ) {
    let sum = 0, max = 0;
    for (const p of pieces) {
      sum += p.area;
      if (p.area > max) max = p.area;
    }
    this.lower = area > 0 ? max / area : 0;
    this.upper = area > 0 ? sum / area : 0;
  }

  exact(): number {
    return (this.value ??= unionOverlap(this.ledger, this.i, this.area, this.pieces));
  }

  /** overlap ≥ t. */
  atLeast(t: number): boolean {
    if (this.lower >= t) return true;
    if (this.upper < t) return false;
    return this.exact() >= t;
  }
}
