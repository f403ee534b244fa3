// The county-key rule for the statements of check runs (service/province/queries.ts), teardown plans
// (plan-queries.ts) and the county bulletin (bulletin-queries.ts), held as the
// store's catalog is (test/store-pg/catalog.test.ts): every per-county statement binds
// county_code as $1 and its generic plan, the one Citus would route, reaches the rows through an
// index led by county_code; province statements name the counties they read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { PgStore } from '../../service/store/pg/index.ts';
import { PG_REFERENCE_TABLES } from '../../service/store/pg/schema.ts';
import { migrateRuns } from '../../service/province/runs.ts';
import { RQ, runCatalog } from '../../service/province/queries.ts';
import { MONTHLY_SQL } from '../../service/province/report.ts';
import { RESULT_TABLES, RUN_TABLES_PER_COUNTY } from '../../service/province/schema.ts';
import { countyLedIndexes, genericPlan, tablesOf } from '../kit/county-plans.ts';
import { PLAN_TABLES_PER_COUNTY, planCatalog, planSchemaSql } from '../../service/province/plan-queries.ts';
import { BULLETIN_TABLES_PER_COUNTY, bulletinCatalog } from '../../service/province/bulletin-queries.ts';

let cluster: PgCluster;
let client: pg.Client;
beforeAll(async () => {
  cluster = await startPgCluster();
  const store = await PgStore.open(cluster.url);
  await migrateRuns(store);
  await store.migrate(planSchemaSql());
  await store.close();
  client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await client.query('SET enable_seqscan = off');
  await client.query('SET plan_cache_mode = force_generic_plan');
});
afterAll(async () => {
  await client?.end();
  await cluster?.stop();
});

const PER_COUNTY = new Set([...RUN_TABLES_PER_COUNTY, ...PLAN_TABLES_PER_COUNTY, ...BULLETIN_TABLES_PER_COUNTY]);

describe('check-run, teardown-plan and county-bulletin statement catalog', () => {
  const statements = [...runCatalog(), ...planCatalog(), ...bulletinCatalog()];

  it('lists every statement once, with delete, insert and count for every result table', () => {
    expect(new Set(statements.map((s) => s.name)).size).toBe(statements.length);
    for (const t of RESULT_TABLES) for (const k of ['delete', 'insert', 'count']) expect(statements.some((s) => s.name === `${t.sqlName}.${k}`)).toBe(true);
  });

  it('binds county_code = $1 in every per-county statement and touches no reference table there', () => {
    const county = statements.filter((s) => s.scope === 'county');
    expect(county.length).toBeGreaterThan(RESULT_TABLES.length * 3);
    for (const s of county) {
      expect(/county_code = \$1\b/.test(s.sql) || /VALUES \(\$1\b|SELECT \$1\b/.test(s.sql), s.name).toBe(true);
      expect(tablesOf(s.sql, PER_COUNTY).length, s.name).toBeGreaterThan(0);
      for (const t of PG_REFERENCE_TABLES) expect(s.sql, s.name).not.toMatch(new RegExp(`\\b${t}\\b`));
    }
  });

  it('leads every primary key of a per-county run table with county_code', async () => {
    const { rows } = await client.query(
      `SELECT c.relname AS t, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'p'`,
    );
    const keys = new Map(rows.map((r) => [r.t as string, r.def as string]));
    for (const t of [...RUN_TABLES_PER_COUNTY, 'teardown_plans']) expect(keys.get(t), t).toMatch(/^PRIMARY KEY \(county_code, /);
  });

  it('reaches per-county rows through an index on county_code in every per-county plan', async () => {
    const led = await countyLedIndexes(client);
    let planned = 0;
    for (const s of statements.filter((x) => x.scope === 'county')) {
      const plan = await genericPlan(client, s.name, s.sql);
      const scans = plan.filter((n) => n['Relation Name'] && PER_COUNTY.has(n['Relation Name']) && /Scan/.test(n['Node Type']));
      for (const scan of scans) expect(scan['Node Type'], `${s.name} on ${scan['Relation Name']}`).not.toBe('Seq Scan');
      if (!/county_code = \$1\b/.test(s.sql)) continue;
      const conds = plan.filter((n) => /Index/.test(n['Node Type']) && led.has(n['Index Name'] ?? '') && /county_code/.test(n['Index Cond'] ?? ''));
      expect(conds.length, `${s.name}: ${JSON.stringify(plan.map((n) => [n['Node Type'], n['Index Name'], n['Index Cond']]))}`).toBeGreaterThan(0);
      planned++;
    }
    expect(planned).toBeGreaterThan(RESULT_TABLES.length * 2);
  });

  it('names the counties in province statements: a province run reads its counties through the county index', async () => {
    const led = await countyLedIndexes(client);
    const plan = await genericPlan(client, 'provinceRunCounties', RQ.provinceRunCounties.sql);
    expect(plan.some((n) => led.has(n['Index Name'] ?? '') && /county_code = ANY/.test(n['Index Cond'] ?? ''))).toBe(true);
    // The monthly aggregate plans, and joins each per-county table it reads to the chosen counties.
    await genericPlan(client, MONTHLY_SQL.name, MONTHLY_SQL.sql);
    expect(MONTHLY_SQL.sql.match(/JOIN c USING \(county_code\)/g)!.length).toBeGreaterThanOrEqual(4);
  });
});
