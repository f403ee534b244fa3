// /api/layers: what is loaded (counts, extents, versions), uploads that replace a layer, clearing
// one, and bringing back an archived version. Uploads stream to disk, then go through the same
// loader as the CLI. Every write lands in the audit trail.
import { Hono } from 'hono';
import { isLayerName, type LayerName } from '../layers/schema.ts';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { LAYER_WRITERS } from '../layers/roles.ts';
import { fail } from '../http/errors.ts';
import { receiveUpload } from '../http/upload.ts';
import { loadLayerFile } from '../datasets/load.ts';
import type { Store } from '../store/index.ts';
import type { AuditedLayerStore } from '../store/layer-store.ts';
import { RestoreError } from '../store/load.ts';
import { audit } from '../audit/log.ts';
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
      parameters: [layerParam(), param('crs', 'query', 'declared CRS, e.g. EPSG:4549 or GCJ02'), param('allow_rejects', 'query', 'load valid features, report the rest'), param('allow_empty', 'query', 'accept a file with no features (empties the layer)')],
      responses: { ...ok('load report'), '401': { description: 'no token' }, '403': { description: 'wrong role' }, '413': { description: 'too large' }, '422': { description: 'refused; report lists every problem' } },
    },
    delete: { summary: 'Empty a layer (new version; the emptied one stays restorable)', 'x-role': 'as for PUT', parameters: [layerParam()], responses: ok() },
  },
  '/{layer}/versions': { get: { summary: 'The current version and the archived ones that can be restored', parameters: [layerParam()], responses: ok() } },
  '/{layer}/restore': {
    post: {
      summary: 'Make an archived version current again (as a new version)',
      'x-role': 'as for PUT',
      parameters: [layerParam(), param('version', 'query', 'archived version (see /versions)')],
      responses: { ...ok(), '400': { description: 'bad version' }, '404': { description: 'no such archived version' } },
    },
  },
};

export interface LayerRoutesOptions {
  /** Archived versions and restores are the DuckDB store's; without them a layer has no archive. */
  store: AuditedLayerStore & Partial<Pick<Store, 'archivedVersions' | 'restore'>>;
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
        allowEmpty: truthy(q('allow_empty')),
        user: user.name,
        ip: c.get('ip'),
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
    await audit(store, { actor: user.name, action: 'layer.clear', target: layer, detail: { version: outcome.version }, ip: c.get('ip') });
    events?.emit('layer-changed', { layer });
    return c.json({ layer, version: outcome.version, feature_count: 0 });
  });

  app.get('/:layer/versions', async (c) => {
    const layer = layerName(c.req.param('layer'));
    return c.json({ layer, current: (await store.layer(layer)).version, archived: store.archivedVersions ? await store.archivedVersions(layer) : [] });
  });

  app.post('/:layer/restore', async (c) => {
    const layer = layerName(c.req.param('layer'));
    const user = requireRole(c, LAYER_WRITERS[layer], `restore the ${layer} layer`);
    const raw = c.req.query('version') ?? ((await c.req.json().catch(() => ({}))) as { version?: unknown }).version;
    const version = Number(raw);
    if (!Number.isSafeInteger(version) || version < 1) fail(400, `version must be a whole number ≥ 1 (see GET /api/layers/${layer}/versions); got ${JSON.stringify(raw ?? null)}`);
    if (!store.restore) fail(404, `this store keeps no archived versions of ${layer}, so version ${version} cannot be restored`);
    let outcome;
    try {
      outcome = await store.restore(layer, version, user.name);
    } catch (err) {
      if (err instanceof RestoreError) fail(404, err.message);
      throw err;
    }
    await audit(store, { actor: user.name, action: 'layer.restore', target: layer, detail: { from_version: version, version: outcome.version }, ip: c.get('ip') });
    events?.emit('layer-changed', { layer });
    return c.json({ layer, restored: version, version: outcome.version, feature_count: outcome.featureCount });
  });

  return app;
}
