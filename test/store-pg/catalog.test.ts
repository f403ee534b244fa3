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
import { countyLedIndexes, genericPlan, tablesOf } from '../kit/county-plans.ts';

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
      const county = tablesOf(s.sql, PER_COUNTY);
      if (s.scope === 'reference') expect(county, s.name).toEqual([]);
      if (s.scope === 'county') expect(county.length, s.name).toBeGreaterThan(0);
      if (s.scope === 'county') {
        for (const t of PG_REFERENCE_TABLES) expect(s.sql, s.name).not.toMatch(new RegExp(`\\b${t}\\b`));
      }
    }
  });

  it('reaches per-county rows through an index on county_code in every per-county plan', async () => {
    let planned = 0;
    const led = await countyLedIndexes(client);
    expect(led.size).toBeGreaterThanOrEqual(PG_TABLES_PER_COUNTY.length);
    for (const s of statements.filter((x) => x.scope === 'county')) {
      const plan = await genericPlan(client, s.name, s.sql);
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
