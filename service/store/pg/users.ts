// Users, roles and bearer tokens in PostgreSQL: reference tables (every county's service nodes see
// the same sign-ins), with the DuckDB store's hashing and the same methods and results.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { checkPassword, hashPassword, isRole, ROLES, sha256, type Role, type User } from '../users.ts';
import { Q } from './queries.ts';
import { checkCountyCode } from './county.ts';
import { inTransaction } from './transaction.ts';

export class PgUsers {
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
    await this.pool.query(Q.tokenInsert.sql, [sha256(token), name]);
    return token;
  }

  async byToken(token: string): Promise<User | null> {
    const { rows } = await this.pool.query(Q.tokenUser.sql, [sha256(token)]);
    return rows.length ? { name: rows[0].name as string, role: rows[0].role as Role } : null;
  }

  async login(name: string, password: string): Promise<{ token: string; user: User } | null> {
    const { rows } = await this.pool.query(Q.userGet.sql, [name]);
    const row = rows[0];
    if (!row || !row.password_hash || !(await checkPassword(password, row.password_hash as string))) return null;
    return { token: await this.issueToken(name), user: { name, role: row.role as Role } };
  }

  async revoke(token: string): Promise<void> {
    await this.pool.query(Q.tokenDelete.sql, [sha256(token)]);
  }

  async list(): Promise<User[]> {
    const { rows } = await this.pool.query(Q.userList.sql);
    return rows.map((r) => ({ name: r.name as string, role: r.role as Role }));
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
