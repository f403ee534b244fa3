// The ledger office's quality work (/api/quality), search (/api/search), service areas
// (/api/facilities/service-areas) and the audit listing (/api/audit) on a province node: the county
// edition's route modules, mounted per county (/c/:county/api/…) over the PostgreSQL store. The
// county middleware has chosen the county (and refused a role limited to other counties) before a
// route runs. The province's own audit rows (sign-ins, users) are listed at /api/province/audit.
import type { PgStore } from '../store/pg/index.ts';
import type { ProvinceRouteModule } from './app.ts';
import { countyStore, currentCounty } from './county-context.ts';
import { QUALITY_PATHS, qualityActionRoutes } from '../routes/quality.ts';
import { SEARCH_PATHS, searchQueryRoutes } from '../routes/search.ts';
import { FACILITIES_PATHS, serviceAreaRoutes } from '../routes/facilities.ts';
import { AUDIT_PATHS, auditListRoutes } from '../routes/audit.ts';
import { ServiceAreas } from '../facilities/service-areas.ts';
import { workSchemaSql } from './work-queries.ts';
import { PgQuality } from './quality-pg.ts';
import { pgCountyAudit, pgProvinceAudit, pgSearch } from './lookups-pg.ts';

/** Counties whose road graphs a node keeps (each is rebuilt when its roads or stations change). */
const AREA_COUNTIES = 8;

/** Creates the tables (idempotent) and returns the route modules. */
export async function openProvinceWork(store: PgStore): Promise<ProvinceRouteModule[]> {
  await store.migrate(workSchemaSql());
  const county = () => currentCounty().store;
  // One ServiceAreas per county, least recently used dropped first. Each reads through
  // countyStore, which answers for the request's county: always its own, since it is only
  // reached from that county's requests.
  const areas = new Map<string, ServiceAreas>();
  const areasOf = () => {
    const code = county().county;
    const found = areas.get(code) ?? new ServiceAreas(countyStore);
    areas.delete(code);
    areas.set(code, found);
    while (areas.size > AREA_COUNTIES) areas.delete(areas.keys().next().value!);
    return found;
  };
  return [
    {
      prefix: '/api/quality',
      routes: qualityActionRoutes({ quality: () => new PgQuality(store.pool, store.reads, county()), audit: county }),
      paths: QUALITY_PATHS,
      perCounty: true,
    },
    { prefix: '/api/search', at: '/api', routes: searchQueryRoutes(() => pgSearch(store.reads, county().county)), paths: SEARCH_PATHS, perCounty: true },
    { prefix: '/api/facilities', at: '/api', routes: serviceAreaRoutes(areasOf), paths: FACILITIES_PATHS, perCounty: true },
    { prefix: '/api/audit', at: '/api', routes: auditListRoutes(() => pgCountyAudit(store.pool, county().county)), paths: AUDIT_PATHS, perCounty: true },
    { prefix: '/api/province', routes: auditListRoutes(() => pgProvinceAudit(store.pool)), paths: AUDIT_PATHS },
  ];
}
