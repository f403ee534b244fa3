// The viewer's county prefix: county paths under /c/<code>, province paths (sign-in, the county
// list) never, and the county chosen from the list and ?county=.
import { describe, expect, it } from 'vitest';
import { chooseCounty, countyPath, county, initCounty } from '../../viewer/src/lib/county.ts';

const two = [{ code: '330723', name: '武义县' }, { code: '330781', name: '兰溪市' }];

describe('county paths', () => {
  it('prefixes layer, feature and tile paths with the county', () => {
    expect(countyPath('/api/layers', '330781')).toBe('/c/330781/api/layers');
    expect(countyPath('/collections/ledger/items?limit=10', '330781')).toBe('/c/330781/collections/ledger/items?limit=10');
    expect(countyPath('/tiles', '330781')).toBe('/c/330781/tiles');
    expect(countyPath('/api/checks/fire/latest', '330781')).toBe('/c/330781/api/checks/fire/latest');
  });

  it('leaves the province\'s paths, other origins and the no-county case alone', () => {
    for (const p of ['/api/auth/login', '/api/auth/me', '/api/counties', '/api/health', '/api/province/runs', 'https://tiles.example/1/2/3.png', '/assets/x.js']) {
      expect(countyPath(p, '330781')).toBe(p);
    }
    expect(countyPath('/api/layers', null)).toBe('/api/layers');
  });

  it('chooses the asked-for county, else the first, and none with fewer than two', () => {
    expect(chooseCounty(two, '330781')).toBe('330781');
    expect(chooseCounty(two, '330799')).toBe('330723');
    expect(chooseCounty(two, null)).toBe('330723');
    expect(chooseCounty(two.slice(0, 1), '330723')).toBeNull();
  });

  it('reads the list from the service, and none from a county-edition service', async () => {
    const answer = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;
    await initCounty(answer(200, { counties: two }), '?county=330781');
    expect(county).toEqual({ list: two, current: '330781' });
    await initCounty(answer(404, { error: 'no route' }), '?county=330781');
    expect(county).toEqual({ list: [], current: null });
  });
});
