// CQL2 text filters (Part 3) run against the hand-made ledger: every case in out/filters.json
// returns exactly its ids, and every refused filter answers 400 naming its token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Store } from '../../service/store/index.ts';
import { ids, ledgerApp } from './fixture.ts';

const { cases, errors } = JSON.parse(readFileSync(new URL('out/filters.json', import.meta.url), 'utf8')) as {
  cases: [string, string[]][];
  errors: [string, string][];
};

let store: Store;
let app: Awaited<ReturnType<typeof ledgerApp>>['app'];
beforeAll(async () => ({ store, app } = await ledgerApp()));
afterAll(() => store.close());

const items = (filter: string, more = '') => app.request(`/collections/ledger/items?filter=${encodeURIComponent(filter)}${more}`);

describe('CQL2 text filters', () => {
  it.each(cases)('%s', async (filter, expected) => {
    const res = await items(filter);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(ids(body)).toEqual(expected);
    expect(body.numberMatched).toBe(expected.length);
  });

  it.each(errors)('refuses %s naming %s', async (filter, token) => {
    const res = await items(filter);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.token).toBe(token);
    expect(body.error).toContain(token === 'end of filter' ? 'end of filter' : token.replace(/^'|'$/g, ''));
  });

  it('pages a filtered result with the filter kept in the next link', async () => {
    const body = await (await items("status <> 'pending'", '&limit=2')).json();
    expect(body.numberMatched).toBe(3);
    expect(body.numberReturned).toBe(2);
    const next = new URL(body.links.find((l: { rel: string }) => l.rel === 'next').href);
    const page2 = await (await app.request(next.pathname + next.search)).json();
    expect(page2.numberReturned).toBe(1);
    expect([...ids(body), ...ids(page2)].sort()).toEqual(['L2', 'L3', 'L5']);
  });

  it('combines filter with bbox, datetime and property parameters (AND)', async () => {
    const body = await (await items("status IN ('pending', 'demolished')", '&bbox=120.005,28.9,120.05,29.1&datetime=2024-01-01/..&township=壶山街道')).json();
    expect(ids(body)).toEqual(['L4']);
  });

  it('reads geometry literals in filter-crs (EPSG:4326 is latitude, longitude)', async () => {
    const f = 'S_INTERSECTS(geometry, POINT(29.0005 120.0305))';
    const body = await (await items(f, '&filter-crs=http://www.opengis.net/def/crs/EPSG/0/4326')).json();
    expect(ids(body)).toEqual(['L4']);
  });

  it('refuses another filter language', async () => {
    const res = await items("status = 'pending'", '&filter-lang=cql2-json');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain('cql2-json');
  });
});

describe('datetime', () => {
  it.each([
    ['2024-01-15', ['L2']],
    ['2024-01-01/..', ['L2', 'L4']],
    ['../2022-12-31', ['L3', 'L5']],
    ['2022-12-31T00:00:00Z/2023-12-31T23:59:59Z', ['L1', 'L3']],
  ])('%s', async (dt, expected) => {
    const body = await (await app.request(`/collections/ledger/items?datetime=${encodeURIComponent(dt)}`)).json();
    expect(ids(body)).toEqual(expected);
  });

  it('refuses a bad datetime and datetime on a layer without dates', async () => {
    expect((await app.request('/collections/ledger/items?datetime=yesterday')).status).toBe(400);
    const res = await app.request('/collections/footprints/items?datetime=2024-01-01');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/footprints has no dates/);
  });
});
