// GET /collections/{id}/items: one page of features as GeoJSON (or Arrow IPC with f=arrow),
// filtered by bbox (bbox-crs), datetime, property=value and a CQL2 `filter`, answered in `crs`.
import type { Context } from 'hono';
import type { DuckDBValue } from '@duckdb/node-api';
import { LAYERS, type LayerName } from '../layers/schema.ts';
import { fail } from '../http/errors.ts';
import type { Store, StoredFeature } from '../store/index.ts';
import type { LayerStore } from '../store/layer-store.ts';
import { featuresToArrow } from '../routes/arrow.ts';
import { contentCrs, parseOgcCrs, reprojectGeometry, CRS84 } from './crs.ts';
import { datetimeProperty, promoteGeometry } from './describe.ts';
import { baseUrl, type LinkOptions } from './documents.ts';
import { cql2Filter } from './filter.ts';
import { streamItems, type PageEnd, type PageRequest } from './items-stream.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, datetimeSql, parseBBox, parseCount } from './params.ts';

const FIXED_PARAMS = ['bbox', 'bbox-crs', 'crs', 'limit', 'offset', 'after', 'f', 'filter', 'filter-lang', 'filter-crs', 'datetime'];

/** Patches are unique by batch and id only, so their feature id is `<batch>:<id>`. */
export function featureId(layer: LayerName, f: StoredFeature): string {
  return layer === 'patches' ? `${f.props.batch}:${f.id}` : f.id;
}

export async function itemsHandler(c: Context, store: LayerStore & Partial<Pick<Store, 'all'>>, layer: LayerName, linkOptions: LinkOptions = {}): Promise<Response> {
  const query = c.req.query();
  const props = new Set(LAYERS[layer].props.map((p) => p.name));
  const dateProp = datetimeProperty(layer);
  const equals: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (FIXED_PARAMS.includes(k)) continue;
    if (!props.has(k)) {
      fail(400, `unknown query parameter "${k}"; ${layer} accepts ${FIXED_PARAMS.join(', ')} and ${[...props].join(', ')}`);
    }
    equals[k] = v;
  }
  const format = query.f ?? 'json';
  if (!['json', 'geojson', 'arrow'].includes(format)) fail(400, `f must be json or arrow; got "${format}"`);
  const crs = parseOgcCrs(query.crs ?? CRS84, 'crs');
  const bboxCrs = parseOgcCrs(query['bbox-crs'] ?? CRS84, 'bbox-crs');
  if (query['bbox-crs'] !== undefined && query.bbox === undefined) fail(400, 'bbox-crs is given without a bbox');
  const limit = Math.min(parseCount(query.limit, 'limit', DEFAULT_LIMIT), MAX_LIMIT);
  const offset = parseCount(query.offset, 'offset', 0);
  // The keyset cursor of next links: the fid of the previous page's last feature.
  const after = query.after === undefined ? null : parseCount(query.after, 'after', 0);

  const where: { sql: string[]; params: DuckDBValue[] } = { sql: [], params: [] };
  const sqlFilters = ['datetime', 'filter'].filter((k) => query[k] !== undefined);
  if (sqlFilters.length && !store.all) fail(400, `${sqlFilters.join(' and ')} cannot filter ${layer} on this store (PostgreSQL) yet; use bbox and property=value`);
  if (query.datetime !== undefined) {
    if (!dateProp) fail(400, `${layer} has no dates, so datetime cannot filter it`);
    const d = datetimeSql(query.datetime, dateProp);
    where.sql.push(d.sql);
    where.params.push(...d.params);
  }
  if (query.filter !== undefined) {
    const f = await cql2Filter(store as Store, layer, query.filter, query['filter-lang'], parseOgcCrs(query['filter-crs'] ?? CRS84, 'filter-crs'));
    where.sql.push(f.sql);
    where.params.push(...f.params);
  }
  const q = {
    bbox: query.bbox ? parseBBox(query.bbox, bboxCrs) : undefined,
    equals,
    where: where.sql.length ? { sql: where.sql.join(' AND '), params: where.params } : undefined,
  };
  if (format === 'arrow') {
    const [features, matched] = await Promise.all([store.query(layer, { ...q, limit, offset }), store.count(layer, q)]);
    return c.body(featuresToArrow(layer, features), 200, {
      'Content-Type': 'application/vnd.apache.arrow.stream',
      'OGC-NumberMatched': String(matched),
    });
  }
  const matched = await store.count(layer, q);
  const base = `${baseUrl(c, linkOptions)}/collections/${layer}/items`;
  const page = (change: Record<string, string>, drop: string) => {
    const params = new URLSearchParams({ ...query, limit: String(limit), ...change });
    params.delete(drop);
    return `${base}?${params}`;
  };
  const links = (end: PageEnd) => {
    const out = [{ href: `${base}?${new URLSearchParams({ ...query, limit: String(limit) })}`, rel: 'self', type: 'application/geo+json' }];
    if (end.nextAfter !== null) out.push({ href: page({ after: String(end.nextAfter) }, 'offset'), rel: 'next', type: 'application/geo+json' });
    if (offset > 0 && after === null) out.push({ href: page({ offset: String(Math.max(0, offset - limit)) }, 'after'), rel: 'prev', type: 'application/geo+json' });
    return out;
  };
  const request = { query: q, limit, offset, after, crs };
  const timeStamp = new Date().toISOString();
  c.header('Content-Type', 'application/geo+json');
  c.header('Content-Crs', contentCrs(crs));
  // PostgreSQL stores answer with one page of features; DuckDB streams its chunks as text.
  if (!('db' in store)) {
    const { features, end } = await itemsPage(store, layer, request);
    return c.body(JSON.stringify({ type: 'FeatureCollection', numberMatched: matched, timeStamp, features, numberReturned: end.returned, links: links(end) }));
  }
  const head = JSON.stringify({ type: 'FeatureCollection', numberMatched: matched, timeStamp });
  const body = await streamItems(store as Store, layer, request, head, (end) => `,"numberReturned":${end.returned},"links":${JSON.stringify(links(end))}`);
  return c.body(body);
}

/** One page read as features (stores without DuckDB's streaming): one row more tells whether a next page exists. */
async function itemsPage(store: LayerStore, layer: LayerName, req: PageRequest) {
  const rows = await store.query(layer, { ...req.query, afterFid: req.after ?? undefined, limit: req.limit + 1, offset: req.offset });
  const more = rows.length > req.limit;
  const page = more ? rows.slice(0, req.limit) : rows;
  const features = page.map((f) => geoJsonFeature(layer, f, req.crs));
  const end: PageEnd = { returned: page.length, nextAfter: more ? page[page.length - 1].fid : null };
  return { features, end };
}


export function geoJsonFeature(layer: LayerName, f: StoredFeature, crs = parseOgcCrs(CRS84, 'crs')) {
  return {
    type: 'Feature',
    id: featureId(layer, f),
    geometry: reprojectGeometry(promoteGeometry(layer, f.geometry), crs),
    properties: { ...f.extra, ...f.props },
  };
}

export async function itemHandler(c: Context, store: LayerStore, layer: LayerName): Promise<Response> {
  const raw = c.req.param('featureId')!;
  const crs = parseOgcCrs(c.req.query('crs') ?? CRS84, 'crs');
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
  c.header('Content-Crs', contentCrs(crs));
  return c.body(JSON.stringify(geoJsonFeature(layer, found[0], crs)));
}
