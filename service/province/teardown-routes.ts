// Teardown plans, work orders and the county bulletin on a province node: the county edition's
// plan and report route modules, mounted per county (/c/:county/api/teardown/…,
// /c/:county/api/reports/monthly) over each county's PlanStore and BulletinStore on PostgreSQL.
// The county middleware has chosen the county (and refused a role limited to other counties)
// before a route runs. No plan-changed events are sent between nodes.
import type { PgStore } from '../store/pg/index.ts';
import type { ProvinceRouteModule } from './app.ts';
import { currentCounty } from './county-context.ts';
import { PLAN_PATHS, planRoutes } from '../routes/teardown-plans.ts';
import { REPORT_PATHS, bulletinRoutes } from '../routes/reports.ts';
import { migrateRuns } from './runs.ts';
import { planSchemaSql } from './plan-queries.ts';
import { PgPlans } from './plans-pg.ts';
import { pgBulletin } from './bulletin-pg.ts';

/** Creates the tables (idempotent: plans, and the verdicts, updates and runs they read) and returns the two modules. */
export async function openProvinceTeardown(store: PgStore): Promise<ProvinceRouteModule[]> {
  await migrateRuns(store);
  await store.migrate(planSchemaSql());
  const county = () => currentCounty().store;
  return [
    {
      prefix: '/api/teardown',
      routes: planRoutes({ plans: () => new PgPlans(store.pool, store.reads, county()) }),
      paths: PLAN_PATHS,
      perCounty: true,
    },
    {
      prefix: '/api/reports',
      routes: bulletinRoutes({ bulletin: () => pgBulletin(store.reads, county()) }),
      paths: REPORT_PATHS,
      perCounty: true,
    },
  ];
}
