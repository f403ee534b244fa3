// One transaction on one connection: COMMIT when `fn` resolves, ROLLBACK (and the error again)
// when it throws. Every multi-statement write of the PostgreSQL store goes through here.
import type pg from 'pg';

/** Runs `fn` in a transaction on a client the caller already holds. */
export async function withinTransaction<T>(client: pg.PoolClient | pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const out = await fn();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Takes a client from the pool for one transaction and gives it back. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await withinTransaction(client, () => fn(client));
  } finally {
    client.release();
  }
}
