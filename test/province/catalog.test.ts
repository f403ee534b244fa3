// The county-key rule for the statements of check runs (service/province/queries.ts), the quality
// work, search and audit listing (work-queries.ts), imagery (imagery-queries.ts), teardown plans
// (plan-queries.ts) and the county bulletin (bulletin-queries.ts), held as the
// store's catalog is (test/store-pg/catalog.test.ts): every per-county statement binds
// county_code as $1 and its generic plan, the one Citus would route, reaches the rows through an
// index led by county_code; province statements name the counties they read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { PgStore } from '../../service/store/pg/index.ts';
import { PG_REFERENCE_TABLES, PG_TABLES_PER_COUNTY } from '../../service/store/pg/schema.ts';
import { migrateRuns } from '../../service/province/runs.ts';
import { RQ, runCatalog } from '../../service/province/queries.ts';
import { MONTHLY_SQL } from '../../service/province/report.ts';
import { RESULT_TABLES, RUN_TABLES_PER_COUNTY } from '../../service/province/schema.ts';
import { WORK_TABLES_PER_COUNTY, workCatalog, workSchemaSql } from '../../service/province/work-queries.ts';
import { countyLedIndexes, genericPlan, tablesOf, type PlanNode } from '../kit/county-plans.ts';
import { fieldSchemaSql, FIELD_TABLES_PER_COUNTY } from '../../service/province/field-queries.ts';
import { RESULT_LAYERS, tileCatalog } from '../../service/province/tile-queries.ts';
import { LAYER_NAMES } from '../../service/layers/schema.ts';
import { imageryCatalog, imagerySchemaSql, IMAGERY_TABLES_PER_COUNTY } from '../../service/province/imagery-queries.ts';
import { PLAN_TABLES_PER_COUNTY, planCatalog, planSchemaSql } from '../../service/province/plan-queries.ts';
import { BULLETIN_TABLES_PER_COUNTY, bulletinCatalog } from '../../service/province/bulletin-queries.ts';

let cluster: PgCluster;
let client: pg.Client;
beforeAll(async () => {
  cluster = await startPgCluster();
  const store = await PgStore.open(cluster.url);
  await migrateRuns(store);
  await store.migrate(workSchemaSql());
  await store.migrate(fieldSchemaSql());
  await store.migrate(imagerySchemaSql());
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

// The run, work, imagery, plan and bulletin tables, and the layer tables the summaries join them to.
const PER_COUNTY = new Set([
  ...RUN_TABLES_PER_COUNTY,
  ...WORK_TABLES_PER_COUNTY,
  ...IMAGERY_TABLES_PER_COUNTY,
  ...PLAN_TABLES_PER_COUNTY,
  ...BULLETIN_TABLES_PER_COUNTY,
  ...PG_TABLES_PER_COUNTY,
]);

describe('check-run, work, imagery, teardown-plan and county-bulletin statement catalog', () => {
  const statements = [...runCatalog(), ...workCatalog(), ...imageryCatalog(), ...planCatalog(), ...bulletinCatalog()];

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
    for (const t of PER_COUNTY) expect(keys.get(t), t).toMatch(/^PRIMARY KEY \(county_code/);
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

describe('result tile statement catalog', () => {
  const statements = tileCatalog();
  const perCounty = new Set([...RUN_TABLES_PER_COUNTY, ...FIELD_TABLES_PER_COUNTY, ...LAYER_NAMES.map((l) => `layer_${l}`)]);

  it('has the runs statement and, for every layer with results, one with runs and one before any', () => {
    expect(new Set(statements.map((s) => s.name)).size).toBe(statements.length);
    expect(statements.length).toBe(1 + 2 * RESULT_LAYERS.length);
    expect(RESULT_LAYERS).toEqual(expect.arrayContaining(['patches', 'ledger', 'fire_lanes']));
  });

  it('binds county_code = $1 in every statement, reads per-county tables only, and no reference table', () => {
    for (const s of statements) {
      expect(s.scope, s.name).toBe('county');
      expect(s.sql, s.name).toMatch(/county_code = \$1\b/);
      expect(tablesOf(s.sql, perCounty).length, s.name).toBeGreaterThan(0);
      for (const t of PG_REFERENCE_TABLES) expect(s.sql, s.name).not.toMatch(new RegExp(`\\b${t}\\b`));
    }
  });

  it('reaches every per-county table of every statement through an index led by county_code', async () => {
    const led = await countyLedIndexes(client);
    // An index scan names its index; a bitmap heap scan is fed by the index scan below it.
    const countyLed = (n: PlanNode): boolean =>
      n['Node Type'] === 'Bitmap Heap Scan'
        ? (n.Plans ?? []).some(countyLed)
        : n['Node Type'] === 'BitmapAnd'
          ? (n.Plans ?? []).some(countyLed)
          : led.has(n['Index Name'] ?? '') && /county_code/.test(n['Index Cond'] ?? '');
    for (const s of statements) {
      const plan = await genericPlan(client, s.name, s.sql);
      const scans = plan.filter((n) => n['Relation Name'] && perCounty.has(n['Relation Name']) && /Scan/.test(n['Node Type']));
      const shown = JSON.stringify(plan.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name'], n['Index Cond']]));
      expect(scans.length, `${s.name}: ${shown}`).toBeGreaterThan(0);
      for (const scan of scans) expect(countyLed(scan), `${s.name} on ${scan['Relation Name']}: ${shown}`).toBe(true);
    }
  });
});
