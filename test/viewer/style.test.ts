import { describe, expect, it } from 'vitest';
import { createExpression, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import {
  buildStyle,
  categoryColor,
  clickableLayerIds,
  layerGroups,
  metresToPixels,
  stepColor,
  TILE_LAYERS,
  tileUrl,
} from '../../viewer/src/lib/style.ts';
import { LEDGER_STATUS, STATION_UTILIZATION } from '../../viewer/src/lib/colors.ts';
import { LAYER_NAMES } from '../../service/layers/schema.ts';

const ORIGIN = 'http://127.0.0.1:8787';

/** Evaluates a style expression as MapLibre would, at a zoom and for feature properties. */
function evaluate(expr: unknown, zoom: number, properties: Record<string, unknown>, type: 'color' | 'number'): unknown {
  const spec = { type, 'property-type': 'data-driven', expression: { interpolated: true, parameters: ['zoom', 'feature'] } };
  const parsed = createExpression(expr, spec as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const feature = { type: 'Polygon', properties } as never;
  return parsed.value.evaluate({ zoom } as never, feature);
}

const hex = (c: unknown) => {
  const { r, g, b } = c as { r: number; g: number; b: number };
  return '#' + [r, g, b].map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('');
};

describe('style builder', () => {
  it('asks the tile endpoint for every layer of the schema, at the service origin', () => {
    expect([...TILE_LAYERS].sort()).toEqual([...LAYER_NAMES].sort());
    expect(tileUrl(ORIGIN)).toBe(
      `${ORIGIN}/tiles/townships,roads,footprints,ledger,patches,permits,fire_lanes,landfills,transfer_stations,demand,candidates/{z}/{x}/{y}.mvt`,
    );
  });

  it('builds a style MapLibre accepts, with tiles up to zoom 16', () => {
    const style = buildStyle({ origin: ORIGIN });
    expect(validateStyleMin(style as never)).toEqual([]);
    expect(style.sources.groundtruth).toMatchObject({ type: 'vector', maxzoom: 16 });
  });

  it('points at no URL but the service origin when no basemap is set', () => {
    const json = JSON.stringify(buildStyle({ origin: ORIGIN, basemap: { kind: 'none' } }));
    const urls = json.match(/(https?:)?\/\/[^"\\]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith(`${ORIGIN}/`), url).toBe(true);
    expect(json).not.toMatch(/glyphs|sprite/);
  });

  it('adds the user basemap below the data when one is set', () => {
    const style = buildStyle({ origin: ORIGIN, basemap: { kind: 'xyz', url: 'https://tiles.example.cn/{z}/{x}/{y}.png' } });
    expect(style.sources.basemap).toMatchObject({ type: 'raster', tiles: ['https://tiles.example.cn/{z}/{x}/{y}.png'] });
    expect(style.layers.map((l) => l.id).slice(0, 3)).toEqual(['background', 'basemap', 'townships-line']);
  });

  it('refuses an origin with a path or no scheme', () => {
    expect(() => buildStyle({ origin: 'http://host/viewer' })).toThrow(/"http:\/\/host\/viewer"/);
    expect(() => buildStyle({ origin: 'localhost:8787' })).toThrow(/localhost:8787/);
  });

  it('reads only source layers the tiles carry, and gives every style layer a unique id', () => {
    const style = buildStyle({ origin: ORIGIN });
    const ids = style.layers.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of style.layers) {
      const sourceLayer = (l as { 'source-layer'?: string })['source-layer'];
      if (sourceLayer) expect(TILE_LAYERS).toContain(sourceLayer);
    }
  });

  it('hides permits by default and shows the rest', () => {
    const style = buildStyle({ origin: ORIGIN });
    const visibility = (id: string) => (style.layers.find((l) => l.id === id) as { layout: { visibility: string } }).layout.visibility;
    expect(visibility('permits-fill')).toBe('none');
    expect(visibility('ledger-fill')).toBe('visible');
  });

  it('colours a ledger record by status, and anything else with the fallback', () => {
    const expr = categoryColor(LEDGER_STATUS);
    expect(hex(evaluate(expr, 14, { status: 'pending' }, 'color'))).toBe('#f59e0b');
    expect(hex(evaluate(expr, 14, { status: 'demolished' }, 'color'))).toBe('#57534e');
    expect(hex(evaluate(expr, 14, { status: 'unknown' }, 'color'))).toBe(LEDGER_STATUS.fallback.color);
    expect(hex(evaluate(expr, 14, {}, 'color'))).toBe(LEDGER_STATUS.fallback.color);
  });

  it('colours stations by utilization band; 0.8 and 1.0 start the next band', () => {
    const expr = stepColor(STATION_UTILIZATION);
    const [low, mid, high] = STATION_UTILIZATION.colors;
    expect(hex(evaluate(expr, 12, { utilization: 0.5 }, 'color'))).toBe(low);
    expect(hex(evaluate(expr, 12, { utilization: 0.8 }, 'color'))).toBe(mid);
    expect(hex(evaluate(expr, 12, { utilization: 1 }, 'color'))).toBe(high);
    expect(hex(evaluate(expr, 12, {}, 'color'))).toBe(STATION_UTILIZATION.missing.color);
  });

  it('outlines a ledger record in danger red only when blocked or too close', () => {
    const danger = layerGroups().find((g) => g.key === 'ledger')!.layers.find((l) => l.id === 'ledger-danger')!;
    const filter = (danger as { filter: unknown }).filter;
    const test = (props: Record<string, unknown>) => evaluate(['case', filter, 1, 0], 14, props, 'number');
    expect(test({ blocked: true })).toBe(1);
    expect(test({ spacing_violation: 'true' })).toBe(1);
    expect(test({ blocked: false, spacing_violation: false })).toBe(0);
    expect(test({})).toBe(0);
  });

  it('sizes a metre radius in pixels: 1000 m at the equator is 1000·512·2^z/(2π·6378137) px', () => {
    const expr = metresToPixels(1000, 0);
    // Hand-computed: 512 / 40075016.686 = 1.27759e-5 px per metre at zoom 0.
    expect(evaluate(expr, 0, {}, 'number') as number).toBeCloseTo(0.0127759, 6);
    expect(evaluate(expr, 14, {}, 'number') as number).toBeCloseTo(209.32, 1);
    // At 60° N a metre is twice as many pixels.
    expect(evaluate(metresToPixels(1000, 60), 14, {}, 'number') as number).toBeCloseTo(418.64, 1);
  });

  it('opens popups for data layers but not for rings and boundaries', () => {
    const ids = clickableLayerIds(layerGroups());
    expect(ids).toContain('ledger-fill');
    expect(ids).toContain('stations-circle');
    expect(ids).not.toContain('stations-radius');
    expect(ids).not.toContain('landfills-setback');
    // Topmost first: candidates are drawn last, so they win a click.
    expect(ids[0]).toBe('candidates-circle');
  });
});
