// GET /pmtiles: the published archives and their state; GET /pmtiles/<layer>.json: TileJSON of the
// layer's current archive, with a `pmtiles://` tile URL for the pmtiles package's MapLibre
// protocol (and the archive's plain URL beside it for other readers).
import { Hono } from 'hono';
import type { Republisher } from './republish.ts';

export const PMTILES_PATHS = {
  '/': { get: { summary: 'Layers kept published as PMTiles archives, each with its current archive and last error', responses: { '200': { description: 'OK' } } } },
  '/{spec}': {
    get: {
      summary: "TileJSON of a layer's current PMTiles archive: /<layer>.json",
      parameters: [{ name: 'spec', in: 'path', required: true, description: '<layer>.json', schema: { type: 'string' } }],
      responses: { '200': { description: 'TileJSON 3.0 pointing to the archive' }, '404': { description: 'layer not published, or no archive yet' } },
    },
  },
};

export function pmtilesRoutes(republisher: Republisher): Hono {
  const app = new Hono();
  app.get('/', (c) =>
    c.json({
      archives: republisher.layers().map((layer) => {
        const s = republisher.state(layer)!;
        return { layer, tilejson: `${c.req.path.replace(/\/+$/, '')}/${layer}.json`, building: s.building, error: s.error, current: s.current };
      }),
    }),
  );
  app.get('/:spec', (c) => {
    const spec = c.req.param('spec');
    const layer = spec.endsWith('.json') ? spec.slice(0, -5) : null;
    const state = layer ? republisher.state(layer) : undefined;
    if (!layer || !state) return c.json({ error: `no published archive ${JSON.stringify(spec)}; published: ${republisher.layers().map((l) => `${l}.json`).join(', ')}` }, 404);
    const cur = state.current;
    if (!cur) return c.json({ error: `no archive of ${layer} has been published yet${state.error ? ` (last attempt: ${state.error})` : state.building ? ' (building)' : ''}` }, 404);
    c.header('Cache-Control', 'no-cache');
    return c.json({
      tilejson: '3.0.0',
      name: layer,
      version: cur.version,
      scheme: 'xyz',
      tiles: [`pmtiles://${cur.url}/{z}/{x}/{y}`],
      pmtiles: cur.url,
      key: cur.key,
      bytes: cur.bytes,
      published_at: cur.published_at,
      bounds: cur.bbox,
      center: [(cur.bbox[0] + cur.bbox[2]) / 2, (cur.bbox[1] + cur.bbox[3]) / 2, Math.min(cur.maxzoom, Math.max(cur.minzoom, 12))],
      minzoom: cur.minzoom,
      maxzoom: cur.maxzoom,
      vector_layers: cur.vector_layers,
    });
  });
  return app;
}
