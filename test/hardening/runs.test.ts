// Check runs survive crashes honestly: a run left 'running' by a dead process is marked failed
// when the store is opened again; the event stream always ends with its final event; and a check
// whose input layer is empty says so instead of returning a clean bill.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { CheckRunner } from '../../service/runs/runner.ts';
import { report, square, stream } from '../helpers.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
let enforcer: string;

beforeAll(async () => {
  store = await Store.open(':memory:');
  enforcer = await store.users.add('u_enf', 'enforcer');
  ({ app } = await createApp(store, {}));
  // A ledger but no fire lanes: the fire check has nothing to measure against.
  const items = [{ index: 0, geometry: square(119.8, 28.9), props: { id: 'B1', recorded_on: '2020-05-01', status: 'pending' }, extra: {} }];
  await store.load('ledger', stream(items), report('ledger', 1));
});
afterAll(() => store.close());

const events = async (id: number) => (await app.request(`/api/checks/runs/${id}/events`)).text();

describe('check runs', () => {
  it('marks runs left running by a dead process as failed when opened again', async () => {
    await store.db.run(`INSERT INTO check_runs (id, "check", status, started_at) VALUES (9000, 'fire', 'running', now())`);
    await CheckRunner.create(store);
    const run = await (await app.request('/api/checks/runs/9000')).json();
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/interrupted/);
    expect(await events(9000)).toMatch(/^event: failed/m);
  });

  it('says in the document, the run and the final event that a layer it relies on was empty', async () => {
    const started = await app.request('/api/checks/fire', { method: 'POST', headers: { authorization: `Bearer ${enforcer}` } });
    expect(started.status).toBe(202);
    const { id } = await started.json();
    // Subscribed while running (or just after): the stream must close with its final event.
    const text = await events(id);
    expect(text).toMatch(/event: done/);
    const done = text.split('\n').filter((l) => l.startsWith('data:')).pop()!;
    expect(JSON.parse(done.slice(5)).warnings.join(' ')).toMatch(/fire_lanes is empty/);
    const doc = await (await app.request('/api/checks/fire/latest')).json();
    expect(doc.empty_layers).toEqual(['fire_lanes', 'footprints']);
    expect(doc.warnings).toHaveLength(1);
    expect(doc.warnings[0]).toMatch(/layer fire_lanes is empty/);
    const run = await (await app.request(`/api/checks/runs/${id}`)).json();
    expect(run.warnings).toEqual(doc.warnings);
    // Asked again after the end: one final event, at once.
    expect(await events(id)).toMatch(/^event: done/m);
  });
});
