// /api/layers: what is loaded (counts, extents, versions), uploads that replace a layer, and
// clearing one. Uploads stream to disk, then go through the same loader as the CLI.
import { Hono } from 'hono';
import { isLayerName, type LayerName } from '../layers/schema.ts';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { LAYER_WRITERS } from '../layers/roles.ts';
import { fail } from '../http/errors.ts';
import { receiveUpload } from '../http/upload.ts';
import { loadLayerFile } from '../datasets/load.ts';
import type { Store } from '../store/index.ts';
import type { EventHub } from '../events.ts';
import { layerParam, ok, param, type Paths } from './openapi.ts';

export const LAYER_PATHS: Paths = {
  '/': { get: { summary: 'Layers with feature count, bbox, version, update time', responses: ok() } },
  '/{layer}': {
    get: { summary: 'One layer', parameters: [layerParam()], responses: ok() },
    put: {
      summary:
        'Replace a layer with an uploaded file (raw body or multipart field "file"; query: filename, crs, field_map, allow_rejects). 422 with the load report when refused; the previous version stays.',
      'x-role': 'by layer: inspector (patches), enforcer (ledger, fire_lanes), planner (stations, landfills, demand, candidates), admin (all)',
      parameters: [layerParam(), param('crs', 'query', 'declared CRS, e.g. EPSG:4549 or GCJ02'), param('allow_rejects', 'query', 'load valid features, report the rest')],
      responses: { ...ok('load report'), '401': { description: 'no token' }, '403': { description: 'wrong role' }, '413': { description: 'too large' }, '422': { description: 'refused; report lists every problem' } },
    },
    delete: { summary: 'Empty a layer (new version)', 'x-role': 'as for PUT', parameters: [layerParam()], responses: ok() },
  },
};

export interface LayerRoutesOptions {
  store: Store;
  maxUploadBytes: number;
  /** Told after a layer changed (tile caches listen). */
  events?: EventHub;
}

export function layerName(raw: string): LayerName {
  if (!isLayerName(raw)) fail(404, `unknown layer "${raw}"`);
  return raw;
}

const truthy = (v: string | undefined) => v === 'true' || v === '1' || v === 'yes';

export function layerRoutes({ store, maxUploadBytes, events }: LayerRoutesOptions) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => c.json({ layers: await store.layers() }));

  app.get('/:layer', async (c) => c.json(await store.layer(layerName(c.req.param('layer')))));

  app.put('/:layer', async (c) => {
    const layer = layerName(c.req.param('layer'));
    const user = requireRole(c, LAYER_WRITERS[layer], `load the ${layer} layer`);
    const upload = await receiveUpload(c.req.raw, { maxBytes: maxUploadBytes, filename: c.req.query('filename') });
    try {
      const q = (k: string) => c.req.query(k) ?? upload.fields[k];
      let fieldMap: Record<string, string> | undefined;
      if (q('field_map')) {
        try {
          fieldMap = JSON.parse(q('field_map')!) as Record<string, string>;
        } catch {
          fail(400, 'field_map must be a JSON object such as {"监测编号":"id"}');
        }
      }
      const result = await loadLayerFile(store, upload.path, {
        layer,
        crs: q('crs'),
        fieldMap,
        allowRejects: truthy(q('allow_rejects')),
        user: user.name,
        label: upload.filename,
      });
      if (result.committed) events?.emit('layer-changed', { layer });
      // 422: the file was read but refused; the previous version is untouched.
      return c.json(result, result.committed ? 200 : 422);
    } finally {
      await upload.cleanup();
    }
  });

  app.delete('/:layer', async (c) => {
    const layer = layerName(c.req.param('layer'));
    const user = requireRole(c, LAYER_WRITERS[layer], `clear the ${layer} layer`);
    const outcome = await store.clear(layer, user.name);
    events?.emit('layer-changed', { layer });
    return c.json({ layer, version: outcome.version, feature_count: 0 });
  });

  return app;
}
