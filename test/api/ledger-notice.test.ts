// The notice step of a ledger record (notice_on, deadline_on) through PATCH /api/ledger/:id:
// roles, validation naming the field, the status left alone, and the history keeping both dates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { report, square, stream } from '../helpers.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  store = await Store.open(':memory:');
  for (const role of ['viewer', 'enforcer', 'admin']) tokens[role] = await store.users.add(`u_${role}`, role);
  ({ app } = await createApp(store));
  await store.load(
    'ledger',
    stream<LayerFeature>([
      { index: 0, geometry: square(119.8, 28.9), props: { id: 'N-1', recorded_on: '2019-01-01', status: 'pending', owner: '王某某' }, extra: {} },
      { index: 1, geometry: square(119.81, 28.9), props: { id: 'N-2', recorded_on: '2019-01-01', status: 'pending', notice_on: '2024-01-02', deadline_on: '2024-01-20' }, extra: {} },
    ]),
    report('ledger', 2),
  );
});
afterAll(() => store.close());

const send = (path: string, who: string, body: unknown) =>
  app.request(path, { method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` } });

describe('notice step on a ledger record', () => {
  it('is loaded from the file like any other date', async () => {
    const [rec] = await store.query('ledger', { equals: { id: 'N-2' } });
    expect(rec.props).toMatchObject({ notice_on: '2024-01-02', deadline_on: '2024-01-20' });
  });

  it('needs an enforcer or admin and refuses bad dates naming the field', async () => {
    expect((await send('/api/ledger/N-1', 'viewer', { notice_on: '2024-03-01', base_seq: null })).status).toBe(403);
    const bad = await send('/api/ledger/N-1', 'enforcer', { notice_on: '2024-02-30', base_seq: null });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/notice_on/);
    const before = await send('/api/ledger/N-1', 'enforcer', { notice_on: '2024-03-10', deadline_on: '2024-03-01', base_seq: null });
    expect(before.status).toBe(400);
    expect((await before.json()).error).toMatch(/deadline_on \(2024-03-01\) is before notice_on/);
    const alone = await send('/api/ledger/N-1', 'enforcer', { deadline_on: '2024-03-01', base_seq: null });
    expect((await alone.json()).error).toMatch(/deadline_on needs notice_on/);
    const [rec] = await store.query('ledger', { equals: { id: 'N-1' } });
    expect(rec.props).toMatchObject({ notice_on: null, deadline_on: null, status: 'pending' });
  });

  it('sets the dates without touching the status, and keeps them in the history', async () => {
    const first = await send('/api/ledger/N-1', 'enforcer', { notice_on: '2024-03-01', deadline_on: '2024-03-16', note: '张贴限期拆除公告', base_seq: null });
    expect(first.status).toBe(200);
    const u1 = await first.json();
    expect(u1).toMatchObject({ status: 'pending', previous_status: 'pending', notice_on: '2024-03-01', deadline_on: '2024-03-16' });
    // A later status change keeps the dates already served.
    const second = await send('/api/ledger/N-1', 'admin', { status: 'deferred', base_seq: u1.seq });
    expect(await second.json()).toMatchObject({ status: 'deferred', notice_on: '2024-03-01', deadline_on: '2024-03-16' });
    const [rec] = await store.query('ledger', { equals: { id: 'N-1' } });
    expect(rec.props).toMatchObject({ status: 'deferred', notice_on: '2024-03-01', deadline_on: '2024-03-16' });
    const { history } = await (await app.request('/api/ledger/N-1/history')).json();
    expect(history.map((h: { status: string; notice_on: string }) => [h.status, h.notice_on])).toEqual([
      ['pending', '2024-03-01'],
      ['deferred', '2024-03-01'],
    ]);
    const csv = await (await app.request('/api/ledger/history?format=csv')).text();
    expect(csv.split('\n')[0]).toContain('notice_on,deadline_on');
  });

  it('clears a notice with null', async () => {
    const res = await send('/api/ledger/N-2', 'enforcer', { notice_on: null, deadline_on: null, base_seq: null });
    expect(await res.json()).toMatchObject({ notice_on: null, deadline_on: null });
  });
});
