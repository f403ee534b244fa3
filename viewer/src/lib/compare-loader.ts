// maplibre-gl-compare for the browser. Its CommonJS entry needs Node's `events`, which a browser
// build lacks; its own browser bundle carries it but only attaches to a global `maplibregl`. So
// the global is set, the bundle loaded (on demand: only the review's compare needs it), and the
// class taken from there.
import maplibregl, { type Map as MapLibreMap } from 'maplibre-gl';

export interface CompareControl {
  remove(): void;
  setSlider(x: number): void;
}
type CompareClass = new (a: MapLibreMap, b: MapLibreMap, container: HTMLElement, options?: { orientation?: 'vertical' | 'horizontal'; mousemove?: boolean }) => CompareControl;

let loading: Promise<CompareClass> | null = null;

export function loadCompare(): Promise<CompareClass> {
  loading ??= (async () => {
    const g = globalThis as unknown as { maplibregl?: unknown };
    g.maplibregl ??= maplibregl;
    await import('@maplibre/maplibre-gl-compare/dist/maplibre-gl-compare.js');
    const Compare = (g.maplibregl as { Compare?: CompareClass }).Compare;
    if (!Compare) throw new Error('maplibre-gl-compare did not load');
    return Compare;
  })();
  return loading;
}
