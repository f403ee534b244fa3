// GET /style.json: the viewer's own map style (viewer/src/lib/style.ts and colors.ts, imported,
// not copied) for QGIS, MapLibre apps and anything else that reads Style Spec v8. Sources are
// absolute URLs on this service; nothing points outside it (no basemap, no glyphs or sprites).
// The landfill setback rings are computed in the browser, so their empty source is left out.
import { buildStyle, layerGroups, SETBACK_SOURCE, tileUrl } from '../../viewer/src/lib/style.ts';
import { LAYERS, isLayerName } from '../layers/schema.ts';

export const STYLE_TITLE_META = 'groundtruth:title';
export const STYLE_LEGEND_META = 'groundtruth:legend';

/** `base` is the service's public base URL (scheme://host[:port][/prefix]). */
export function mapStyle(base: string) {
  const origin = new URL(base).origin;
  const groups = layerGroups();
  const style = buildStyle({ origin, groups });
  const byLayer = new Map(groups.flatMap((g) => g.layers.map((l) => [l.id, g] as const)));
  const layers = style.layers
    .filter((l) => !('source' in l) || l.source !== SETBACK_SOURCE)
    .map((l) => {
      const g = byLayer.get(l.id);
      if (!g) return l;
      // Titles and legend entries in Chinese and English, as the viewer's layer panel shows them.
      return { ...l, metadata: { ...(l.metadata as object), [STYLE_TITLE_META]: g.title, [STYLE_LEGEND_META]: g.legend } };
    });
  const sources = { ...style.sources };
  delete sources[SETBACK_SOURCE];
  // Behind a proxy with a path prefix the tiles live under it too.
  sources.groundtruth = { ...sources.groundtruth, tiles: [tileUrl(origin).replace(origin, base)] } as typeof sources.groundtruth;
  const titles = Object.fromEntries(Object.values(LAYERS).filter((l) => isLayerName(l.name)).map((l) => [l.name, l.title]));
  return { ...style, name: 'Groundtruth 县域核查', metadata: { 'groundtruth:layers': titles }, sources, layers };
}
