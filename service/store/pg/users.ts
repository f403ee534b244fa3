// Users, roles and bearer tokens in PostgreSQL: reference tables (every county's service nodes see
// the same sign-ins), with the DuckDB store's hashing and the same methods and results.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  checkAgainstDecoy,
  checkPassword,
  checkPasswordRules,
  DEFAULT_TOKEN_DAYS,
  hashPassword,
  isRole,
  plausibleSignIn,
  ROLES,
  sha256,
  UserError,
  type Role,
  type User,
} from '../users.ts';
import { Q } from './queries.ts';
import { checkCountyCode, CountyError } from './county.ts';
import { inTransaction } from './transaction.ts';

export class PgUsers {
  /** How long a new token lives; null for no expiry (serve --token-days sets it per node). */
  tokenTtlMs: number | null = DEFAULT_TOKEN_DAYS * 24 * 3600 * 1000;

  constructor(private readonly pool: pg.Pool) {}

  async add(name: string, role: string, password?: string): Promise<string> {
    if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(name)) {
      throw new Error(`invalid user name "${name}": use 1–64 letters, digits, _ . @ -`);
    }
    if (!isRole(role)) throw new Error(`unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    const hash = password ? await hashPassword(password) : null;
    await this.pool.query(Q.userUpsert.sql, [name, role, hash]);
    return this.issueToken(name);
  }

  async issueToken(name: string): Promise<string> {
    const token = `gt_${randomBytes(32).toString('base64url')}`;
    const expires = this.tokenTtlMs === null ? null : new Date(Date.now() + this.tokenTtlMs);
    await this.pool.query(Q.tokenInsert.sql, [sha256(token), name, expires]);
    return token;
  }

  async byToken(token: string): Promise<User | null> {
    if (token.length > 200) return null;
    const { rows } = await this.pool.query(Q.tokenUser.sql, [sha256(token)]);
    return rows.length ? { name: rows[0].name as string, role: rows[0].role as Role } : null;
  }

  async login(name: string, password: string): Promise<{ token: string; user: User } | null> {
    if (!plausibleSignIn(name, password)) return null;
    const { rows } = await this.pool.query(Q.userGet.sql, [name]);
    const row = rows[0];
    if (!row || !row.password_hash || row.disabled) {
      await checkAgainstDecoy(password);
      return null;
    }
    if (!(await checkPassword(password, row.password_hash as string))) return null;
    return { token: await this.issueToken(name), user: { name, role: row.role as Role } };
  }

  async revoke(token: string): Promise<void> {
    await this.pool.query(Q.tokenDelete.sql, [sha256(token)]);
  }

  /** Every user as the DuckDB store lists them, with the counties their role is limited to (none: every county). */
  async list(): Promise<(User & { disabled: boolean; counties: string[] })[]> {
    const { rows } = await this.pool.query(Q.userList.sql);
    return rows.map((r) => ({ name: r.name as string, role: r.role as Role, disabled: Boolean(r.disabled), counties: r.counties as string[] }));
  }

  // The API's user management: the DuckDB store's checks, answers and errors (store/users.ts), and
  // the counties a role is limited to written in the same transaction as the user, so a refused
  // county list leaves no user behind with a role in every county.

  /** Creates a new user only (an existing name is a 409) and returns a token. */
  async create(name: string, role: string, password?: string, counties?: string[]): Promise<string> {
    validName(name);
    if (!isRole(role)) throw new UserError(400, `unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    if (password !== undefined) checkPasswordRules(password);
    const limited = countyList(counties);
    const hash = password !== undefined ? await hashPassword(password) : null;
    await inTransaction(this.pool, async (client) => {
      if ((await client.query(Q.userGet.sql, [name])).rows.length) {
        throw new UserError(409, `user "${name}" exists; change a role with PATCH /api/auth/users/${name}`);
      }
      await client.query(Q.userInsert.sql, [name, role, hash]);
      if (limited.length) await client.query(Q.userCountiesAdd.sql, [name, limited]);
    });
    return this.issueToken(name);
  }

  /** Changes role, password and/or counties; revokes the user's tokens when role or password changes. */
  async update(name: string, change: { role?: string; password?: string; counties?: string[] }): Promise<User> {
    if (change.password !== undefined) checkPasswordRules(change.password);
    const limited = change.counties === undefined ? undefined : countyList(change.counties);
    const hash = change.password !== undefined ? await hashPassword(change.password) : null;
    return inTransaction(this.pool, async (client) => {
      const before = (await client.query(Q.userLock.sql, [name])).rows[0] as { role: Role } | undefined;
      if (!before) throw new UserError(404, `no user "${name}"`);
      const role = change.role ?? before.role;
      if (!isRole(role)) throw new UserError(400, `unknown role "${role}"; roles are ${ROLES.join(', ')}`);
      await client.query(Q.userSet.sql, [name, role, hash]);
      if (role !== before.role || hash) await client.query(Q.tokensOfUserDelete.sql, [name]);
      if (limited) {
        await client.query(Q.userCountiesClear.sql, [name]);
        if (limited.length) await client.query(Q.userCountiesAdd.sql, [name, limited]);
      }
      return { name, role };
    });
  }

  /** Disables (or enables) a user; disabling revokes every token. */
  async setDisabled(name: string, disabled: boolean): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      if (!(await client.query(Q.userLock.sql, [name])).rows.length) throw new UserError(404, `no user "${name}"`);
      await client.query(Q.userDisable.sql, [name, disabled]);
      if (disabled) await client.query(Q.tokensOfUserDelete.sql, [name]);
    });
  }

  /** Removes a user, their tokens and their county limits. */
  async remove(name: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      if (!(await client.query(Q.userLock.sql, [name])).rows.length) throw new UserError(404, `no user "${name}"`);
      await client.query(Q.tokensOfUserDelete.sql, [name]);
      await client.query(Q.userCountiesClear.sql, [name]);
      await client.query(Q.userDelete.sql, [name]);
    });
  }

  /** Limits a user's role to these counties; an empty list lifts the limit (every county). */
  async limitToCounties(name: string, codes: string[]): Promise<void> {
    const counties = [...new Set(codes.map(checkCountyCode))];
    await inTransaction(this.pool, async (client) => {
      if (!(await client.query(Q.userGet.sql, [name])).rows.length) throw new Error(`unknown user "${name}"`);
      await client.query(Q.userCountiesClear.sql, [name]);
      if (counties.length) await client.query(Q.userCountiesAdd.sql, [name, counties]);
    });
  }

  /** The counties a user's role is limited to; empty means every county. */
  async counties(name: string): Promise<string[]> {
    const { rows } = await this.pool.query(Q.userCountiesGet.sql, [name]);
    return rows.map((r) => r.county_code as string);
  }

  /** Whether a user's role applies in a county (what it allows there is roles.ts's question). */
  async actsIn(name: string, county: string): Promise<boolean> {
    const limited = await this.counties(name);
    return limited.length === 0 || limited.includes(checkCountyCode(county));
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query(Q.userCount.sql);
    return rows[0].n as number;
  }
}

function validName(name: string): void {
  if (typeof name !== 'string' || !/^[\p{L}\p{N}_.@-]{1,64}$/u.test(name)) {
    throw new UserError(400, `invalid user name ${JSON.stringify(String(name).slice(0, 80))}: use 1–64 letters, digits, _ . @ -`);
  }
}

/** County codes for a limit, each checked (400 naming a malformed one); duplicates dropped. */
function countyList(codes: string[] | undefined): string[] {
  if (codes === undefined) return [];
  try {
    return [...new Set(codes.map(checkCountyCode))];
  } catch (err) {
    if (err instanceof CountyError) throw new UserError(400, err.message);
    throw err;
  }
}
