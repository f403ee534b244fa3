// Areas a ledger record shares with the features of another layer: each piece area(R ∩ X) by
// convex clipping where one side is convex (buildings mostly are), else a JSTS overlay, and the
// area of R ∩ union(X…) without building the union when the pieces cannot overlap.
import { clipArea } from './flat-clip.ts';
import { isSimpleSingleRing, simpleArea } from './flat-validity.ts';
import { intersection, unionArea } from './jsts-geometry.ts';
import type { MetricLayer } from './metric-context.ts';

/** An intersection smaller than this (m²) is round-off of a shared edge, not a shared area. */
export const AREA_EPS_M2 = 1e-6;

/**
 * Drawn area of feature i after the repair (shoelace when it is one simple ring). Below
 * AREA_EPS_M2 it is 0: a collapsed outline keeps a sliver of projection round-off, not an area.
 */
export function drawnArea(layer: MetricLayer, i: number): number {
  const s = simpleArea(layer.flat(i));
  const a = Number.isNaN(s) ? layer.geom(i).getArea() : s;
  return a > AREA_EPS_M2 ? a : 0;
}

/** area(A_i ∩ B_j). */
export function pieceArea(a: MetricLayer, i: number, b: MetricLayer, j: number): number {
  const bConvex = b.convex(j);
  if (bConvex && isSimpleSingleRing(a.flat(i))) return clipArea(a.flat(i), bConvex);
  const aConvex = a.convex(i);
  if (aConvex && isSimpleSingleRing(b.flat(j))) return clipArea(b.flat(j), aConvex);
  return intersection(a.geom(i), b.geom(j)).getArea();
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

/** True when no two pieces' boxes share an area: then the union of the pieces is their sum. */
function boxesApart(pieces: Piece[]): boolean {
  for (let a = 0; a < pieces.length; a++) {
    const fa = pieces[a].layer.flat(pieces[a].index);
    for (let b = a + 1; b < pieces.length; b++) {
      const fb = pieces[b].layer.flat(pieces[b].index);
      if (fa.minX < fb.maxX && fb.minX < fa.maxX && fa.minY < fb.maxY && fb.minY < fa.maxY) return false;
    }
  }
  return true;
}

/** area(R ∩ union(pieces)) / area(R); 0 for a record without area. */
export function unionOverlap(ledger: MetricLayer, i: number, area: number, pieces: Piece[]): number {
  if (area <= 0 || pieces.length === 0) return 0;
  let sum = 0;
  for (const p of pieces) sum += p.area;
  if (pieces.length === 1 || boxesApart(pieces)) return Math.min(1, sum / area);
  const r = ledger.geom(i);
  return Math.min(1, unionArea(pieces.map((p) => intersection(r, p.layer.geom(p.index)))) / area);
}
