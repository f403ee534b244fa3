// Verdicts on patches and field updates of ledger records on a province node: the county edition's
// review and teardown route modules, mounted per county (/c/:county/api/patches/…,
// /c/:county/api/ledger/…) over the PostgreSQL store's tables for them. The county middleware has
// chosen the county (and refused a role limited to other counties) before a route runs.
import type { PgStore } from '../store/pg/index.ts';
import type { ProvinceRouteModule } from './app.ts';
import { currentCounty } from './county-context.ts';
import { REVIEW_PATHS, verdictRoutes } from '../routes/review.ts';
import { TEARDOWN_PATHS, ledgerRoutes } from '../routes/teardown.ts';
import { fieldSchemaSql } from './field-queries.ts';
import { PgLedger, PgVerdicts } from './fields-pg.ts';

/** Creates the tables (idempotent) and returns the two per-county route modules. */
export async function openProvinceFields(store: PgStore): Promise<ProvinceRouteModule[]> {
  await store.migrate(fieldSchemaSql());
  const county = () => currentCounty().store;
  return [
    {
      prefix: '/api/patches',
      at: '/api',
      routes: verdictRoutes({ verdicts: () => new PgVerdicts(store.pool, county().county), audit: county }),
      paths: REVIEW_PATHS,
      perCounty: true,
    },
    {
      prefix: '/api/ledger',
      at: '/api',
      routes: ledgerRoutes({ ledger: () => new PgLedger(store.pool, county().county), audit: county }),
      paths: TEARDOWN_PATHS,
      perCounty: true,
    },
  ];
}
