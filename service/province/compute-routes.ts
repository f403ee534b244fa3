// What a province service node needs of the compute side: the run tables, the job queue it puts
// check runs on, the LISTEN connection that brings workers' progress to its SSE streams, and the
// route modules over them (province runs and reports; each county's check results).
import type { PgStore } from '../store/pg/index.ts';
import type { ProvinceRouteModule } from './app.ts';
import { currentCounty } from './county-context.ts';
import { COUNTY_CHECK_PATHS, countyCheckRoutes } from './county-routes.ts';
import { ProgressListener } from './progress.ts';
import { openQueue } from './queue.ts';
import { PROVINCE_PATHS, provinceRunRoutes } from './routes.ts';
import { migrateRuns } from './runs.ts';

export interface ProvinceCompute {
  routes: ProvinceRouteModule[];
  close(): Promise<void>;
}

export async function openProvinceCompute(store: PgStore, url: string): Promise<ProvinceCompute> {
  await migrateRuns(store);
  const boss = await openQueue(url);
  const listener = await ProgressListener.start(url);
  return {
    routes: [
      { prefix: '/api/province', routes: provinceRunRoutes({ store, boss, listener }), paths: PROVINCE_PATHS },
      // Under /c/:county/ and, with one county loaded, at /api/checks: the county is the request's.
      { prefix: '/api/checks', routes: countyCheckRoutes({ store, boss, listener, countyOf: () => currentCounty().store.county }), paths: COUNTY_CHECK_PATHS, perCounty: true },
    ],
    async close() {
      await listener.close();
      await boss.stop({ graceful: false });
    },
  };
}
