// The viewer offers a button exactly when the service would accept the request behind it: for
// every role and every action (and every layer upload), the viewer's answer is compared with
// what the real routes answer in process. Requests carry a deliberately bad body, so a role
// the service lets through gets 400 and changes nothing, and a role it refuses gets 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { LAYER_NAMES } from '../../service/layers/schema.ts';
import { ACTION_ROLES, mayDo, mayLoad, ROLES, type Action, type Role } from '../../viewer/src/lib/roles.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  store = await Store.open(':memory:');
  for (const role of ROLES) tokens[role] = await store.users.add(`u_${role}`, role);
  ({ app } = await createApp(store));
});
afterAll(() => store.close());

/** The requests behind each action's buttons; every one must agree with the viewer. */
const ACTION_REQUESTS: Record<Action, { method: string; path: string; body: string }[]> = {
  review_patch: [
    { method: 'PUT', path: '/api/patches/P-1/verdict', body: '{}' },
    { method: 'POST', path: '/api/checks/patches', body: '[' },
  ],
  update_teardown: [
    { method: 'PATCH', path: '/api/ledger/L-1', body: '{}' },
    { method: 'POST', path: '/api/checks/fire', body: '[' },
  ],
  plan_facilities: [{ method: 'POST', path: '/api/checks/coverage', body: '[' }],
  manage_users: [{ method: 'GET', path: '/api/auth/users', body: '' }],
};

async function accepted(role: Role, method: string, path: string, body: string): Promise<boolean> {
  const res = await app.request(path, {
    method,
    body: method === 'GET' ? undefined : body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` },
  });
  if (res.status === 401) throw new Error(`${role}: token refused on ${method} ${path}`);
  if (res.status === 404 || res.status >= 500) throw new Error(`${method} ${path} answered ${res.status}: the route moved?`);
  return res.status !== 403;
}

describe('roles in the viewer agree with the service', () => {
  it('covers every action the viewer knows', () => {
    expect(Object.keys(ACTION_REQUESTS).sort()).toEqual(Object.keys(ACTION_ROLES).sort());
  });

  for (const action of Object.keys(ACTION_REQUESTS) as Action[]) {
    it(`offers "${action}" to exactly the roles the service accepts`, async () => {
      for (const { method, path, body } of ACTION_REQUESTS[action]) {
        const offered = ROLES.filter((r) => mayDo(r, action));
        const served: Role[] = [];
        for (const role of ROLES) if (await accepted(role, method, path, body)) served.push(role);
        expect(offered, `${method} ${path}`).toEqual(served);
      }
    });
  }

  it('offers each layer upload to exactly the roles the service accepts', async () => {
    for (const layer of LAYER_NAMES) {
      const offered = ROLES.filter((r) => mayLoad(r, layer));
      const served: Role[] = [];
      for (const role of ROLES) if (await accepted(role, 'PUT', `/api/layers/${layer}`, '')) served.push(role);
      expect(offered, layer).toEqual(served);
    }
  });

  it('offers nothing to a visitor who is not signed in', () => {
    for (const action of Object.keys(ACTION_ROLES) as Action[]) expect(mayDo(null, action)).toBe(false);
    expect(mayLoad(undefined, 'patches')).toBe(false);
  });
});
