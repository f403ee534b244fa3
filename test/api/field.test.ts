// Verdicts and ledger field updates: roles, append-only history, conflicts between two people,
// survival across a reload of the patch layer, and search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { prepareParts } from '../../service/mounts.ts';
import { patch, report, square, stream } from '../helpers.ts';

let store: Store;
let app: ReturnType<typeof createApp>['app'];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  store = await Store.open(':memory:');
  for (const role of ['viewer', 'inspector', 'enforcer']) tokens[role] = await store.users.add(`u_${role}`, role);
  tokens.inspector2 = await store.users.add('u_inspector2', 'inspector');
  const parts = await prepareParts(store);
  ({ app } = createApp(store, {}, parts.mounts));
  await store.load('patches', stream([patch(0, '2024Q1'), patch(1, '2024Q1')]), report('patches', 2));
  await store.load(
    'ledger',
    stream([
      { index: 0, geometry: square(119.8, 28.9), props: { id: 'L-001', recorded_on: '2019-01-01', status: 'pending', address: '武义县壶山街道解放街12号', owner: '王某某' }, extra: {} },
    ]),
    report('ledger', 1),
  );
});
afterAll(() => store.close());

const send = (method: string, path: string, who: string | null, body: unknown) =>
  app.request(path, {
    method,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
  });

describe('patch verdicts', () => {
  it('needs an inspector', async () => {
    expect((await send('PUT', '/api/patches/P0/verdict', null, { batch: '2024Q1', verdict: 'legal' })).status).toBe(401);
    expect((await send('PUT', '/api/patches/P0/verdict', 'viewer', { batch: '2024Q1', verdict: 'legal' })).status).toBe(403);
  });

  it('refuses unknown verdicts and patches', async () => {
    const bad = await send('PUT', '/api/patches/P0/verdict', 'inspector', { batch: '2024Q1', verdict: 'maybe' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/legal, illegal, false_change/);
    expect((await send('PUT', '/api/patches/P9/verdict', 'inspector', { batch: '2024Q1', verdict: 'legal', base_seq: null })).status).toBe(404);
  });

  it('records verdicts in an append-only history and detects a second inspector deciding at once', async () => {
    const first = await (await send('PUT', '/api/patches/P0/verdict', 'inspector', { batch: '2024Q1', verdict: 'illegal', note: '现场核实', base_seq: null })).json();
    expect(first).toMatchObject({ batch: '2024Q1', id: 'P0', verdict: 'illegal', decided_by: 'u_inspector', previous_verdict: null });
    // The second inspector loaded the patch before the first decided: same base, so a conflict.
    const clash = await send('PUT', '/api/patches/P0/verdict', 'inspector2', { batch: '2024Q1', verdict: 'legal', base_seq: null });
    expect(clash.status).toBe(409);
    const body = await clash.json();
    expect(body.error).toMatch(/decided "illegal" by u_inspector/);
    expect(body.current.seq).toBe(first.seq);
    const second = await (await send('PUT', '/api/patches/P0/verdict', 'inspector2', { batch: '2024Q1', verdict: 'legal', base_seq: first.seq })).json();
    expect(second).toMatchObject({ verdict: 'legal', previous_verdict: 'illegal' });
    const history = await (await app.request('/api/patches/verdicts/history?batch=2024Q1')).json();
    expect(history.history.map((h: { verdict: string }) => h.verdict)).toEqual(['illegal', 'legal']);
    const bytes = new Uint8Array(await (await app.request('/api/patches/verdicts/history?format=csv')).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('现场核实');
  });

  it('keeps verdicts through a reload of the patch layer', async () => {
    await store.load('patches', stream([patch(0, '2024Q1'), patch(1, '2024Q1')]), report('patches', 2));
    const current = await (await app.request('/api/patches/verdicts?batch=2024Q1')).json();
    expect(current.verdicts).toEqual([expect.objectContaining({ id: 'P0', verdict: 'legal' })]);
  });
});

describe('ledger field updates', () => {
  it('needs an enforcer and a known status, and a date for a teardown', async () => {
    expect((await send('PATCH', '/api/ledger/L-001', 'inspector', { status: 'demolished' })).status).toBe(403);
    expect((await send('PATCH', '/api/ledger/L-001', 'enforcer', { status: 'gone' })).status).toBe(400);
    const noDate = await send('PATCH', '/api/ledger/L-001', 'enforcer', { status: 'demolished', base_seq: null });
    expect((await noDate.json()).error).toMatch(/demolished_on/);
    expect((await send('PATCH', '/api/ledger/NOPE', 'enforcer', { status: 'retained', base_seq: null })).status).toBe(404);
  });

  it('changes the record in the layer, bumps its version and keeps the history with photos', async () => {
    const before = (await store.layer('ledger')).version;
    const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest-of-a-png')]);
    const photo = { name: 'site.png', type: 'image/png', data: pngBytes.toString('base64') };
    const res = await send('PATCH', '/api/ledger/L-001', 'enforcer', {
      status: 'demolished', demolished_on: '2024-05-20', note: '拆除完毕', photos: [photo], base_seq: null,
    });
    expect(res.status).toBe(200);
    const update = await res.json();
    expect(update).toMatchObject({ id: 'L-001', status: 'demolished', previous_status: 'pending', photos: 1 });
    const [rec] = await store.query('ledger', { equals: { id: 'L-001' } });
    expect(rec.props).toMatchObject({ status: 'demolished', demolished_on: '2024-05-20' });
    expect((await store.layer('ledger')).version).toBe(before + 1);
    const img = await app.request(`/api/ledger/photos/${update.seq}/1`);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).equals(pngBytes)).toBe(true);
    const stale = await send('PATCH', '/api/ledger/L-001', 'enforcer', { status: 'retained', base_seq: null });
    expect(stale.status).toBe(409);
    const history = await (await app.request('/api/ledger/L-001/history')).json();
    expect(history.history).toHaveLength(1);
  });
});

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
