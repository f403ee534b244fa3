// Small helpers for the check SQL. Utility statements (CREATE TEMP TABLE … AS) take no bind
// parameters, so validated values are inlined as literals.
import type pg from 'pg';

export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return String(n);
}

export async function runAll(client: pg.Client, statements: string[]): Promise<void> {
  for (const sql of statements) await client.query(sql);
}

/** Rows of `SELECT key, count(*) … GROUP BY key` as a plain record. */
export async function countBy(client: pg.Client, sql: string): Promise<Record<string, number>> {
  const { rows } = await client.query<{ key: string; n: string }>(sql);
  const out: Record<string, number> = {};
  for (const r of rows) out[r.key] = Number(r.n);
  return out;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { seconds: (performance.now() - started) / 1000, value };
}
