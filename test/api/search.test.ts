// Search by id and by part of an address; request text is never SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCounty, type County } from './county-fixture.ts';

let county: County;
let app: County['app'];

beforeAll(async () => {
  county = await openCounty();
  ({ app } = county);
});
afterAll(() => county.store.close());

describe('search', () => {
  it('finds by id and by part of an address, with a bbox', async () => {
    const byId = await (await app.request('/api/search?q=L-001')).json();
    expect(byId.results[0]).toMatchObject({ layer: 'ledger', id: 'L-001' });
    expect(byId.results[0].bbox).toHaveLength(4);
    const byAddress = await (await app.request(`/api/search?q=${encodeURIComponent('解放街')}`)).json();
    expect(byAddress.results.map((r: { id: string }) => r.id)).toEqual(['L-001']);
    const injection = await (await app.request(`/api/search?q=${encodeURIComponent("' OR 1=1 --")}`)).json();
    expect(injection.results).toEqual([]);
    expect((await app.request('/api/search?q=')).status).toBe(400);
  });
});
