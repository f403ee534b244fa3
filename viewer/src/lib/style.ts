// Builds the whole MapLibre style in code: one vector source for the service's tiles, one
// GeoJSON source for the landfill setback rings (computed in the browser), an optional raster
// basemap, and the layers grouped the way the layer panel and the legend show them. Nothing
// here points outside the service unless the user picked a basemap in the settings.
import type {
  ExpressionSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import { LAYERS, type LayerName } from '../../../service/layers/schema.ts';
import {
  DEMAND_COVERED,
  FIRE_LANE_BLOCKED,
  LEDGER_STATUS,
  PATCH_CLASS,
  PLAIN,
  STATION_UTILIZATION,
  type CategoryTable,
  type StepTable,
} from './colors.ts';
import type { Bilingual } from './vocabulary.ts';
import { legendFor, type LegendItem } from './legend.ts';
import { basemapTileUrls, type BasemapSettings } from './settings.ts';
import { countyPath } from './county.ts';

/** The layers the tile endpoint is asked for, in drawing order (bottom first). */
export const TILE_LAYERS: readonly LayerName[] = [
  'townships',
  'roads',
  'footprints',
  'ledger',
  'patches',
  'permits',
  'fire_lanes',
  'landfills',
  'transfer_stations',
  'demand',
  'candidates',
];
export const VECTOR_SOURCE = 'groundtruth';
export const SETBACK_SOURCE = 'landfill-setback';
export const BASEMAP_SOURCE = 'basemap';
export const TILE_MAXZOOM = 16;
/** Earth radius of Web Mercator, for converting metres to pixels. */
const EARTH_RADIUS_M = 6378137;

export function tileUrl(origin: string): string {
  return `${origin}${countyPath('/tiles')}/${TILE_LAYERS.join(',')}/{z}/{x}/{y}.mvt`;
}

/** A panel entry: one data layer, the style layers that draw it and its legend. */
export interface LayerGroup {
  key: LayerName;
  title: Bilingual;
  layers: LayerSpecification[];
  legend: LegendItem[];
  visible: boolean;
}

/** Opacity paint properties of a style layer and their full-opacity values. */
export type BaseOpacity = Record<string, number>;
export const OPACITY_META = 'groundtruth:opacity';

export function baseOpacity(layer: LayerSpecification): BaseOpacity {
  const meta = (layer.metadata ?? {}) as Record<string, unknown>;
  return (meta[OPACITY_META] as BaseOpacity | undefined) ?? {};
}

/** Reads a property as text so that booleans, 'true' strings and enum values compare alike. */
const asText = (prop: string): ExpressionSpecification => ['to-string', ['get', prop]];

export function categoryColor(table: CategoryTable): ExpressionSpecification {
  const cases: unknown[] = ['case'];
  for (const entry of table.entries) cases.push(['==', asText(table.prop), String(entry.value)], entry.color);
  cases.push(table.fallback.color);
  return cases as ExpressionSpecification;
}

export function stepColor(table: StepTable): ExpressionSpecification {
  const steps: unknown[] = ['step', ['to-number', ['get', table.prop]], table.colors[0]];
  table.thresholds.forEach((t, i) => steps.push(t, table.colors[i + 1]));
  return ['case', ['has', table.prop], steps, table.missing.color] as unknown as ExpressionSpecification;
}

export const isTrue = (prop: string): ExpressionSpecification => ['==', asText(prop), 'true'];
const IS_POLYGON: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const IS_POINT: ExpressionSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];

/**
 * A circle radius in pixels that stays `metres` on the ground, at latitude `lat`. MapLibre's
 * zoom 0 is one 512-px tile for the world; each zoom doubles, hence the exponential base 2.
 */
export function metresToPixels(metres: ExpressionSpecification | number, lat: number): ExpressionSpecification {
  const pxPerMetreAtZ0 = 512 / (2 * Math.PI * EARTH_RADIUS_M * Math.cos((lat * Math.PI) / 180));
  return [
    'interpolate',
    ['exponential', 2],
    ['zoom'],
    0,
    ['*', metres, pxPerMetreAtZ0],
    24,
    ['*', metres, pxPerMetreAtZ0 * 2 ** 24],
  ];
}

/** A station's own service_radius_m, else the run's (spec/checks.md: the station's overrides). */
export const stationRadius = (lat: number, defaultRadiusM = 3000) =>
  metresToPixels(['to-number', ['coalesce', ['get', 'service_radius_m'], defaultRadiusM]], lat);

/** A style layer whose source is filled in by layer() (distributes over the layer union). */
type LayerInput = LayerSpecification extends infer L ? (L extends LayerSpecification ? Omit<L, 'source'> & { source?: string } : never) : never;

function layer(spec: LayerInput, opacity: BaseOpacity): LayerSpecification {
  const source = spec.type === 'raster' ? BASEMAP_SOURCE : VECTOR_SOURCE;
  // The panel's opacity slider multiplies these base values (LayerPanel.svelte).
  const paint = { ...(spec as { paint?: object }).paint, ...opacity };
  return { source, ...spec, paint, metadata: { [OPACITY_META]: opacity } } as LayerSpecification;
}

/** Every panel group with its style layers. `lat` is where metre-sized circles are exact. */
export function layerGroups(lat = 30): LayerGroup[] {
  const group = (key: LayerName, layers: LayerSpecification[], visible = true): LayerGroup => ({
    key,
    title: LAYERS[key].title,
    layers,
    legend: legendFor(key),
    visible,
  });
  const src = (name: LayerName) => ({ 'source-layer': name });
  return [
    group('townships', [
      layer({ id: 'townships-line', type: 'line', ...src('townships'), paint: { 'line-color': PLAIN.townships, 'line-width': 1.5, 'line-dasharray': [4, 2] } }, { 'line-opacity': 1 }),
    ]),
    group('footprints', [
      layer({ id: 'footprints-fill', type: 'fill', ...src('footprints'), paint: { 'fill-color': PLAIN.footprints, 'fill-outline-color': '#6b7280' } }, { 'fill-opacity': 0.7 }),
    ]),
    group('permits', [
      layer({ id: 'permits-fill', type: 'fill', ...src('permits'), paint: { 'fill-color': PLAIN.permits } }, { 'fill-opacity': 0.12 }),
      layer({ id: 'permits-line', type: 'line', ...src('permits'), paint: { 'line-color': PLAIN.permits, 'line-width': 1, 'line-dasharray': [2, 2] } }, { 'line-opacity': 1 }),
    ], false),
    group('ledger', [
      layer({ id: 'ledger-fill', type: 'fill', ...src('ledger'), paint: { 'fill-color': categoryColor(LEDGER_STATUS) } }, { 'fill-opacity': 0.75 }),
      layer({
        id: 'ledger-danger',
        type: 'line',
        ...src('ledger'),
        filter: ['any', isTrue('blocked'), isTrue('spacing_violation')],
        paint: { 'line-color': PLAIN.danger, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1.5, 17, 3.5] },
      }, { 'line-opacity': 1 }),
    ]),
    group('patches', [
      layer({ id: 'patches-fill', type: 'fill', ...src('patches'), paint: { 'fill-color': categoryColor(PATCH_CLASS) } }, { 'fill-opacity': 0.35 }),
      layer({ id: 'patches-line', type: 'line', ...src('patches'), paint: { 'line-color': categoryColor(PATCH_CLASS), 'line-width': 2 } }, { 'line-opacity': 1 }),
    ]),
    group('roads', [
      layer({
        id: 'roads-line',
        type: 'line',
        ...src('roads'),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': PLAIN.roads, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 14, 2, 18, 6] },
      }, { 'line-opacity': 0.8 }),
    ]),
    group('fire_lanes', [
      layer({
        id: 'fire-lanes-line',
        type: 'line',
        ...src('fire_lanes'),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': categoryColor(FIRE_LANE_BLOCKED), 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 10, 1, 14, 3, 18, 12] },
      }, { 'line-opacity': 0.9 }),
    ]),
    group('landfills', [
      layer({ id: 'landfills-fill', type: 'fill', ...src('landfills'), paint: { 'fill-color': PLAIN.landfills } }, { 'fill-opacity': 0.45 }),
      layer({ id: 'landfills-setback', type: 'line', source: SETBACK_SOURCE, paint: { 'line-color': PLAIN.setback, 'line-width': 2, 'line-dasharray': [3, 2] } }, { 'line-opacity': 1 }),
    ]),
    group('demand', [
      layer({ id: 'demand-fill', type: 'fill', ...src('demand'), filter: IS_POLYGON, paint: { 'fill-color': categoryColor(DEMAND_COVERED) } }, { 'fill-opacity': 0.3 }),
      layer({
        id: 'demand-circle',
        type: 'circle',
        ...src('demand'),
        filter: IS_POINT,
        paint: { 'circle-color': categoryColor(DEMAND_COVERED), 'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 16, 6], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 },
      }, { 'circle-opacity': 0.9, 'circle-stroke-opacity': 1 }),
    ]),
    group('transfer_stations', [
      layer({
        id: 'stations-radius',
        type: 'circle',
        ...src('transfer_stations'),
        paint: { 'circle-radius': stationRadius(lat), 'circle-color': PLAIN.stationRadius, 'circle-stroke-color': PLAIN.stationRadius, 'circle-stroke-width': 1.5, 'circle-pitch-alignment': 'map' },
      }, { 'circle-opacity': 0.06, 'circle-stroke-opacity': 0.6 }),
      layer({
        id: 'stations-circle',
        type: 'circle',
        ...src('transfer_stations'),
        paint: {
          'circle-color': stepColor(STATION_UTILIZATION),
          // Area, not radius, grows with capacity: sqrt(t/d) from 0..30 maps to 5..18 px.
          'circle-radius': ['interpolate', ['linear'], ['sqrt', ['to-number', ['coalesce', ['get', 'capacity_tpd'], 0]]], 0, 5, 30, 18],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      }, { 'circle-opacity': 1, 'circle-stroke-opacity': 1 }),
    ]),
    group('candidates', [
      layer({
        id: 'candidates-circle',
        type: 'circle',
        ...src('candidates'),
        paint: { 'circle-color': '#ffffff', 'circle-radius': 6, 'circle-stroke-color': PLAIN.candidates, 'circle-stroke-width': 3 },
      }, { 'circle-opacity': 1, 'circle-stroke-opacity': 1 }),
    ]),
  ];
}

/** Style layers a click may open a popup for, topmost first. */
export function clickableLayerIds(groups: LayerGroup[]): string[] {
  return groups
    .flatMap((g) => g.layers)
    .filter((l) => l.id !== 'landfills-setback' && l.id !== 'stations-radius' && l.id !== 'townships-line')
    .map((l) => l.id)
    .reverse();
}

export interface StyleOptions {
  /** The service origin, e.g. location.origin. */
  origin: string;
  basemap?: BasemapSettings;
  groups?: LayerGroup[];
}

export function buildStyle({ origin, basemap, groups = layerGroups() }: StyleOptions): StyleSpecification {
  if (!/^https?:\/\/[^/]+$/.test(origin)) throw new Error(`style origin "${origin}" must be scheme://host[:port] with no path`);
  const sources: Record<string, SourceSpecification> = {
    [VECTOR_SOURCE]: { type: 'vector', tiles: [tileUrl(origin)], minzoom: 0, maxzoom: TILE_MAXZOOM },
    [SETBACK_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  };
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } },
  ];
  const basemapUrls = basemap ? basemapTileUrls(basemap) : [];
  if (basemapUrls.length) {
    sources[BASEMAP_SOURCE] = { type: 'raster', tiles: basemapUrls, tileSize: 256, maxzoom: 18 };
    layers.push({ id: 'basemap', type: 'raster', source: BASEMAP_SOURCE, paint: { 'raster-opacity': 0.9 } });
  }
  for (const g of groups) {
    for (const l of g.layers) {
      layers.push({ ...l, layout: { ...(l as { layout?: object }).layout, visibility: g.visible ? 'visible' : 'none' } } as LayerSpecification);
    }
  }
  return { version: 8, name: 'groundtruth', sources, layers };
}
