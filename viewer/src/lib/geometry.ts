// Display buffers for the viewer: the landfill setback ring, the landfill's own outline grown
// by the setback distance (turf's geodesic buffer), so a concave site keeps its notches and the
// ring on the map is the line the siting rules measure against.
import { buffer } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';

/** The area within `metres` of the geometry (round joins, 16 steps a quarter circle). */
export function setbackBuffer(g: Geometry, metres: number): Polygon | MultiPolygon {
  if (!(metres > 0)) throw new Error(`buffer distance ${metres} m must be > 0`);
  if (g.type !== 'Point' && g.type !== 'Polygon' && g.type !== 'MultiPolygon') throw new Error(`setback ring needs a Point or Polygon, got ${g.type}`);
  const grown = buffer({ type: 'Feature', properties: {}, geometry: g }, metres, { units: 'meters', steps: 16 });
  if (!grown) throw new Error('the buffer came out empty');
  return grown.geometry;
}

export function setbackRings(landfills: FeatureCollection, metres: number): FeatureCollection<Polygon | MultiPolygon> {
  const features: Feature<Polygon | MultiPolygon>[] = [];
  for (const f of landfills.features) {
    if (!f.geometry) continue;
    // A closed landfill needs no setback (docs/spec/checks.md: landfill_setback_m).
    if (f.properties?.status === 'closed') continue;
    features.push({ type: 'Feature', properties: { id: f.properties?.id ?? null }, geometry: setbackBuffer(f.geometry, metres) });
  }
  return { type: 'FeatureCollection', features };
}
