// OpenAPI 3.0 description of the HTTP API. Each route module exports the paths it serves
// (relative to where it is mounted); the composition root (app.ts) mounts the module and adds
// its paths under the same prefix, so the document lists every route that exists.
import { LAYER_NAMES } from '../layers/schema.ts';
import { VERSION } from '../version.ts';
import { ogcComponents } from '../ogc/openapi.ts';

export interface Operation {
  summary: string;
  'x-role'?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { description: string }>;
}
export type PathItem = Partial<Record<'get' | 'put' | 'post' | 'patch' | 'delete', Operation>>;
/** Paths in OpenAPI form (`/runs/{id}`), parameter names as in the Hono route (`/runs/:id`). */
export type Paths = Record<string, PathItem>;

export const ok = (d = 'OK') => ({ '200': { description: d } });

export const param = (name: string, where: 'path' | 'query', description: string, schema: unknown = { type: 'string' }) => ({
  name,
  in: where,
  required: where === 'path',
  description,
  schema,
});

export const layerParam = (name = 'layer') => param(name, 'path', 'layer name', { type: 'string', enum: [...LAYER_NAMES] });

export const refused = {
  '400': { description: 'bad request; the message names the field' },
  '401': { description: 'no token' },
  '403': { description: 'wrong role' },
};

/** `format=csv` on history lists. */
export const csvFormat = param('format', 'query', 'csv for a spreadsheet (UTF-8 BOM)', { type: 'string', enum: ['json', 'csv'] });

/** Edits that name the record they replace (`base_seq`). */
export const conflict = { '409': { description: 'base_seq is not the current record; the current one is returned' } };

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  components: unknown;
  paths: Paths;
}

/** Collects the paths of every mounted module. */
export class OpenApi {
  readonly document: OpenApiDocument = {
    openapi: '3.0.3',
    info: { title: 'Groundtruth', version: VERSION, description: 'Layers, checks and tiles for county land and building enforcement.' },
    // Shared parameters (OGC `limit` among them: clients size their pages from it).
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, parameters: ogcComponents() },
    paths: {},
  };

  add(prefix: string, paths: Paths): void {
    const base = prefix.replace(/\/+$/, '');
    for (const [path, item] of Object.entries(paths)) {
      const full = path === '/' && base ? base : `${base}${path}`;
      this.document.paths[full] = { ...this.document.paths[full], ...item };
    }
  }
}
