// Sign-in: name and password for a token (slowed down after failures, per address and per
// name), who the current token belongs to, and the admin's user management. Every change and
// every sign-in, good or bad, goes to the audit trail.
import { Hono, type Context } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { requireUser, requireRole, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import { SignInBackoff } from '../http/signin-limit.ts';
import { UserError, MAX_PASSWORD, type User, type Users } from '../store/users.ts';
import { audit, type AuditTarget } from '../audit/log.ts';
import { ok, param, refused, type Paths } from './openapi.ts';

export const AUTH_PATHS: Paths = {
  '/login': { post: { summary: 'Name and password → bearer token', responses: { ...ok(), '401': { description: 'wrong name or password' } } } },
  '/logout': { post: { summary: 'Revoke the token sent', responses: ok() } },
  '/me': { get: { summary: 'The signed-in user', responses: ok() } },
  '/users': {
    get: { summary: 'List users (province edition: with the counties each role is limited to)', 'x-role': 'admin', responses: { ...ok(), ...refused } },
    post: {
      summary: 'Add a new user (returns a token); an existing name is a 409. Province edition: "counties" limits the role to those county codes',
      'x-role': 'admin',
      responses: { '201': { description: 'added' }, '409': { description: 'the user exists' }, ...refused },
    },
  },
  '/users/{name}': {
    patch: {
      summary: 'Change role, password or disabled; revokes the user\'s tokens. Province edition: "counties" replaces the limit ([]: every county)',
      'x-role': 'admin',
      parameters: [param('name', 'path', 'user name')],
      responses: { ...ok(), ...refused },
    },
    delete: { summary: 'Remove a user and their tokens', 'x-role': 'admin', parameters: [param('name', 'path', 'user name')], responses: { ...ok(), ...refused } },
  },
};

async function jsonObject(c: Context<AppEnv>, hint: string): Promise<Record<string, unknown>> {
  const body = await c.req.json().catch(() => null);
  if (!body || typeof body !== 'object' || Array.isArray(body)) fail(400, hint);
  return body as Record<string, unknown>;
}

function userError(err: unknown): never {
  if (err instanceof UserError) fail(err.status, err.message);
  throw err;
}

/** Managing users from the API; `counties` limits a role to county codes (the province edition). */
interface ManageUsers {
  create(name: string, role: string, password?: string, counties?: string[]): Promise<string>;
  update(name: string, change: { role?: string; password?: string; counties?: string[] }): Promise<User>;
  setDisabled(name: string, disabled: boolean): Promise<void>;
  remove(name: string): Promise<void>;
}

/**
 * Sign-in needs login and revoke; managing users from the API needs the rest (where a store lacks
 * it those routes say to use the command line). A store whose roles may be limited to counties has
 * `counties`: there users span counties, so only an admin limited to none manages them.
 */
export type AuthStore = AuditTarget & {
  users: Pick<Users, 'login' | 'revoke'> & { list(): Promise<User[]>; counties?(name: string): Promise<string[]> } & Partial<ManageUsers>;
};

function manage<K extends keyof ManageUsers>(store: AuthStore, k: K): NonNullable<AuthStore['users'][K]> {
  const fn = store.users[k];
  if (!fn) fail(501, 'users are managed with the command line on this store: groundtruth user add NAME --role ROLE --db …');
  return fn.bind(store.users) as NonNullable<AuthStore['users'][K]>;
}

export function authRoutes(store: AuthStore, opts: { backoff?: SignInBackoff; loginsPerMinute?: number } = {}) {
  const app = new Hono<AppEnv>();
  const backoff = opts.backoff ?? new SignInBackoff();
  const note = (c: Context<AppEnv>, action: string, target: string | null, detail?: Record<string, unknown>) =>
    audit(store, { actor: c.get('user')?.name ?? null, action, target, detail, ip: c.get('ip') });

  /** An admin, and where roles may be limited to counties, an admin of every county. */
  async function manager(c: Context<AppEnv>, doing: string): Promise<void> {
    const user = requireRole(c, ['admin'], doing);
    const limited = store.users.counties ? await store.users.counties(user.name) : [];
    if (limited.length) {
      fail(403, `user "${user.name}" (admin) acts only in ${limited.join(', ')}: users span counties, so only an admin of every county may ${doing}`);
    }
  }

  /** The `counties` field: undefined when absent; a list of codes where the store limits roles to counties. */
  function countiesField(body: Record<string, unknown>): string[] | undefined {
    if (body.counties === undefined) return undefined;
    if (!store.users.counties) fail(400, 'counties are for the province edition (--db postgres://…): this store holds one county');
    if (!Array.isArray(body.counties) || !body.counties.every((x) => typeof x === 'string')) {
      fail(400, 'counties must be a list of 6-digit county codes such as ["330723"] ([] for every county)');
    }
    return body.counties as string[];
  }

  app.post(
    '/login',
    rateLimiter<AppEnv>({
      windowMs: 60_000,
      limit: opts.loginsPerMinute ?? 30,
      keyGenerator: (c) => c.get('ip') ?? 'local',
      handler: (c) => c.json({ error: 'too many sign-in attempts from this address; wait a minute' }, 429),
    }),
    async (c) => {
      const body = await jsonObject(c, 'send JSON { "name": "...", "password": "..." }');
      if (typeof body.name !== 'string' || typeof body.password !== 'string') fail(400, 'send JSON { "name": "...", "password": "..." }');
      if (body.password.length > MAX_PASSWORD) fail(400, `the password is over ${MAX_PASSWORD} characters`);
      const name = body.name.slice(0, 64);
      const keys = [`ip:${c.get('ip')}`, `user:${name}`];
      const wait = backoff.waitFor(keys);
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        fail(429, `too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s`);
      }
      const session = await store.users.login(body.name, body.password);
      if (!session) {
        backoff.failed(keys);
        await audit(store, { actor: null, action: 'auth.login_failed', target: name, ip: c.get('ip') });
        fail(401, 'wrong name or password');
      }
      backoff.succeeded(`user:${name}`);
      await audit(store, { actor: session.user.name, action: 'auth.login', target: session.user.name, ip: c.get('ip') });
      return c.json(session);
    },
  );

  app.post('/logout', async (c) => {
    const user = requireUser(c);
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (token) await store.users.revoke(token);
    await note(c, 'auth.logout', user.name);
    return c.json({ ok: true });
  });

  app.get('/me', (c) => c.json(requireUser(c)));

  app.get('/users', async (c) => {
    await manager(c, 'list users');
    return c.json({ users: await store.users.list() });
  });

  app.post('/users', async (c) => {
    await manager(c, 'add users');
    const body = await jsonObject(c, 'send JSON { "name", "role", "password"? }');
    if (typeof body.name !== 'string' || typeof body.role !== 'string') fail(400, 'send JSON { "name", "role", "password"? }');
    if (body.password !== undefined && typeof body.password !== 'string') fail(400, 'password must be text');
    const counties = countiesField(body);
    let token: string;
    try {
      token = await manage(store, 'create')(body.name, body.role, body.password as string | undefined, counties);
    } catch (err) {
      userError(err);
    }
    await note(c, 'user.add', body.name, { role: body.role, counties, password_set: body.password !== undefined });
    return c.json({ name: body.name, role: body.role, ...(counties ? { counties } : {}), token }, 201);
  });

  app.patch('/users/:name', async (c) => {
    await manager(c, 'change users');
    const name = c.req.param('name');
    const body = await jsonObject(c, 'send JSON { "role"?, "password"?, "disabled"? }');
    if (body.role !== undefined && typeof body.role !== 'string') fail(400, 'role must be text');
    if (body.password !== undefined && typeof body.password !== 'string') fail(400, 'password must be text');
    if (body.disabled !== undefined && typeof body.disabled !== 'boolean') fail(400, 'disabled must be true or false');
    const counties = countiesField(body);
    try {
      if (body.role !== undefined || body.password !== undefined || counties !== undefined) {
        await manage(store, 'update')(name, { role: body.role as string | undefined, password: body.password as string | undefined, counties });
      }
      if (body.disabled !== undefined) await manage(store, 'setDisabled')(name, body.disabled as boolean);
    } catch (err) {
      userError(err);
    }
    await note(c, 'user.change', name, { role: body.role, counties, password_changed: body.password !== undefined, disabled: body.disabled });
    return c.json((await store.users.list()).find((u) => u.name === name));
  });

  app.delete('/users/:name', async (c) => {
    await manager(c, 'remove users');
    const name = c.req.param('name');
    try {
      await manage(store, 'remove')(name);
    } catch (err) {
      userError(err);
    }
    await note(c, 'user.remove', name);
    return c.json({ ok: true });
  });

  return app;
}
