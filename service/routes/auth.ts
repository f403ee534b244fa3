// Sign-in: name and password for a token, and who the current token belongs to.
import { Hono } from 'hono';
import { requireUser, requireRole, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import type { Store } from '../store/index.ts';
import { ok, refused, type Paths } from './openapi.ts';

export const AUTH_PATHS: Paths = {
  '/login': { post: { summary: 'Name and password → bearer token', responses: { ...ok(), '401': { description: 'wrong name or password' } } } },
  '/logout': { post: { summary: 'Revoke the token sent', responses: ok() } },
  '/me': { get: { summary: 'The signed-in user', responses: ok() } },
  '/users': {
    get: { summary: 'List users', 'x-role': 'admin', responses: { ...ok(), ...refused } },
    post: { summary: 'Add a user (returns a token)', 'x-role': 'admin', responses: { '201': { description: 'added' }, ...refused } },
  },
};

export function authRoutes(store: Store) {
  const app = new Hono<AppEnv>();

  app.post('/login', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { name?: unknown; password?: unknown } | null;
    if (!body || typeof body.name !== 'string' || typeof body.password !== 'string') {
      fail(400, 'send JSON { "name": "...", "password": "..." }');
    }
    const session = await store.users.login(body.name, body.password);
    if (!session) fail(401, 'wrong name or password');
    return c.json(session);
  });

  app.post('/logout', async (c) => {
    requireUser(c);
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (token) await store.users.revoke(token);
    return c.json({ ok: true });
  });

  app.get('/me', (c) => c.json(requireUser(c)));

  app.get('/users', async (c) => {
    requireRole(c, ['admin'], 'list users');
    return c.json({ users: await store.users.list() });
  });

  app.post('/users', async (c) => {
    requireRole(c, ['admin'], 'add users');
    const body = (await c.req.json().catch(() => null)) as { name?: string; role?: string; password?: string } | null;
    if (!body?.name || !body.role) fail(400, 'send JSON { "name", "role", "password"? }');
    try {
      const token = await store.users.add(body.name, body.role, body.password);
      return c.json({ name: body.name, role: body.role, token }, 201);
    } catch (err) {
      fail(400, (err as Error).message);
    }
  });

  return app;
}
