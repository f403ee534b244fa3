// OpenAPI 3.0 description of the HTTP API, built from the layer schema so they never drift apart.
import { LAYER_NAMES } from '../layers/schema.ts';
import { ogcComponents, ogcPaths } from '../ogc/openapi.ts';

type Op = { summary: string; 'x-role'?: string; parameters?: unknown[]; responses: Record<string, { description: string }> };
type Paths = Record<string, Record<string, Op>>;

const ok = (d = 'OK') => ({ '200': { description: d } });
const p = (name: string, where: 'path' | 'query', description: string, schema: unknown = { type: 'string' }) => ({
  name,
  in: where,
  required: where === 'path',
  description,
  schema,
});
const layerParam = p('layer', 'path', 'layer name', { type: 'string', enum: [...LAYER_NAMES] });

export function openApiDocument() {
  const paths: Paths = {
    '/api/health': { get: { summary: 'Service health and database', responses: ok() } },
    '/api/layers': { get: { summary: 'Layers with feature count, bbox, version, update time', responses: ok() } },
    '/api/layers/{layer}': {
      get: { summary: 'One layer', parameters: [layerParam], responses: ok() },
      put: {
        summary:
          'Replace a layer with an uploaded file (raw body or multipart field "file"; query: filename, crs, field_map, allow_rejects). 422 with the load report when refused; the previous version stays.',
        'x-role': 'by layer: inspector (patches), enforcer (ledger, fire_lanes), planner (stations, landfills, demand, candidates), admin (all)',
        parameters: [layerParam, p('crs', 'query', 'declared CRS, e.g. EPSG:4549 or GCJ02'), p('allow_rejects', 'query', 'load valid features, report the rest')],
        responses: { ...ok('load report'), '401': { description: 'no token' }, '403': { description: 'wrong role' }, '413': { description: 'too large' }, '422': { description: 'refused; report lists every problem' } },
      },
      delete: { summary: 'Empty a layer (new version)', 'x-role': 'as for PUT', parameters: [layerParam], responses: ok() },
    },
    '/api/auth/login': { post: { summary: 'Name and password → bearer token', responses: ok() } },
    '/api/auth/me': { get: { summary: 'The signed-in user', responses: ok() } },
    '/api/auth/users': {
      get: { summary: 'List users', 'x-role': 'admin', responses: ok() },
      post: { summary: 'Add a user (returns a token)', 'x-role': 'admin', responses: ok() },
    },
  };
  return {
    openapi: '3.0.3',
    info: { title: 'Groundtruth', version: '0.1.0', description: 'Layers, checks and tiles for county land and building enforcement.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, parameters: ogcComponents() },
    paths: { ...paths, ...(ogcPaths() as Paths) },
  };
}

export function addPaths(doc: ReturnType<typeof openApiDocument>, more: Record<string, Record<string, Op>>) {
  Object.assign(doc.paths, more);
  return doc;
}
