// OGC API - Features Parts 1 (core, GeoJSON, OpenAPI), 2 (CRS by reference) and 3 (queryables,
// CQL2 text filters). The routes only route; the pieces live in service/ogc/.
import { Hono } from 'hono';
import type { AppEnv } from '../http/auth.ts';
import type { Store } from '../store/index.ts';
import type { LayerStore } from '../store/layer-store.ts';
import { layerName } from './layers.ts';
import { CONFORMANCE, baseUrl, collectionDoc, landingPage, queryables, wantsJson, type LinkOptions } from '../ogc/documents.ts';
import { itemHandler, itemsHandler } from '../ogc/items.ts';
import { mapStyle } from '../style/map-style.ts';
import { ogcPaths } from '../ogc/openapi.ts';
import type { Paths } from './openapi.ts';

export { featureId } from '../ogc/items.ts';
export { MAX_LIMIT } from '../ogc/params.ts';
export { CONFORMANCE } from '../ogc/documents.ts';

/** One items path per collection, so each lists its own properties (service/ogc/openapi.ts). */
export const OGC_PATHS: Paths = { ...(ogcPaths() as Paths), '/style.json': { get: { summary: 'Map style (MapLibre Style Spec v8), the viewer\'s own', responses: { '200': { description: 'style' } } } } };

/** `all` (DuckDB SQL) is needed only for datetime and CQL2 filters; without it they are refused. */
export function ogcRoutes(store: LayerStore & Partial<Pick<Store, 'all'>>, links: LinkOptions = {}) {
  const app = new Hono<AppEnv>();

  // The root is the viewer for browsers and the landing page for clients asking for JSON.
  app.get('/', async (c, next) => {
    if (!wantsJson(c)) return next();
    return c.json(landingPage(baseUrl(c, links)));
  });

  // One map style for every client, from the viewer's own definitions.
  app.get('/style.json', (c) => {
    c.header('Content-Type', 'application/json');
    return c.body(JSON.stringify(mapStyle(baseUrl(c, links))));
  });

  app.get('/conformance', (c) => c.json({ conformsTo: CONFORMANCE }));

  app.get('/collections', async (c) => {
    const base = baseUrl(c, links);
    const layers = await store.layers();
    return c.json({
      links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json' }],
      collections: layers.map((l) => collectionDoc(base, l.name, l)),
    });
  });

  app.get('/collections/:id', async (c) => {
    const layer = layerName(c.req.param('id'));
    return c.json(collectionDoc(baseUrl(c, links), layer, await store.layer(layer)));
  });

  app.get('/collections/:id/queryables', (c) => {
    const layer = layerName(c.req.param('id'));
    c.header('Content-Type', 'application/schema+json');
    return c.body(JSON.stringify(queryables(baseUrl(c, links), layer)));
  });

  app.get('/collections/:id/items', (c) => itemsHandler(c, store, layerName(c.req.param('id')), links));
  app.get('/collections/:id/items/:featureId', (c) => itemHandler(c, store, layerName(c.req.param('id'))));

  return app;
}
