// Every write route the app has, read from its own route table (Hono's app.routes), refuses an
// anonymous request (401) and a signed-in user of a role it does not admit (403). Routes named in
// EXPECTED are held to their exact roles; any other write route is at least closed to anonymous
// users and to the read-only `viewer` role, so a new route cannot slip in unguarded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { ROLES, LAYER_WRITERS, WORK_ROLES, type Role } from '../../service/layers/roles.ts';
import { CHECKS, checkOf } from '../../service/checks/registry/index.ts';
import { LAYER_NAMES } from '../../service/layers/schema.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
const tokens = {} as Record<Role, string>;

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Writes that are open by design: signing in. */
const OPEN = new Set(['POST /api/auth/login']);

/** Exact roles per concrete request; layer and check routes are expanded per layer and check. */
function expected(): Map<string, readonly Role[]> {
  const m = new Map<string, readonly Role[]>();
  for (const l of LAYER_NAMES) {
    m.set(`PUT /api/layers/${l}`, LAYER_WRITERS[l]);
    m.set(`DELETE /api/layers/${l}`, LAYER_WRITERS[l]);
    m.set(`POST /api/layers/${l}/restore`, LAYER_WRITERS[l]);
  }
  for (const check of CHECKS) m.set(`POST /api/checks/${check}`, checkOf(check).roles);
  m.set('PUT /api/patches/X/verdict', WORK_ROLES.review_patch);
  m.set('PATCH /api/ledger/X', WORK_ROLES.update_teardown);
  m.set('POST /api/auth/users', ['admin']);
  m.set('PATCH /api/auth/users/nobody', ['admin']);
  m.set('DELETE /api/auth/users/nobody', ['admin']);
  m.set('POST /api/auth/logout', ROLES);
  return m;
}

/** Concrete requests for a route pattern: every layer for :layer, every check for :check. */
function concrete(path: string): string[] {
  let paths = [path];
  const expand = (param: RegExp, values: readonly string[]) => {
    paths = paths.flatMap((p) => (param.test(p) ? values.map((v) => p.replace(param, v)) : [p]));
  };
  expand(/:layer\b/, LAYER_NAMES);
  expand(/:check\b/, CHECKS);
  return paths.map((p) => p.replace(/:name\b/g, 'nobody').replace(/:[A-Za-z_]+(\{[^}]*\})?/g, 'X').replace(/\*$/, 'X'));
}

beforeAll(async () => {
  store = await Store.open(':memory:');
  for (const role of ROLES) tokens[role] = await store.users.add(`u_${role}`, role);
  ({ app } = await createApp(store, {}));
});
afterAll(() => store.close());

function writeRequests(): { method: string; path: string }[] {
  const seen = new Set<string>();
  const out: { method: string; path: string }[] = [];
  for (const r of app.routes) {
    if (!WRITE.has(r.method)) continue;
    for (const path of concrete(r.path)) {
      const key = `${r.method} ${path}`;
      if (seen.has(key) || OPEN.has(key)) continue;
      seen.add(key);
      out.push({ method: r.method, path });
    }
  }
  return out;
}

const send = (method: string, path: string, role?: Role) =>
  app.request(path, { method, body: '{}', headers: { 'content-type': 'application/json', ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}) } });

describe('endpoint × role matrix', () => {
  it('finds the write routes in the route table', () => {
    const reqs = writeRequests();
    expect(reqs.length).toBeGreaterThanOrEqual(30);
    for (const key of expected().keys()) expect(reqs.map((r) => `${r.method} ${r.path}`)).toContain(key);
  });

  it('refuses every write to anonymous callers with 401 and to roles it does not admit with 403', async () => {
    const exp = expected();
    const wrong: string[] = [];
    let cells = 0;
    for (const { method, path } of writeRequests()) {
      const key = `${method} ${path}`;
      const anon = await send(method, path);
      cells++;
      if (anon.status !== 401) wrong.push(`${key} anonymous → ${anon.status}`);
      const allowed = exp.get(key) ?? ROLES.filter((r) => r !== 'viewer');
      for (const role of ROLES) {
        if (allowed.includes(role)) continue;
        const res = await send(method, path, role);
        cells++;
        if (res.status !== 403) wrong.push(`${key} as ${role} → ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cells).toBeGreaterThan(60);
  });

  it('lets an admitted role past the guard (no 401/403)', async () => {
    const exp = expected();
    const wrong: string[] = [];
    for (const [key, roles] of exp) {
      if (/DELETE \/api\/layers|restore|logout/.test(key)) continue;
      const [method, path] = key.split(' ');
      const res = await send(method, path, roles[0]);
      if (res.status === 401 || res.status === 403) wrong.push(`${key} as ${roles[0]} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
