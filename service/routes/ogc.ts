// OGC API - Features Part 1 (Core, GeoJSON): /conformance, /collections, items with bbox,
// limit (clamped), offset and one query parameter per property; Arrow IPC with f=arrow.
import { Hono, type Context } from 'hono';
import { LAYERS, type LayerName } from '../layers/schema.ts';
import type { AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import type { Store, StoredFeature, BBox } from '../store/index.ts';
import { toGeoJSON } from '../store/features.ts';
import { layerName } from './layers.ts';
import { featuresToArrow } from './arrow.ts';
import { layerParam, ok, param, type Paths } from './openapi.ts';

export const MAX_LIMIT = 10_000;
const DEFAULT_LIMIT = 100;
const FIXED_PARAMS = new Set(['bbox', 'limit', 'offset', 'f']);

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

function baseUrl(c: Context): string {
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto') ?? url.protocol.replace(':', '');
  const host = c.req.header('x-forwarded-host') ?? url.host;
  return `${proto}://${host}${c.req.header('x-forwarded-prefix') ?? ''}`;
}

function parseBBox(raw: string): BBox {
  const parts = raw.split(',').map(Number);
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v))) {
    fail(400, `bbox must be four numbers minLon,minLat,maxLon,maxLat; got "${raw}"`);
  }
  const [w, s, e, n] = parts;
  if (w > e || s > n) fail(400, `bbox "${raw}" has min greater than max`);
  return [w, s, e, n];
}

function parseCount(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) fail(400, `${name} must be a non-negative integer; got "${raw}"`);
  return Number(raw);
}

function collection(base: string, layer: LayerName, info: { bbox: BBox | null }) {
  return {
    id: layer,
    title: LAYERS[layer].title.zh,
    description: LAYERS[layer].title.en,
    itemType: 'feature',
    crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
    extent: { spatial: { bbox: [info.bbox ?? [-180, -90, 180, 90]], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' } },
    links: [
      { href: `${base}/collections/${layer}`, rel: 'self', type: 'application/json' },
      { href: `${base}/collections/${layer}/items`, rel: 'items', type: 'application/geo+json' },
      { href: `${base}/collections/${layer}/items?f=arrow`, rel: 'items', type: 'application/vnd.apache.arrow.stream' },
    ],
  };
}

/** Patches are unique by batch and id only, so their feature id is `<batch>:<id>`. */
export function featureId(layer: LayerName, f: StoredFeature): string {
  return layer === 'patches' ? `${f.props.batch}:${f.id}` : f.id;
}

const collectionParam = layerParam('id');

export const OGC_PATHS: Paths = {
  '/conformance': { get: { summary: 'OGC API conformance classes', responses: ok() } },
  '/collections': { get: { summary: 'OGC API collections (one per layer)', responses: ok() } },
  '/collections/{id}': { get: { summary: 'One collection', parameters: [collectionParam], responses: ok() } },
  '/collections/{id}/items': {
    get: {
      summary: 'Features as GeoJSON (or Arrow IPC with f=arrow); any property name is an exact-match filter; unknown parameters → 400',
      parameters: [
        collectionParam,
        param('bbox', 'query', 'minLon,minLat,maxLon,maxLat'),
        param('limit', 'query', 'page size, at most 10000', { type: 'integer', default: 100, maximum: 10000 }),
        param('offset', 'query', 'start of the page', { type: 'integer', default: 0 }),
        param('f', 'query', 'json or arrow', { type: 'string', enum: ['json', 'arrow'] }),
      ],
      responses: ok(),
    },
  },
  '/collections/{id}/items/{featureId}': {
    get: { summary: 'One feature (patches: <batch>:<id>)', parameters: [collectionParam, param('featureId', 'path', 'feature id')], responses: ok() },
  },
};

export function ogcRoutes(store: Store) {
  const app = new Hono<AppEnv>();

  app.get('/conformance', (c) => c.json({ conformsTo: CONFORMANCE }));

  app.get('/collections', async (c) => {
    const base = baseUrl(c);
    const layers = await store.layers();
    return c.json({
      links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json' }],
      collections: layers.map((l) => collection(base, l.name, l)),
    });
  });

  app.get('/collections/:id', async (c) => {
    const layer = layerName(c.req.param('id'));
    return c.json(collection(baseUrl(c), layer, await store.layer(layer)));
  });

  app.get('/collections/:id/items', async (c) => {
    const layer = layerName(c.req.param('id'));
    const query = c.req.query();
    const props = new Set(LAYERS[layer].props.map((p) => p.name));
    const equals: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) {
      if (FIXED_PARAMS.has(k)) continue;
      if (!props.has(k)) {
        fail(400, `unknown query parameter "${k}"; ${layer} accepts bbox, limit, offset, f and ${[...props].join(', ')}`);
      }
      equals[k] = v;
    }
    const format = query.f ?? 'json';
    if (!['json', 'geojson', 'arrow'].includes(format)) fail(400, `f must be json or arrow; got "${format}"`);
    const limit = Math.min(parseCount(query.limit, 'limit', DEFAULT_LIMIT), MAX_LIMIT);
    const offset = parseCount(query.offset, 'offset', 0);
    const q = { bbox: query.bbox ? parseBBox(query.bbox) : undefined, equals, limit, offset };
    const [features, matched] = await Promise.all([store.query(layer, q), store.count(layer, { bbox: q.bbox, equals })]);
    if (format === 'arrow') {
      return c.body(featuresToArrow(layer, features), 200, {
        'Content-Type': 'application/vnd.apache.arrow.stream',
        'OGC-NumberMatched': String(matched),
      });
    }
    const base = `${baseUrl(c)}/collections/${layer}/items`;
    const page = (o: number) => {
      const u = new URLSearchParams({ ...query, limit: String(limit), offset: String(o) });
      return `${base}?${u}`;
    };
    const links = [{ href: page(offset), rel: 'self', type: 'application/geo+json' }];
    if (offset + features.length < matched) links.push({ href: page(offset + limit), rel: 'next', type: 'application/geo+json' });
    if (offset > 0) links.push({ href: page(Math.max(0, offset - limit)), rel: 'prev', type: 'application/geo+json' });
    c.header('Content-Type', 'application/geo+json');
    return c.body(
      JSON.stringify({
        type: 'FeatureCollection',
        numberMatched: matched,
        numberReturned: features.length,
        timeStamp: new Date().toISOString(),
        links,
        features: features.map((f) => ({ ...toGeoJSON(layer, f), id: featureId(layer, f) })),
      }),
    );
  });

  app.get('/collections/:id/items/:featureId', async (c) => {
    const layer = layerName(c.req.param('id'));
    const raw = c.req.param('featureId');
    const equals: Record<string, string> = {};
    if (layer === 'patches' && raw.includes(':')) {
      const i = raw.indexOf(':');
      equals.batch = raw.slice(0, i);
      equals.id = raw.slice(i + 1);
    } else {
      equals[LAYERS[layer].idProp] = raw;
    }
    const found = await store.query(layer, { equals, limit: 2 });
    if (found.length === 0) fail(404, `no feature "${raw}" in ${layer}`);
    if (found.length > 1) fail(409, `"${raw}" names more than one patch; use <batch>:<id>`);
    c.header('Content-Type', 'application/geo+json');
    return c.body(JSON.stringify({ ...toGeoJSON(layer, found[0]), id: featureId(layer, found[0]) }));
  });

  return app;
}

