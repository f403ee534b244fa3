// The county-key rule, enforced without Citus: every per-county statement of the PostgreSQL store
// binds county_code as $1, and the generic plan of each (the one Citus would route) reaches the
// county's rows through an index whose condition names county_code, never a sequential scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { PgStore } from '../../service/store/pg/index.ts';
import { catalog, layerWrites } from '../../service/store/pg/queries.ts';
import { PG_REFERENCE_TABLES, PG_TABLES_PER_COUNTY } from '../../service/store/pg/schema.ts';
import { LAYER_NAMES } from '../../service/layers/schema.ts';

let cluster: PgCluster;
let client: pg.Client;
beforeAll(async () => {
  cluster = await startPgCluster();
  const store = await PgStore.open(cluster.url);
  await store.close();
  client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  // Staging tables exist per session; make them so the load statements can be planned.
  for (const layer of LAYER_NAMES) await client.query(layerWrites(layer).stageCreate.sql);
  // Empty tables make any plan cheap; forbid sequential scans so the question is only whether
  // an index on county_code can serve the statement, and plan generically as Citus routes.
  await client.query('SET enable_seqscan = off');
  await client.query('SET plan_cache_mode = force_generic_plan');
});
afterAll(async () => {
  await client?.end();
  await cluster?.stop();
});

const PER_COUNTY = new Set(PG_TABLES_PER_COUNTY);

/** Indexes whose first column is county_code (an index led by another column serves no county). */
async function countyLedIndexes(): Promise<Set<string>> {
  const { rows } = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`);
  return new Set(rows.filter((r) => /USING \w+ \(county_code[,)]/.test(r.indexdef as string)).map((r) => r.indexname as string));
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function nodes(n: PlanNode): PlanNode[] {
  return [n, ...(n.Plans ?? []).flatMap(nodes)];
}

/** Names of the per-county tables a statement reads or writes. */
function tablesOf(sql: string): string[] {
  return [...sql.matchAll(/(?:FROM|INTO|UPDATE|JOIN)\s+"?([a-z_]+)"?/gi)].map((m) => m[1]).filter((t) => PER_COUNTY.has(t));
}

async function genericPlan(name: string, sql: string): Promise<PlanNode[]> {
  const n = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  await client.query(`PREPARE q AS ${sql}`);
  try {
    const args = n ? `(${Array(n).fill('NULL').join(', ')})` : '';
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE q${args}`);
    return nodes((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan);
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message}`);
  } finally {
    await client.query('DEALLOCATE q');
  }
}

describe('query catalog', () => {
  const statements = catalog();

  it('lists every statement once, per-county ones for every layer', () => {
    expect(new Set(statements.map((s) => s.name)).size).toBe(statements.length);
    for (const layer of LAYER_NAMES) {
      expect(statements.some((s) => s.name === `${layer}.select.bbox`)).toBe(true);
    }
  });

  it('binds county_code = $1 in every per-county statement', () => {
    for (const s of statements.filter((x) => x.scope === 'county')) {
      expect(s.sql, s.name).toMatch(/county_code/);
      // Either the county is the filter, or it is the first value written.
      expect(/county_code = \$1\b/.test(s.sql) || /VALUES \(\$1\b|SELECT \$1\b/.test(s.sql), s.name).toBe(true);
    }
  });

  it('touches per-county tables only from per-county statements, reference tables only from reference ones', () => {
    for (const s of statements) {
      const county = tablesOf(s.sql);
      if (s.scope === 'reference') expect(county, s.name).toEqual([]);
      if (s.scope === 'county') expect(county.length, s.name).toBeGreaterThan(0);
      if (s.scope === 'county') {
        for (const t of PG_REFERENCE_TABLES) expect(s.sql, s.name).not.toMatch(new RegExp(`\\b${t}\\b`));
      }
    }
  });

  it('reaches per-county rows through an index on county_code in every per-county plan', async () => {
    let planned = 0;
    const led = await countyLedIndexes();
    expect(led.size).toBeGreaterThanOrEqual(PG_TABLES_PER_COUNTY.length);
    for (const s of statements.filter((x) => x.scope === 'county')) {
      const plan = await genericPlan(s.name, s.sql);
      const scans = plan.filter((n) => n['Relation Name'] && PER_COUNTY.has(n['Relation Name']) && /Scan/.test(n['Node Type']));
      for (const scan of scans) expect(scan['Node Type'], `${s.name} on ${scan['Relation Name']}`).not.toBe('Seq Scan');
      if (!/county_code = \$1\b/.test(s.sql)) continue; // an INSERT of values: nothing to find
      const conds = plan.filter((n) => /Index/.test(n['Node Type']) && led.has(n['Index Name'] ?? '') && /county_code/.test(n['Index Cond'] ?? ''));
      expect(conds.length, `${s.name}: ${JSON.stringify(plan.map((n) => [n['Node Type'], n['Index Name'], n['Index Cond']]))}`).toBeGreaterThan(0);
      planned++;
    }
    expect(planned).toBeGreaterThan(LAYER_NAMES.length * 10);
  });
});
