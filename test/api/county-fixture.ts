// One small county for the review, teardown and search API tests: users of each role, two
// patches of batch 2024Q1 and one ledger record with an address and an owner.
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { patch, report, square, stream } from '../helpers.ts';

export interface County {
  store: Store;
  app: Awaited<ReturnType<typeof createApp>>['app'];
  send(method: string, path: string, who: string | null, body: unknown): Response | Promise<Response>;
}

export async function openCounty(): Promise<County> {
  const tokens: Record<string, string> = {};
  const store = await Store.open(':memory:');
  for (const role of ['viewer', 'inspector', 'enforcer']) tokens[role] = await store.users.add(`u_${role}`, role);
  tokens.inspector2 = await store.users.add('u_inspector2', 'inspector');
  const { app } = await createApp(store);
  await store.load('patches', stream([patch(0, '2024Q1'), patch(1, '2024Q1')]), report('patches', 2));
  await store.load(
    'ledger',
    stream([
      { index: 0, geometry: square(119.8, 28.9), props: { id: 'L-001', recorded_on: '2019-01-01', status: 'pending', address: '武义县壶山街道解放街12号', owner: '王某某' }, extra: {} },
    ]),
    report('ledger', 1),
  );
  const send = (method: string, path: string, who: string | null, body: unknown) =>
    app.request(path, {
      method,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
    });
  return { store, app, send };
}
