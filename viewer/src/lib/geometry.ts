// Small geometry for the viewer: the landfill setback ring. The ring is the convex hull of
// circles around every vertex, i.e. the exact buffer of the landfill's convex hull; for the
// usual near-convex landfill sites that is the setback line, and it never under-draws it.
import type { Feature, FeatureCollection, Geometry, Polygon, Position } from 'geojson';

const METRES_PER_DEGREE = 111_320;

function cross(o: Position, a: Position, b: Position): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Andrew's monotone chain; returns the hull counter-clockwise, closed. */
export function convexHull(points: Position[]): Position[] {
  const pts = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (pts.length < 3) throw new Error(`convex hull needs 3 points, got ${pts.length}`);
  const lower: Position[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Position[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  const hull = lower.slice(0, -1).concat(upper.slice(0, -1));
  return [...hull, hull[0]];
}

function vertices(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'Polygon':
      return g.coordinates[0];
    case 'MultiPolygon':
      return g.coordinates.flatMap((p) => p[0]);
    default:
      throw new Error(`setback ring needs a Point or Polygon, got ${g.type}`);
  }
}

/** A polygon `metres` around the geometry's convex hull (local equirectangular metres). */
export function hullBuffer(g: Geometry, metres: number, segments = 32): Polygon {
  if (!(metres > 0)) throw new Error(`buffer distance ${metres} m must be > 0`);
  const pts = vertices(g);
  const lat0 = pts.reduce((sum, p) => sum + p[1], 0) / pts.length;
  const dLat = metres / METRES_PER_DEGREE;
  const dLon = metres / (METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180));
  const around: Position[] = [];
  for (const [x, y] of pts) {
    for (let i = 0; i < segments; i++) {
      const a = (2 * Math.PI * i) / segments;
      around.push([x + dLon * Math.cos(a), y + dLat * Math.sin(a)]);
    }
  }
  return { type: 'Polygon', coordinates: [convexHull(around)] };
}

export function setbackRings(landfills: FeatureCollection, metres: number): FeatureCollection<Polygon> {
  const features: Feature<Polygon>[] = [];
  for (const f of landfills.features) {
    if (!f.geometry) continue;
    // A closed landfill needs no setback (spec/checks.md: landfill_setback_m).
    if (f.properties?.status === 'closed') continue;
    features.push({ type: 'Feature', properties: { id: f.properties?.id ?? null }, geometry: hullBuffer(f.geometry, metres) });
  }
  return { type: 'FeatureCollection', features };
}
