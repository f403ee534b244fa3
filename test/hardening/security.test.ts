// Sign-in, tokens, users, the audit trail, headers, body limits and CSV escaping, as an attacker
// or a careless admin would meet them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { SignInBackoff } from '../../service/http/signin-limit.ts';
import { cell as safeCell } from '../../service/export/csv.ts';
import { report, stream, square } from '../helpers.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
let admin: string;

beforeAll(async () => {
  store = await Store.open(':memory:');
  admin = await store.users.add('root', 'admin', 'admin-pass-1');
  ({ app } = await createApp(store, { bodyLimits: { json: 4096, auth: 2048, fieldUpdate: 8192 } }));
  const items = [{ index: 0, geometry: square(119.8, 28.9), props: { id: 'L1', township: '=HYPERLINK("http://x")', recorded_on: '2020-01-01', status: 'pending' }, extra: {} }];
  await store.load('ledger', stream(items), report('ledger', 1));
});
afterAll(() => store.close());

const json = (path: string, method: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
  app.request(path, { method, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

describe('sign-in', () => {
  it('refuses an oversized body before reading it, and an over-long password', async () => {
    const res = await json('/api/auth/login', 'POST', { name: 'root', password: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/limit/);
  });

  it('backs off after repeated failures for a name, from any address, with Retry-After', async () => {
    await store.users.add('victim', 'viewer', 'victim-pass-1');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await json('/api/auth/login', 'POST', { name: 'victim', password: `guess-${i}` }, undefined, { 'x-forwarded-for': `10.0.0.${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[6]).toBe(429);
    const blocked = await json('/api/auth/login', 'POST', { name: 'victim', password: 'victim-pass-1' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('doubles the wait with each failure past the free ones, and forgets a name on success', () => {
    let t = 0;
    const b = new SignInBackoff({ free: 2, firstWaitMs: 1000, maxWaitMs: 5000, forgetMs: 60_000 }, () => t);
    b.failed(['u:a']);
    expect(b.waitFor(['u:a'])).toBe(0);
    b.failed(['u:a']);
    expect(b.waitFor(['u:a'])).toBe(1000);
    b.failed(['u:a']);
    expect(b.waitFor(['u:a'])).toBe(2000);
    for (let i = 0; i < 5; i++) b.failed(['u:a']);
    expect(b.waitFor(['u:a'])).toBe(5000);
    t = 5000;
    expect(b.waitFor(['u:a'])).toBe(0);
    b.succeeded('u:a');
    b.failed(['u:a']);
    expect(b.waitFor(['u:a'])).toBe(0);
  });

  it('takes about as long for an unknown name as for a wrong password', async () => {
    await store.users.login('nobody', 'warm-up-the-decoy');
    const time = async (name: string) => {
      const t0 = performance.now();
      await store.users.login(name, 'wrong-password');
      return performance.now() - t0;
    };
    const known = await time('root');
    const unknown = await time('nobody-at-all');
    expect(unknown).toBeGreaterThan(known * 0.4);
  });

  it('stores passwords with scrypt N = 2^17 and refuses short ones', async () => {
    const [row] = await store.all(`SELECT password_hash FROM users WHERE name = 'root'`);
    expect(String(row.password_hash)).toMatch(/^scrypt\$17\$8\$1\$/);
    await expect(store.users.add('shorty', 'viewer', 'short')).rejects.toThrow(/at least 8/);
  });
});

describe('tokens and users', () => {
  it('refuses an expired token', async () => {
    store.users.tokenTtlMs = -1000;
    const old = await store.users.issueToken('root');
    store.users.tokenTtlMs = 30 * 24 * 3600 * 1000;
    expect((await app.request('/api/auth/me', { headers: { authorization: `Bearer ${old}` } })).status).toBe(401);
  });

  it('POST /api/auth/users for an existing name is a conflict and hands out no token', async () => {
    const res = await json('/api/auth/users', 'POST', { name: 'victim', role: 'admin' }, admin);
    expect(res.status).toBe(409);
    expect(JSON.stringify(await res.json())).not.toMatch(/gt_/);
    expect((await store.users.list()).find((u) => u.name === 'victim')!.role).toBe('viewer');
  });

  it('revokes a user’s tokens when the role or password changes, and when disabled', async () => {
    const t1 = await store.users.add('mover', 'inspector', 'mover-pass-1');
    expect(await store.users.byToken(t1)).toEqual({ name: 'mover', role: 'inspector' });
    expect((await json('/api/auth/users/mover', 'PATCH', { role: 'viewer' }, admin)).status).toBe(200);
    expect(await store.users.byToken(t1)).toBeNull();
    const t2 = await store.users.issueToken('mover');
    await store.users.update('mover', { password: 'another-pass-2' });
    expect(await store.users.byToken(t2)).toBeNull();
    const t3 = await store.users.issueToken('mover');
    expect((await json('/api/auth/users/mover', 'PATCH', { disabled: true }, admin)).status).toBe(200);
    expect(await store.users.byToken(t3)).toBeNull();
    expect(await store.users.login('mover', 'another-pass-2')).toBeNull();
    expect((await app.request('/api/auth/users/mover', { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    expect((await store.users.list()).some((u) => u.name === 'mover')).toBe(false);
  });

  it('lists tokens by hash prefix, and revokes one by it', async () => {
    const t = await store.users.issueToken('victim');
    const list = await store.users.tokens('victim');
    expect(list.length).toBeGreaterThan(0);
    expect(JSON.stringify(list)).not.toContain(t);
    for (const { id } of list) await store.users.revokeById(id);
    expect(await store.users.byToken(t)).toBeNull();
  });
});

describe('audit trail', () => {
  it('records sign-ins, failed ones and user changes with actor and address; admin only; CSV export', async () => {
    const rows = (await (await app.request('/api/audit?limit=500', { headers: { authorization: `Bearer ${admin}` } })).json()).audit;
    const actions = new Set(rows.map((r: { action: string }) => r.action));
    for (const a of ['auth.login_failed', 'user.change', 'user.remove']) expect(actions).toContain(a);
    const change = rows.find((r: { action: string; target: string }) => r.action === 'user.change' && r.target === 'mover');
    expect(change).toMatchObject({ actor: 'root', ip: 'local' });
    const viewer = await store.users.add('looker', 'viewer');
    expect((await app.request('/api/audit', { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(403);
    expect((await app.request('/api/audit')).status).toBe(401);
    const csv = await app.request('/api/audit?format=csv', { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-disposition')).toMatch(/attachment/);
    expect([...new Uint8Array(await csv.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((await app.request('/api/audit?offset=99999999999999999999', { headers: { authorization: `Bearer ${admin}` } })).status).toBe(400);
  });
});

describe('headers, health and CSV', () => {
  it('sends nosniff everywhere and a CSP with the page', async () => {
    const page = await app.request('/');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect((await app.request('/api/layers')).headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('shows no file path in health', async () => {
    const text = await (await app.request('/api/health')).text();
    expect(text).not.toMatch(/memory|duckdb|\//);
  });

  it('escapes formula cells in CSV exports', async () => {
    expect(safeCell('=1+1')).toBe("'=1+1");
    expect(safeCell('+86 138')).toBe("'+86 138");
    expect(safeCell('-2')).toBe("'-2");
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCell('\tx')).toBe("'\tx");
    expect(safeCell('\rx')).toBe("'\rx");
    expect(safeCell(-2)).toBe(-2);
    expect(safeCell('违建 = 1')).toBe('违建 = 1');
  });
});

describe('photos', () => {
  it('refuses SVG and anything that is not JPEG, PNG or WebP by its bytes', async () => {
    const enforcer = await store.users.add('enf', 'enforcer');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString('base64');
    const res = await json('/api/ledger/L1', 'PATCH', { status: 'retained', photos: [{ name: 'x.png', type: 'image/png', data: svg }], base_seq: null }, enforcer);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/not a JPEG, PNG or WebP/);
  });
});
