// The OGC part of the OpenAPI document. `limit` is one shared parameter (components/parameters)
// with a default and a maximum, referenced from every collection's items path: QGIS and GDAL ≥ 3.8
// size their pages from it. Each collection gets its own items path so that its property
// parameters, and `datetime` where it has dates, are listed for it.
import { LAYER_NAMES, LAYERS } from '../layers/schema.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './params.ts';
import { datetimeProperty, jsonSchemaType } from './describe.ts';

const ok = (d: string) => ({ '200': { description: d }, '400': { description: 'bad parameter; the message names it' } });
const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` });

export function ogcComponents() {
  const q = (name: string, description: string, schema: unknown, extra: Record<string, unknown> = {}) => ({ name, in: 'query', required: false, description, schema, ...extra });
  return {
    limit: q('limit', `page size (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}; larger values are clamped)`, { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }, { style: 'form', explode: false }),
    offset: q('offset', 'start of the page', { type: 'integer', minimum: 0, default: 0 }),
    after: q('after', 'the cursor of a next link: features after this one in storage order (faster than offset for deep pages)', { type: 'integer', minimum: 0 }),
    bbox: q('bbox', 'minLon,minLat,maxLon,maxLat (CRS84), or in the axis order of bbox-crs', { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }, { style: 'form', explode: false }),
    'bbox-crs': q('bbox-crs', 'CRS of bbox (a URI from the collection\'s crs list)', { type: 'string', format: 'uri' }),
    crs: q('crs', 'CRS of the response (a URI from the collection\'s crs list); see the Content-Crs header', { type: 'string', format: 'uri' }),
    datetime: q('datetime', 'a date or an interval (a/b, open ends as ..) on the collection\'s main date', { type: 'string' }),
    filter: q('filter', 'CQL2 text: comparison, AND/OR/NOT, LIKE, IN, BETWEEN, IS NULL, DATE/TIMESTAMP, S_INTERSECTS with POINT/LINESTRING/POLYGON/BBOX', { type: 'string' }),
    'filter-lang': q('filter-lang', 'cql2-text only', { type: 'string', enum: ['cql2-text'], default: 'cql2-text' }),
    'filter-crs': q('filter-crs', 'CRS of geometry literals in filter', { type: 'string', format: 'uri' }),
    f: q('f', 'json (GeoJSON) or arrow (Arrow IPC)', { type: 'string', enum: ['json', 'arrow'] }),
    featureId: { name: 'featureId', in: 'path', required: true, description: 'feature id (patches: <batch>:<id>)', schema: { type: 'string' } },
  };
}

export function ogcPaths() {
  const paths: Record<string, unknown> = {
    '/': { get: { summary: 'Landing page (JSON with Accept: application/json or f=json; the viewer otherwise)', responses: ok('landing page') } },
    '/conformance': { get: { summary: 'OGC API conformance classes', responses: ok('conformance') } },
    '/collections': { get: { summary: 'OGC API collections (one per layer)', responses: ok('collections') } },
  };
  // The route templates as Hono serves them (any layer as {id}), then one concrete path per layer.
  const id = { name: 'id', in: 'path', required: true, description: 'collection (layer) name', schema: { type: 'string', enum: [...LAYER_NAMES] } };
  paths['/collections/{id}'] = { get: { summary: 'One collection', parameters: [id], responses: ok('collection') } };
  paths['/collections/{id}/queryables'] = { get: { summary: 'Queryables (JSON Schema)', parameters: [id], responses: ok('queryables') } };
  paths['/collections/{id}/items'] = {
    get: {
      summary: 'Features of any collection; each property name is also an exact-match parameter (see the per-collection paths)',
      parameters: [id, ref('limit'), ref('offset'), ref('bbox'), ref('bbox-crs'), ref('datetime'), ref('crs'), ref('filter'), ref('filter-lang'), ref('filter-crs'), ref('f')],
      responses: ok('GeoJSON FeatureCollection'),
    },
  };
  paths['/collections/{id}/items/{featureId}'] = { get: { summary: 'One feature', parameters: [id, ref('featureId'), ref('crs')], responses: ok('GeoJSON Feature') } };
  for (const layer of LAYER_NAMES) {
    const props = LAYERS[layer].props.map((p) => ({ name: p.name, in: 'query', required: false, description: `${p.title.zh} · ${p.title.en} (exact match)`, schema: jsonSchemaType(p) }));
    const dates = datetimeProperty(layer) ? [ref('datetime')] : [];
    const base = `/collections/${layer}`;
    paths[base] = { get: { summary: `${LAYERS[layer].title.zh} · ${LAYERS[layer].title.en}`, responses: ok('collection') } };
    paths[`${base}/queryables`] = { get: { summary: `Queryables of ${layer} (JSON Schema)`, responses: ok('queryables') } };
    paths[`${base}/items`] = {
      get: {
        summary: `Features of ${layer}`,
        operationId: `getFeatures_${layer}`,
        parameters: [ref('limit'), ref('offset'), ref('after'), ref('bbox'), ref('bbox-crs'), ...dates, ref('crs'), ref('filter'), ref('filter-lang'), ref('filter-crs'), ref('f'), ...props],
        responses: ok('GeoJSON FeatureCollection'),
      },
    };
    paths[`${base}/items/{featureId}`] = { get: { summary: `One feature of ${layer}`, parameters: [ref('featureId'), ref('crs')], responses: ok('GeoJSON Feature') } };
  }
  return paths;
}
