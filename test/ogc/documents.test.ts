// Part 1 and 2 documents: the landing page by content negotiation, conformance, collections with
// their geometry types and CRS lists, queryables, and the OpenAPI limit parameter clients read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_NAMES } from '../../service/layers/schema.ts';
import type { Store } from '../../service/store/index.ts';
import { ledgerApp } from './fixture.ts';

let store: Store;
let app: Awaited<ReturnType<typeof ledgerApp>>['app'];
beforeAll(async () => ({ store, app } = await ledgerApp()));
afterAll(() => store.close());

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe('landing page', () => {
  it('answers JSON to Accept: application/json and to f=json, with the four links', async () => {
    for (const res of [await get('/', { accept: 'application/json' }), await get('/?f=json')]) {
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const body = await res.json();
      const rels = Object.fromEntries(body.links.map((l: { rel: string; href: string }) => [l.rel, l.href]));
      expect(rels['service-desc']).toBe('http://localhost/api/openapi.json');
      expect(rels['service-doc']).toBe('http://localhost/api/docs');
      expect(rels.conformance).toBe('http://localhost/conformance');
      expect(rels.data).toBe('http://localhost/collections');
    }
  });

  it('keeps HTML for a browser', async () => {
    const res = await get('/', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect((await get('/', { accept: 'text/html;q=1, application/json;q=0.5' })).headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('OpenAPI', () => {
  it('declares components/parameters/limit and references it from every items path', async () => {
    const doc = await (await get('/api/openapi.json')).json();
    const limit = doc.components.parameters.limit;
    expect(limit).toMatchObject({ name: 'limit', in: 'query', schema: { type: 'integer', default: 100, maximum: 10000 } });
    const itemsPaths = Object.keys(doc.paths).filter((p) => /^\/collections\/[a-z_]+\/items$/.test(p));
    expect(itemsPaths).toHaveLength(LAYER_NAMES.length);
    for (const p of itemsPaths) {
      const params = doc.paths[p].get.parameters as { $ref?: string; name?: string }[];
      const refs = params.map((x) => x.$ref ?? x.name);
      expect(refs, p).toContain('#/components/parameters/limit');
      expect(refs, p).toContain('#/components/parameters/bbox');
      expect(refs.includes('#/components/parameters/datetime'), p).toBe(['/collections/patches/items', '/collections/ledger/items', '/collections/permits/items'].includes(p));
    }
    const ledger = doc.paths['/collections/ledger/items'].get.parameters.map((x: { name?: string }) => x.name);
    expect(ledger).toEqual(expect.arrayContaining(['id', 'status', 'floors', 'owner', 'township']));
  });
});

describe('conformance and collections', () => {
  it('declares Parts 1–3 and CQL2 text', async () => {
    const { conformsTo } = await (await get('/conformance')).json();
    expect(conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
        'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
      ]),
    );
    expect(conformsTo.some((c: string) => /cql2-json|spatial-operators|temporal/.test(c))).toBe(false);
  });

  it('lists the CRSs, the storage CRS and the geometry type per collection', async () => {
    const { collections } = await (await get('/collections')).json();
    const byId = Object.fromEntries(collections.map((c: { id: string }) => [c.id, c]));
    expect(byId.ledger.storageCrs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(byId.ledger.crs[0]).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(byId.ledger.crs).toContain('http://www.opengis.net/def/crs/EPSG/0/4549');
    expect(byId.ledger.crs).toHaveLength(3 + 42);
    expect(byId.ledger['x-geometry-type']).toBe('MultiPolygon');
    expect(byId.fire_lanes['x-geometry-type']).toBe('MultiLineString');
    expect(byId.candidates['x-geometry-type']).toBe('Point');
    expect(byId.demand['x-geometry-type']).toBe('Geometry');
  });

  it('serves polygons as MultiPolygons', async () => {
    const fc = await (await get('/collections/ledger/items?limit=1')).json();
    expect(fc.features[0].geometry.type).toBe('MultiPolygon');
  });
});

describe('queryables', () => {
  it('is a JSON Schema with each property type and the geometry type', async () => {
    const res = await get('/collections/ledger/queryables');
    expect(res.headers.get('content-type')).toBe('application/schema+json');
    const q = await res.json();
    expect(q.type).toBe('object');
    expect(q.properties.geometry.format).toBe('geometry-multipolygon');
    expect(q.properties.floors.type).toBe('number');
    expect(q.properties.recorded_on).toMatchObject({ type: 'string', format: 'date' });
    expect(q.properties.status.enum).toEqual(['pending', 'demolished', 'retained', 'permitted', 'deferred']);
    expect((await (await get('/collections/candidates/queryables')).json()).properties.geometry.format).toBe('geometry-point');
    expect((await get('/collections/rivers/queryables')).status).toBe(404);
  });
});
