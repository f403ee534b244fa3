// Who is asking, and may they? A bearer token resolves to a user; writes name the roles they
// need (401 without a token, 403 with the wrong role); reads are open unless the setting says not.
import type { Context, MiddlewareHandler } from 'hono';
import type { User } from '../store/users.ts';
import type { Role } from '../layers/roles.ts';
import { fail } from './errors.ts';


/** `ip` is the client address as the app trusts it (see guards.ts). */
export type AppEnv = { Variables: { user: User | null; ip: string } };


/** Any store whose users resolve a token: the DuckDB Store, or the PostgreSQL store's users. */
export function identify(store: { users: { byToken(token: string): Promise<User | null> } }): MiddlewareHandler<AppEnv> {
  return async function identifyUser(c, next) {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    c.set('user', m ? await store.users.byToken(m[1]) : null);
    if (m && !c.get('user')) fail(401, 'the token is not valid (signed out or revoked); sign in again');
    await next();
  };
}

export function requireUser(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!user) fail(401, 'sign in first: this needs a bearer token (Authorization: Bearer <token>)');
  return user;
}

export function requireRole(c: Context<AppEnv>, roles: readonly Role[], what: string): User {
  const user = requireUser(c);
  if (user.role !== 'admin' && !roles.includes(user.role)) {
    fail(403, `role "${user.role}" may not ${what}; it needs ${roles.filter((r) => r !== 'admin').join(' or ') || 'admin'}`);
  }
  return user;
}

/** What stays open when reads need sign-in: the sign-in itself, health, docs and the viewer's files. */
// The county list (codes and names of the province edition) too: the viewer needs it before sign-in
// to know which paths to ask.
const ALWAYS_OPEN = new Set(['/api/health', '/api/auth/login', '/api/docs', '/api/openapi.json', '/api/counties']);
// A county's routes (/c/330723/api/…) are data as much as the single-county ones.
const DATA_PATHS = /^\/(c\/[^/]+\/)?(api|collections|conformance|tiles)(\/|$)/;

/** Guards every data read when the deployment asks for sign-in on reads too. */
export function readGuard(readsNeedAuth: boolean): MiddlewareHandler<AppEnv> {
  return async function guardReads(c, next) {
    if (readsNeedAuth && DATA_PATHS.test(c.req.path) && !ALWAYS_OPEN.has(c.req.path)) requireUser(c);
    await next();
  };
}
