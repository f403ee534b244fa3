import { describe, expect, it } from 'vitest';
import { api, ApiError, dataBounds, describeError, drawnParams, login, type LayerInfo } from '../../viewer/src/lib/api.ts';

const respond = (status: number, body: string) => (async () => new Response(body, { status })) as unknown as typeof fetch;

describe('api client', () => {
  it('sends the login body and returns token and user', async () => {
    let seen: { url: string; init: RequestInit } | null = null;
    const fetchFn = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return new Response(JSON.stringify({ token: 'tok', user: { name: 'li', role: 'inspector' } }), { status: 200 });
    }) as unknown as typeof fetch;
    expect(await login('li', 'pw', fetchFn)).toEqual({ token: 'tok', user: { name: 'li', role: 'inspector' } });
    expect(seen!.url).toBe('/api/auth/login');
    expect(seen!.init.method).toBe('POST');
    expect(JSON.parse(String(seen!.init.body))).toEqual({ name: 'li', password: 'pw' });
  });

  it('sends the bearer token', async () => {
    let auth = '';
    const fetchFn = (async (_url: string, init: RequestInit) => {
      auth = (init.headers as Record<string, string>).authorization;
      return new Response('{"name":"li","role":"viewer"}');
    }) as unknown as typeof fetch;
    await api('/api/auth/me', { token: 'abc', fetchFn });
    expect(auth).toBe('Bearer abc');
  });

  it("turns the service's error body into words", async () => {
    const err = (await api('/api/layers/ledger', { fetchFn: respond(403, '{"error":"role \\"viewer\\" may not load the ledger layer"}') }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(403);
    expect(describeError(err, 'zh')).toBe('服务返回错误 403：role "viewer" may not load the ledger layer');
    expect(describeError(err, 'en')).toBe('The service answered 403: role "viewer" may not load the ledger layer');
  });

  it('explains an unreachable service and a non-JSON answer', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(describeError(await api('/api/health', { fetchFn: down }).catch((e) => e), 'en')).toBe('Cannot reach the service: Failed to fetch');
    expect(describeError(await api('/api/health', { fetchFn: respond(200, '<html>') }).catch((e) => e), 'zh')).toBe(
      '服务返回了无法识别的内容（200）',
    );
    expect(describeError(await api('/x', { fetchFn: respond(502, 'Bad Gateway') }).catch((e) => e), 'en')).toBe(
      'The service answered 502: Bad Gateway',
    );
  });

  it('unions the bboxes of layers with data', () => {
    const layer = (bbox: LayerInfo['bbox'], count: number) => ({ name: 'ledger', title: { zh: '', en: '' }, geometry: [], count, bbox, version: 1, updated_at: null }) as LayerInfo;
    expect(dataBounds([layer([120, 30, 120.5, 30.2], 3), layer([119.8, 30.1, 120.1, 30.6], 1), layer(null, 0), layer([0, 0, 1, 1], 0)])).toEqual([119.8, 30, 120.5, 30.6]);
    expect(dataBounds([layer(null, 0)])).toBeNull();
  });

  it("draws rings with the latest coverage run's radius and setback, else the spec defaults", async () => {
    const latest = respond(200, JSON.stringify({ params: { service_radius_m: 2500, landfill_setback_m: 800, sites_to_choose: 3 } }));
    expect(await drawnParams(null, latest)).toEqual({ service_radius_m: 2500, landfill_setback_m: 800 });
    expect(await drawnParams(null, respond(404, '{"error":"no coverage run yet"}'))).toEqual({ service_radius_m: 3000, landfill_setback_m: 500 });
    expect(await drawnParams(null, respond(200, '{"params":{"service_radius_m":"far"}}'))).toEqual({ service_radius_m: 3000, landfill_setback_m: 500 });
    await expect(drawnParams(null, respond(500, '{"error":"database is locked"}'))).rejects.toThrow(/500: database is locked/);
  });
});
