// Users, roles and bearer tokens, kept in DuckDB. Passwords are stored as scrypt hashes with a
// salt and the cost they were made with; tokens are 256 random bits, stored only as their
// SHA-256 (a token is as strong as a key, so a fast hash is enough, and a stolen database yields
// no usable token). Tokens expire, and a change of password or role revokes every token of the
// user, so a demoted or re-keyed user signs in again.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Database } from './db.ts';
import { isRole, ROLES, type Role } from '../layers/roles.ts';

export { ROLES, isRole, type Role };

export interface User {
  name: string;
  role: Role;
}

export interface TokenInfo {
  id: string;
  name: string;
  created_at: string;
  expires_at: string | null;
}

export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 1024;
export const DEFAULT_TOKEN_DAYS = 30;
/** scrypt cost: N = 2^17 (OWASP's floor for scrypt), r = 8, p = 1; ~128 MB and ~0.3 s a hash. */
const COST = { logN: 17, r: 8, p: 1 };

export const USERS_SQL = [
  `CREATE TABLE IF NOT EXISTS users (
     name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR, created_at TIMESTAMPTZ DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS tokens (
     token_hash VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, created_at TIMESTAMPTZ DEFAULT now()
   )`,
  `ALTER TABLE users ADD COLUMN IF NOT EXISTS disabled BOOLEAN DEFAULT false`,
  `ALTER TABLE tokens ADD COLUMN IF NOT EXISTS expires_at TIMESTAMPTZ`,
];

export class UserError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function scrypt(pw: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const opts: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(pw, salt, 32, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export function checkPasswordRules(password: string): void {
  if (typeof password !== 'string') throw new UserError(400, 'the password must be text');
  if ([...password].length < MIN_PASSWORD) throw new UserError(400, `the password must be at least ${MIN_PASSWORD} characters`);
  if (password.length > MAX_PASSWORD) throw new UserError(400, `the password must be at most ${MAX_PASSWORD} characters`);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, COST.logN, COST.r, COST.p);
  return `scrypt$${COST.logN}$${COST.r}$${COST.p}$${salt.toString('hex')}$${key.toString('hex')}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  // Older hashes are scrypt$salt$key at Node's default cost (N = 2^14).
  const [logN, r, p, saltHex, keyHex] = parts.length === 3 ? [14, 8, 1, parts[1], parts[2]] : [Number(parts[1]), Number(parts[2]), Number(parts[3]), parts[4], parts[5]];
  if (parts[0] !== 'scrypt' || !saltHex || !keyHex || !(logN >= 10 && logN <= 20)) return false;
  const key = await scrypt(password, Buffer.from(saltHex, 'hex'), logN, r, p);
  const want = Buffer.from(keyHex, 'hex');
  return key.length === want.length && timingSafeEqual(key, want);
}

/** A hash to check unknown names against, so that "no such user" takes as long as "wrong password". */
let decoy: Promise<string> | null = null;

/** Spends a password check's time on a refused sign-in with no stored hash to check. */
export async function checkAgainstDecoy(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(12).toString('hex'));
  await checkPassword(password, await decoy);
}

/** Whether a sign-in's name and password are worth checking at all. */
export const plausibleSignIn = (name: unknown, password: unknown): boolean =>
  typeof password === 'string' && password.length <= MAX_PASSWORD && typeof name === 'string' && name.length <= 64;

function validName(name: string): void {
  if (typeof name !== 'string' || !/^[\p{L}\p{N}_.@-]{1,64}$/u.test(name)) {
    throw new UserError(400, `invalid user name ${JSON.stringify(String(name).slice(0, 80))}: use 1–64 letters, digits, _ . @ -`);
  }
}

export class Users {
  /** How long a new token lives; null for no expiry. */
  tokenTtlMs: number | null = DEFAULT_TOKEN_DAYS * 24 * 3600 * 1000;

  constructor(private readonly db: Database) {}

  private async existing(name: string): Promise<{ role: Role; disabled: boolean } | null> {
    const rows = await this.db.all('SELECT role, disabled FROM users WHERE name = ?', [name]);
    return rows.length ? { role: rows[0].role as Role, disabled: Boolean(rows[0].disabled) } : null;
  }

  /**
   * Creates a user, or (operator's command line) changes the role and password of one, and
   * returns a fresh token. A changed role or password revokes the user's earlier tokens.
   */
  async add(name: string, role: string, password?: string): Promise<string> {
    validName(name);
    if (!isRole(role)) throw new UserError(400, `unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    if (password !== undefined) checkPasswordRules(password);
    const before = await this.existing(name);
    const hash = password !== undefined ? await hashPassword(password) : null;
    await this.db.transaction(async (conn) => {
      await conn.run(
        `INSERT INTO users (name, role, password_hash, disabled) VALUES (?, ?, ?, false)
         ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = coalesce(excluded.password_hash, users.password_hash)`,
        [name, role, hash],
      );
      if (before && (before.role !== role || hash)) await conn.run('DELETE FROM tokens WHERE name = ?', [name]);
    });
    return this.issueToken(name);
  }

  /** Creates a new user only; an existing name is a conflict (no token of theirs is handed out). */
  async create(name: string, role: string, password?: string): Promise<string> {
    validName(name);
    if (await this.existing(name)) throw new UserError(409, `user "${name}" exists; change a role with PATCH /api/auth/users/${name}`);
    return this.add(name, role, password);
  }

  /** Changes role and/or password; revokes the user's tokens when either changes. */
  async update(name: string, change: { role?: string; password?: string }): Promise<User> {
    const before = await this.existing(name);
    if (!before) throw new UserError(404, `no user "${name}"`);
    const role = change.role ?? before.role;
    if (!isRole(role)) throw new UserError(400, `unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    if (change.password !== undefined) checkPasswordRules(change.password);
    const hash = change.password !== undefined ? await hashPassword(change.password) : null;
    await this.db.transaction(async (conn) => {
      await conn.run('UPDATE users SET role = ?, password_hash = coalesce(?, password_hash) WHERE name = ?', [role, hash, name]);
      if (role !== before.role || hash) await conn.run('DELETE FROM tokens WHERE name = ?', [name]);
    });
    return { name, role };
  }

  async remove(name: string): Promise<void> {
    if (!(await this.existing(name))) throw new UserError(404, `no user "${name}"`);
    await this.db.transaction(async (conn) => {
      await conn.run('DELETE FROM tokens WHERE name = ?', [name]);
      await conn.run('DELETE FROM users WHERE name = ?', [name]);
    });
  }

  /** Disables (or enables) a user; disabling revokes every token. */
  async setDisabled(name: string, disabled: boolean): Promise<void> {
    if (!(await this.existing(name))) throw new UserError(404, `no user "${name}"`);
    await this.db.transaction(async (conn) => {
      await conn.run('UPDATE users SET disabled = ? WHERE name = ?', [disabled, name]);
      if (disabled) await conn.run('DELETE FROM tokens WHERE name = ?', [name]);
    });
  }

  async issueToken(name: string): Promise<string> {
    const token = `gt_${randomBytes(32).toString('base64url')}`;
    const expires = this.tokenTtlMs === null ? null : new Date(Date.now() + this.tokenTtlMs).toISOString();
    await this.db.run('INSERT INTO tokens (token_hash, name, expires_at) VALUES (?, ?, CAST(? AS TIMESTAMPTZ))', [sha256(token), name, expires]);
    return token;
  }

  async byToken(token: string): Promise<User | null> {
    if (token.length > 200) return null;
    const rows = await this.db.all(
      `SELECT u.name, u.role FROM tokens t JOIN users u ON u.name = t.name
       WHERE t.token_hash = ? AND NOT coalesce(u.disabled, false) AND (t.expires_at IS NULL OR t.expires_at > now())`,
      [sha256(token)],
    );
    return rows.length ? { name: rows[0].name as string, role: rows[0].role as Role } : null;
  }

  /** Name and password → a new token, or null when either is wrong (in about the same time). */
  async login(name: string, password: string): Promise<{ token: string; user: User } | null> {
    if (!plausibleSignIn(name, password)) return null;
    const rows = await this.db.all('SELECT name, role, password_hash, disabled FROM users WHERE name = ?', [name]);
    const row = rows[0];
    const stored = (row?.password_hash as string | null) ?? null;
    if (!stored || row.disabled) {
      await checkAgainstDecoy(password);
      return null;
    }
    if (!(await checkPassword(password, stored))) return null;
    return { token: await this.issueToken(name), user: { name, role: row.role as Role } };
  }

  async revoke(token: string): Promise<void> {
    await this.db.run('DELETE FROM tokens WHERE token_hash = ?', [sha256(token)]);
  }

  /** Revokes a token by the id `tokens()` shows (the first 12 hex digits of its hash). */
  async revokeById(id: string): Promise<number> {
    if (!/^[0-9a-f]{6,64}$/.test(id)) throw new UserError(400, `a token id is 6–64 hex digits; got ${JSON.stringify(id)}`);
    const rows = await this.db.all('DELETE FROM tokens WHERE starts_with(token_hash, ?) RETURNING name', [id]);
    return rows.length;
  }

  async revokeAll(name: string): Promise<number> {
    const rows = await this.db.all('DELETE FROM tokens WHERE name = ? RETURNING name', [name]);
    return rows.length;
  }

  async tokens(name?: string): Promise<TokenInfo[]> {
    const rows = await this.db.all(
      `SELECT left(token_hash, 12) AS id, name, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
              strftime(expires_at, '%Y-%m-%dT%H:%M:%SZ') AS expires_at
       FROM tokens ${name ? 'WHERE name = ?' : ''} ORDER BY created_at`,
      name ? [name] : [],
    );
    return rows as unknown as TokenInfo[];
  }

  async list(): Promise<(User & { disabled: boolean })[]> {
    const rows = await this.db.all('SELECT name, role, coalesce(disabled, false) AS disabled FROM users ORDER BY name');
    return rows.map((r) => ({ name: r.name as string, role: r.role as Role, disabled: Boolean(r.disabled) }));
  }

  async count(): Promise<number> {
    const rows = await this.db.all('SELECT count(*) AS n FROM users');
    return Number(rows[0].n);
  }
}
