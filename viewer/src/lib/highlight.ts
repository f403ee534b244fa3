// Highlights drawn over the map by the workspaces: the current patch (its own GeoJSON source)
// and records picked out of the vector tiles by id (ledger, permits, candidates, stations,
// uncovered demand). Added once on load; each workspace sets its filters and clears them when
// it leaves.
import type { ExpressionSpecification, FilterSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Geometry } from 'geojson';
import { VECTOR_SOURCE } from './style.ts';
import { HIGHLIGHT } from './colors.ts';

export const HIGHLIGHT_SOURCE = 'highlight';
const NONE: FilterSpecification = ['==', ['get', 'id'], '\u0000none'];
const byIds = (ids: readonly string[]): FilterSpecification => (ids.length ? ['in', ['to-string', ['get', 'id']], ['literal', [...ids]]] : NONE);

/** Highlight layer ids by what they show. */
export const HL = {
  shape: 'hl-shape',
  ledger: 'hl-ledger',
  permits: 'hl-permits',
  candidates: 'hl-candidates',
  stations: 'hl-stations',
  uncovered: 'hl-uncovered',
  /** Uncovered demand areas (polygons): an outline, since a circle would ring every vertex. */
  uncoveredArea: 'hl-uncovered-area',
} as const;
const UNCOVERED: ExpressionSpecification = ['==', ['to-string', ['get', 'covered']], 'false'];

export function addHighlightLayers(map: MapLibreMap): void {
  if (map.getSource(HIGHLIGHT_SOURCE)) return;
  map.addSource(HIGHLIGHT_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  const line = (id: string, sourceLayer: string, color: string, width: number) =>
    map.addLayer({ id, type: 'line', source: VECTOR_SOURCE, 'source-layer': sourceLayer, filter: NONE, paint: { 'line-color': color, 'line-width': width } });
  line(HL.ledger, 'ledger', HIGHLIGHT.matched, 3);
  line(HL.permits, 'permits', HIGHLIGHT.matched, 3);
  map.addLayer({ id: HL.shape, type: 'line', source: HIGHLIGHT_SOURCE, paint: { 'line-color': HIGHLIGHT.current, 'line-width': 4, 'line-dasharray': [2, 1] } });
  const ring = (id: string, sourceLayer: string, color: string, filter: FilterSpecification, radius: number, width: number) =>
    map.addLayer({
      id,
      type: 'circle',
      source: VECTOR_SOURCE,
      'source-layer': sourceLayer,
      filter,
      paint: { 'circle-radius': radius, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': color, 'circle-stroke-width': width },
    });
  // Uncovered demand may be hundreds of rings: thin and small, so the few chosen sites stand out.
  ring(HL.uncovered, 'demand', HIGHLIGHT.uncovered, ['all', ['==', ['geometry-type'], 'Point'], UNCOVERED], 7, 1.5);
  ring(HL.candidates, 'candidates', HIGHLIGHT.chosen, NONE, 15, 5);
  ring(HL.stations, 'transfer_stations', HIGHLIGHT.current, NONE, 16, 4);
  line(HL.uncoveredArea, 'demand', HIGHLIGHT.uncovered, 3);
  map.setFilter(HL.uncoveredArea, ['all', ['==', ['geometry-type'], 'Polygon'], UNCOVERED]);
  for (const id of [HL.uncovered, HL.uncoveredArea]) map.setLayoutProperty(id, 'visibility', 'none');
}

export function highlightShape(map: MapLibreMap, geometry: Geometry | null): void {
  const source = map.getSource(HIGHLIGHT_SOURCE) as GeoJSONSource | undefined;
  source?.setData({ type: 'FeatureCollection', features: geometry ? [{ type: 'Feature', properties: {}, geometry }] : [] });
}

export function highlightIds(map: MapLibreMap, layer: 'ledger' | 'permits' | 'candidates' | 'stations', ids: readonly string[]): void {
  if (map.getLayer(HL[layer])) map.setFilter(HL[layer], byIds(ids));
}

/** Rings round the uncovered demand points (facilities workspace). */
export function showUncovered(map: MapLibreMap, on: boolean): void {
  for (const id of [HL.uncovered, HL.uncoveredArea]) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
}

export function clearHighlights(map: MapLibreMap): void {
  highlightShape(map, null);
  for (const layer of ['ledger', 'permits', 'candidates', 'stations'] as const) highlightIds(map, layer, []);
  showUncovered(map, false);
}

/**
 * Makes the map fetch the tiles again after the service changed what they carry (a verdict, a
 * ledger update, a check run). MapLibre 5 keys its tile cache by URL, so a new query string on
 * the template (`setTiles`) drops the old tiles and reloads the visible ones.
 */
export function refreshTiles(map: MapLibreMap, stamp = Date.now()): void {
  const source = map.getSource(VECTOR_SOURCE) as (import('maplibre-gl').VectorTileSource & { tiles?: string[] }) | undefined;
  if (!source) return;
  const base = (source.tiles?.[0] ?? '').replace(/\?v=\d+$/, '');
  if (base) source.setTiles([`${base}?v=${stamp}`]);
}
