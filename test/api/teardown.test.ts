// Ledger field updates during teardown: roles, statuses, the record changed in the layer with a
// new version, and the history with photos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCounty, type County } from './county-fixture.ts';

let county: County;
let store: County['store'];
let app: County['app'];
let send: County['send'];

beforeAll(async () => {
  county = await openCounty();
  ({ store, app, send } = county);
});
afterAll(() => county.store.close());

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

