// Users, roles and bearer tokens, kept in DuckDB. Passwords are stored as scrypt hashes with a
// salt; tokens are 256 random bits, stored only as their SHA-256 (a token is as strong as a key,
// so a fast hash is enough, and a stolen database yields no usable token).
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Database } from './db.ts';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

import { isRole, ROLES, type Role } from '../layers/roles.ts';

export { ROLES, isRole, type Role };

export interface User {
  name: string;
  role: Role;
}

export const USERS_SQL = [
  `CREATE TABLE IF NOT EXISTS users (
     name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR, created_at TIMESTAMPTZ DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS tokens (
     token_hash VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, created_at TIMESTAMPTZ DEFAULT now()
   )`,
];

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('hex')}$${key.toString('hex')}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltHex, keyHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !keyHex) return false;
  const key = await scrypt(password, Buffer.from(saltHex, 'hex'), 32);
  return timingSafeEqual(key, Buffer.from(keyHex, 'hex'));
}

export class Users {
  constructor(private readonly db: Database) {}

  /** Creates (or updates the role and password of) a user and returns a fresh token. */
  async add(name: string, role: string, password?: string): Promise<string> {
    if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(name)) {
      throw new Error(`invalid user name "${name}": use 1–64 letters, digits, _ . @ -`);
    }
    if (!isRole(role)) throw new Error(`unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    const hash = password ? await hashPassword(password) : null;
    await this.db.run(
      `INSERT INTO users (name, role, password_hash) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = coalesce(excluded.password_hash, users.password_hash)`,
      [name, role, hash],
    );
    return this.issueToken(name);
  }

  async issueToken(name: string): Promise<string> {
    const token = `gt_${randomBytes(32).toString('base64url')}`;
    await this.db.run('INSERT INTO tokens (token_hash, name) VALUES (?, ?)', [sha256(token), name]);
    return token;
  }

  async byToken(token: string): Promise<User | null> {
    const rows = await this.db.all(
      'SELECT u.name, u.role FROM tokens t JOIN users u ON u.name = t.name WHERE t.token_hash = ?',
      [sha256(token)],
    );
    return rows.length ? { name: rows[0].name as string, role: rows[0].role as Role } : null;
  }

  /** Name and password → a new token, or null when either is wrong. */
  async login(name: string, password: string): Promise<{ token: string; user: User } | null> {
    const rows = await this.db.all('SELECT name, role, password_hash FROM users WHERE name = ?', [name]);
    const row = rows[0];
    if (!row || !row.password_hash || !(await checkPassword(password, row.password_hash as string))) return null;
    return { token: await this.issueToken(name), user: { name, role: row.role as Role } };
  }

  async revoke(token: string): Promise<void> {
    await this.db.run('DELETE FROM tokens WHERE token_hash = ?', [sha256(token)]);
  }

  async list(): Promise<User[]> {
    const rows = await this.db.all('SELECT name, role FROM users ORDER BY name');
    return rows.map((r) => ({ name: r.name as string, role: r.role as Role }));
  }

  async count(): Promise<number> {
    const rows = await this.db.all('SELECT count(*) AS n FROM users');
    return Number(rows[0].n);
  }
}
