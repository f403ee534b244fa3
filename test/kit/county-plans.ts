// Checking the county-key rule on a real cluster: the generic plan of a statement (the plan Citus
// would route, bound to nothing) and the indexes led by county_code, for the catalog tests.
import type pg from 'pg';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/** A plan's nodes, depth first. */
export const planNodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(planNodes)];

/** Names of the tables in `perCounty` a statement reads or writes. */
export function tablesOf(sql: string, perCounty: Set<string>): string[] {
  return [...sql.matchAll(/(?:FROM|INTO|UPDATE|JOIN)\s+"?([a-z_]+)"?/gi)].map((m) => m[1]).filter((t) => perCounty.has(t));
}

/** The generic plan's nodes (the client should have `plan_cache_mode = force_generic_plan`). */
export async function genericPlan(client: pg.Client | pg.PoolClient, name: string, sql: string): Promise<PlanNode[]> {
  const n = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  await client.query(`PREPARE q AS ${sql}`);
  try {
    const args = n ? `(${Array(n).fill('NULL').join(', ')})` : '';
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE q${args}`);
    return planNodes((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan);
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message}`);
  } finally {
    await client.query('DEALLOCATE q');
  }
}

/** Indexes whose first column is county_code (an index led by another column serves no county). */
export async function countyLedIndexes(client: pg.Client | pg.PoolClient): Promise<Set<string>> {
  const { rows } = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`);
  return new Set(rows.filter((r) => /USING \w+ \(county_code[,)]/.test(r.indexdef as string)).map((r) => r.indexname as string));
}
