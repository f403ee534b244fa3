// Field attributes of ledger records over PATCH /api/ledger/:id: reuse, reuse_on and
// violation_type change in the layer and are kept, with their previous values, in the history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { report, square, stream } from '../helpers.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  store = await Store.open(':memory:');
  for (const role of ['inspector', 'enforcer']) tokens[role] = await store.users.add(`u_${role}`, role);
  ({ app } = await createApp(store));
  await store.load(
    'ledger',
    stream([{ index: 0, geometry: square(119.8, 28.9), props: { id: 'L-9', recorded_on: '2019-01-01', status: 'demolished', demolished_on: '2023-04-01' }, extra: {} }]),
    report('ledger', 1),
  );
});
afterAll(() => store.close());

const send = (path: string, who: string, body: unknown) =>
  app.request(path, { method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` } });

describe('ledger attribute edits', () => {
  it('refuses an unknown reuse or a bad date, naming the field and the value, and changes nothing', async () => {
    const bad = await send('/api/ledger/L-9', 'enforcer', { reuse: '养殖', base_seq: null });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/reuse has unknown value "养殖"/);
    const badDate = await send('/api/ledger/L-9', 'enforcer', { reuse_on: '2024-13-45', base_seq: null });
    expect((await badDate.json()).error).toMatch(/reuse_on is not a date: "2024-13-45"/);
    expect((await send('/api/ledger/L-9', 'enforcer', { base_seq: null })).status).toBe(400);
    expect((await send('/api/ledger/L-9', 'inspector', { reuse: 'parking', base_seq: null })).status).toBe(403);
    const [rec] = await store.query('ledger', { equals: { id: 'L-9' } });
    expect(rec.props.reuse).toBeNull();
  });

  it('sets reuse (Chinese accepted) and its date without touching the status, kept in the history', async () => {
    const res = await send('/api/ledger/L-9', 'enforcer', { reuse: '复耕复绿', reuse_on: '2023年9月', violation_type: '违法搭建', base_seq: null });
    expect(res.status).toBe(200);
    const update = await res.json();
    expect(update).toMatchObject({
      status: 'demolished',
      previous_status: 'demolished',
      demolished_on: '2023-04-01',
      written_off: false,
      changes: { reuse: [null, 'farmland'], reuse_on: [null, '2023-09-01'], violation_type: [null, 'lean_to'] },
    });
    const [rec] = await store.query('ledger', { equals: { id: 'L-9' } });
    expect(rec.props).toMatchObject({ status: 'demolished', demolished_on: '2023-04-01', reuse: 'farmland', reuse_on: '2023-09-01', violation_type: 'lean_to' });
    const again = await (await send('/api/ledger/L-9', 'enforcer', { reuse: 'parking', base_seq: update.seq })).json();
    expect(again.changes).toEqual({ reuse: ['farmland', 'parking'] });
    const csv = await (await app.request('/api/ledger/history?format=csv')).text();
    expect(csv).toContain('farmland');
  });
});
