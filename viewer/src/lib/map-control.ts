// Things done to a live MapLibre map from outside its component: panel switches, basemap,
// fitting to data, the popup. Kept out of the component so each reads in one place.
import maplibregl, { type Map as MapLibreMap, type MapGeoJSONFeature } from 'maplibre-gl';
import { BASEMAP_SOURCE, baseOpacity, type LayerGroup } from './style.ts';
import { basemapTileUrls, type BasemapSettings } from './settings.ts';
import { describeFeature } from './describe.ts';
import { translate, type Lang } from './i18n.ts';
import type { PanelEntry } from './state.svelte.ts';

export function applyPanel(map: MapLibreMap, groups: LayerGroup[], panel: PanelEntry[]): void {
  for (const entry of panel) {
    const group = groups.find((g) => g.key === entry.key);
    if (!group) continue;
    for (const layer of group.layers) {
      if (!map.getLayer(layer.id)) continue;
      map.setLayoutProperty(layer.id, 'visibility', entry.visible ? 'visible' : 'none');
      for (const [prop, base] of Object.entries(baseOpacity(layer))) {
        map.setPaintProperty(layer.id, prop, base * entry.opacity);
      }
    }
  }
}

export function applyBasemap(map: MapLibreMap, settings: BasemapSettings, beforeId: string): void {
  if (map.getLayer('basemap')) map.removeLayer('basemap');
  if (map.getSource(BASEMAP_SOURCE)) map.removeSource(BASEMAP_SOURCE);
  const tiles = basemapTileUrls(settings);
  if (!tiles.length) return;
  map.addSource(BASEMAP_SOURCE, { type: 'raster', tiles, tileSize: 256, maxzoom: 18 });
  map.addLayer({ id: 'basemap', type: 'raster', source: BASEMAP_SOURCE, paint: { 'raster-opacity': 0.9 } }, beforeId);
}

export function fitBbox(map: MapLibreMap, bbox: [number, number, number, number], maxZoom = 17): void {
  map.fitBounds(
    [
      [bbox[0], bbox[1]],
      [bbox[2], bbox[3]],
    ],
    { padding: 40, maxZoom, duration: 0 },
  );
}

/** The popup's DOM, built with textContent only: feature properties are never parsed as HTML. */
export function popupContent(feature: MapGeoJSONFeature, lang: Lang): HTMLElement {
  const layerName = feature.sourceLayer ?? '';
  const d = describeFeature(layerName, feature.properties ?? {}, lang);
  const root = document.createElement('div');
  root.className = 'gt-popup';
  root.dataset.layer = layerName;
  const h = document.createElement('h3');
  h.textContent = d.title;
  root.append(h);
  if (d.checks.length) {
    const title = document.createElement('h4');
    title.textContent = translate(lang, 'popup.checks');
    const list = document.createElement('ul');
    list.className = 'gt-popup-checks';
    for (const sentence of d.checks) {
      const li = document.createElement('li');
      li.textContent = sentence;
      list.append(li);
    }
    root.append(title, list);
  }
  const table = document.createElement('table');
  for (const row of d.rows) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.textContent = row.label;
    const td = document.createElement('td');
    td.textContent = row.value;
    tr.append(th, td);
    table.append(tr);
  }
  root.append(table);
  return root;
}

export function openPopup(map: MapLibreMap, feature: MapGeoJSONFeature, lngLat: maplibregl.LngLatLike, lang: Lang): maplibregl.Popup {
  return new maplibregl.Popup({ maxWidth: '340px', closeButton: true })
    .setLngLat(lngLat)
    .setDOMContent(popupContent(feature, lang))
    .addTo(map);
}
