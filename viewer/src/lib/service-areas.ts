// Station service areas along the roads: the service returns the road parts each serving
// station reaches within its radius; turf buffers them into the area a planner reads on the map.
import { buffer, featureCollection } from '@turf/turf';
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { api } from './api.ts';
import { PLAIN } from './colors.ts';

export interface AreaProps {
  station_id: string;
  radius_m: number;
  road_m: number;
}

export const SERVICE_AREA_SOURCE = 'service-areas';
/** How far either side of a reached road the area extends: a short walk to the collection point. */
export const ROADSIDE_M = 150;

export function fetchServiceAreas(token: string | null, fetchFn?: typeof fetch): Promise<FeatureCollection<MultiLineString, AreaProps>> {
  return api<FeatureCollection<MultiLineString, AreaProps>>('/api/facilities/service-areas', { token, fetchFn });
}

/** Each station's reached roads buffered into one polygon; stations that reach no road are left out. */
export function areaPolygons(lines: FeatureCollection<MultiLineString, AreaProps>, roadsideM = ROADSIDE_M): FeatureCollection<Polygon | MultiPolygon, AreaProps> {
  const out: Feature<Polygon | MultiPolygon, AreaProps>[] = [];
  for (const f of lines.features) {
    if (!f.geometry.coordinates.length) continue;
    const area = buffer(f, roadsideM, { units: 'meters', steps: 4 });
    if (area) out.push({ ...area, properties: f.properties });
  }
  return featureCollection(out) as FeatureCollection<Polygon | MultiPolygon, AreaProps>;
}

/** Shows the areas under the station symbols, or removes them (null). */
export function showServiceAreas(map: MapLibreMap, areas: FeatureCollection<Polygon | MultiPolygon, AreaProps> | null): void {
  const source = map.getSource(SERVICE_AREA_SOURCE) as GeoJSONSource | undefined;
  if (!areas) {
    for (const id of ['service-areas-fill', 'service-areas-line']) if (map.getLayer(id)) map.removeLayer(id);
    if (source) map.removeSource(SERVICE_AREA_SOURCE);
    return;
  }
  if (source) {
    source.setData(areas);
    return;
  }
  map.addSource(SERVICE_AREA_SOURCE, { type: 'geojson', data: areas });
  const before = map.getLayer('stations-circle') ? 'stations-circle' : undefined;
  map.addLayer({ id: 'service-areas-fill', type: 'fill', source: SERVICE_AREA_SOURCE, paint: { 'fill-color': PLAIN.serviceArea, 'fill-opacity': 0.18 } }, before);
  map.addLayer({ id: 'service-areas-line', type: 'line', source: SERVICE_AREA_SOURCE, paint: { 'line-color': PLAIN.serviceArea, 'line-width': 1.5 } }, before);
}
