// What the data-quality workspace draws over the map for the current finding: the record
// outlined (the shared ledger highlight), the footprints standing over it outlined in their own
// colour, and, where an image covers it, the image under the vectors.
import type { Map as MapLibreMap, FilterSpecification } from 'maplibre-gl';
import { VECTOR_SOURCE } from './style.ts';
import { highlightIds } from './highlight.ts';
import { absoluteTiles, type ImageryInfo } from './imagery.ts';

const FOOTPRINTS = 'quality-footprints';
const IMAGE_SOURCE = 'quality-image';
const IMAGE_LAYER = 'quality-image';
const NONE: FilterSpecification = ['==', ['get', 'id'], '\u0000none'];

function ensureFootprints(map: MapLibreMap): void {
  if (map.getLayer(FOOTPRINTS)) return;
  map.addLayer({ id: FOOTPRINTS, type: 'line', source: VECTOR_SOURCE, 'source-layer': 'footprints', filter: NONE, paint: { 'line-color': '#dc2626', 'line-width': 3, 'line-dasharray': [2, 1] } });
}

function clearImage(map: MapLibreMap): void {
  if (map.getLayer(IMAGE_LAYER)) map.removeLayer(IMAGE_LAYER);
  if (map.getSource(IMAGE_SOURCE)) map.removeSource(IMAGE_SOURCE);
}

/** The record, the footprints over it and the image under it (null: none). */
export function showFinding(map: MapLibreMap, ledgerIds: readonly string[], footprintIds: readonly string[], image: ImageryInfo | null): void {
  highlightIds(map, 'ledger', ledgerIds);
  ensureFootprints(map);
  map.setFilter(FOOTPRINTS, footprintIds.length ? ['in', ['to-string', ['get', 'id']], ['literal', [...footprintIds]]] : NONE);
  clearImage(map);
  if (!image || image.crs !== 'EPSG:3857') return;
  map.addSource(IMAGE_SOURCE, { type: 'raster', tiles: absoluteTiles(image.tiles, location.origin), tileSize: 256, minzoom: image.minzoom, maxzoom: image.maxzoom, bounds: image.bounds });
  // Under the first vector layer, so the record and footprints are drawn over the image.
  const firstVector = map.getStyle().layers.find((l) => 'source' in l && l.source === VECTOR_SOURCE)?.id;
  map.addLayer({ id: IMAGE_LAYER, type: 'raster', source: IMAGE_SOURCE }, firstVector);
}

export function clearFinding(map: MapLibreMap): void {
  highlightIds(map, 'ledger', []);
  if (map.getLayer(FOOTPRINTS)) map.setFilter(FOOTPRINTS, NONE);
  clearImage(map);
}
