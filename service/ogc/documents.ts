// The JSON documents of OGC API - Features that describe rather than serve data: the landing
// page, conformance, collections (with their CRS lists, Part 2) and queryables (Part 3).
import { fail } from '../http/errors.ts';
import type { Context } from 'hono';
import { LAYERS, type LayerName } from '../layers/schema.ts';
import type { BBox } from '../store/index.ts';
import { CRS84, SUPPORTED_CRS } from './crs.ts';
import { geometrySchema, jsonSchemaType, servedGeometryType } from './describe.ts';

/** Only what is implemented; each class is exercised in test/ogc. */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
];

export const QUERYABLES_REL = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

export interface LinkOptions {
  publicUrl?: string;
  /** Honour X-Forwarded-Proto/Host/Prefix (only behind a proxy the deployment trusts). */
  trustProxy?: boolean;
}

/** Where links point: the public URL, else (behind a trusted proxy) X-Forwarded-*, else the request's own. */
export function baseUrl(c: Context, opts: LinkOptions = {}): string {
  if (opts.publicUrl) return opts.publicUrl.replace(/\/+$/, '');
  const url = new URL(c.req.url);
  const fwd = (name: string) => (opts.trustProxy ? c.req.header(name)?.split(',')[0].trim() || undefined : undefined);
  const proto = fwd('x-forwarded-proto') ?? url.protocol.replace(':', '');
  const host = fwd('x-forwarded-host') ?? url.host;
  const prefix = (fwd('x-forwarded-prefix') ?? '').replace(/\/+$/, '');
  if (!/^https?$/i.test(proto) || !/^[A-Za-z0-9.\-_\[\]:]+$/.test(host) || /[^\w\-./~%]/.test(prefix)) fail(400, 'X-Forwarded-Proto/Host/Prefix are malformed');
  return `${proto}://${host}${prefix && !prefix.startsWith('/') ? `/${prefix}` : prefix}`;
}

/** JSON when asked for by `f=json` or an Accept that prefers JSON to HTML; browsers get the viewer. */
export function wantsJson(c: Context): boolean {
  const f = c.req.query('f');
  if (f !== undefined) return f === 'json';
  const accept = c.req.header('accept') ?? '';
  const q = (type: RegExp) => {
    let best = -1;
    for (const part of accept.split(',')) {
      const [t, ...params] = part.trim().split(';');
      if (!type.test(t.trim())) continue;
      const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      best = Math.max(best, qp ? Number(qp.slice(2)) : 1);
    }
    return best;
  };
  const json = q(/^application\/(json|geo\+json|[\w.+-]*\+json)$/);
  return json > 0 && json >= q(/^text\/html$/);
}

export function landingPage(base: string) {
  return {
    title: 'Groundtruth',
    description: '县域违建、卫片、消防车道与垃圾设施数据 · County land and building enforcement data',
    links: [
      { href: `${base}/?f=json`, rel: 'self', type: 'application/json', title: 'This document' },
      { href: `${base}/`, rel: 'alternate', type: 'text/html', title: 'Map viewer' },
      { href: `${base}/api/openapi.json`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'OpenAPI 3.0 definition' },
      { href: `${base}/api/docs`, rel: 'service-doc', type: 'text/html', title: 'API documentation' },
      { href: `${base}/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
      { href: `${base}/collections`, rel: 'data', type: 'application/json', title: 'Collections (one per layer)' },
      { href: `${base}/style.json`, rel: 'stylesheet', type: 'application/vnd.mapbox.style+json', title: 'Map style (MapLibre v8)' },
    ],
  };
}

export function collectionDoc(base: string, layer: LayerName, info: { bbox: BBox | null; count: number }) {
  const href = `${base}/collections/${layer}`;
  return {
    id: layer,
    title: LAYERS[layer].title.zh,
    description: LAYERS[layer].title.en,
    itemType: 'feature',
    crs: SUPPORTED_CRS,
    storageCrs: CRS84,
    'x-geometry-type': servedGeometryType(layer),
    'x-feature-count': info.count,
    extent: { spatial: { bbox: [info.bbox ?? [-180, -90, 180, 90]], crs: CRS84 } },
    links: [
      { href, rel: 'self', type: 'application/json' },
      { href: `${href}/items`, rel: 'items', type: 'application/geo+json' },
      { href: `${href}/items?f=arrow`, rel: 'items', type: 'application/vnd.apache.arrow.stream' },
      { href: `${href}/queryables`, rel: QUERYABLES_REL, type: 'application/schema+json' },
    ],
  };
}

export function queryables(base: string, layer: LayerName) {
  const properties: Record<string, unknown> = { geometry: geometrySchema(layer) };
  for (const p of LAYERS[layer].props) properties[p.name] = jsonSchemaType(p);
  return {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    $id: `${base}/collections/${layer}/queryables`,
    type: 'object',
    title: LAYERS[layer].title.zh,
    description: LAYERS[layer].title.en,
    properties,
    additionalProperties: false,
  };
}
