// The one DuckDB file behind Groundtruth: opening it, connections, and the SQL helpers every
// store module uses. Values always travel as bound parameters; identifiers only through `ident`.
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const DEFAULT_DB_PATH = 'var/groundtruth.duckdb';

/** Where the database lives: an explicit path, else $GROUNDTRUTH_DB, else var/groundtruth.duckdb. */
export function resolveDbPath(explicit?: string): string {
  return explicit ?? process.env.GROUNDTRUTH_DB ?? DEFAULT_DB_PATH;
}

/** Quotes an SQL identifier. Only schema-defined names reach it, but it escapes all the same. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export class Database {
  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
  ) {}

  static async open(path: string): Promise<Database> {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    let instance: DuckDBInstance;
    try {
      // No extension may be fetched: the machines (and users' offline servers) have no network.
      instance = await DuckDBInstance.create(path, {
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/lock/i.test(message)) {
        throw new Error(`database ${path} is in use by another process (is "groundtruth serve" running?): ${message}`);
      }
      throw new Error(`cannot open database ${path}: ${message}`);
    }
    return new Database(path, instance);
  }

  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** Runs `fn` on a fresh connection, closed afterwards. */
  async with<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.connect();
    try {
      return await fn(conn);
    } finally {
      conn.closeSync();
    }
  }

  /** Runs `fn` inside one transaction on its own connection; any throw rolls back. */
  async transaction<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.with(async (conn) => {
      await conn.run('BEGIN TRANSACTION');
      try {
        const result = await fn(conn);
        await conn.run('COMMIT');
        return result;
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async all(sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    return this.with(async (conn) => {
      const reader = await conn.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    });
  }

  async run(sql: string, params: DuckDBValue[] = []): Promise<void> {
    await this.with(async (conn) => {
      await conn.run(sql, params);
    });
  }

  close(): void {
    this.instance.closeSync();
  }
}

/** Serialises writers: DuckDB rejects concurrent conflicting transactions instead of waiting. */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
