// Every route module a province node mounts beside the county routes of app.ts: check runs and
// province reports, verdicts and field updates, quality work and lookups, imagery, teardown plans
// and the bulletin. `groundtruth serve --db postgres://…` and the tests build a node from this one
// list, so a test's node answers what a served one does.
import type { PgStore } from '../store/pg/index.ts';
import type { ProvinceRouteModule } from './app.ts';
import { openProvinceCompute } from './compute-routes.ts';
import { openProvinceFields } from './field-routes.ts';
import { openProvinceWork } from './work-routes.ts';
import { openProvinceImagery } from './imagery-routes.ts';
import { openProvinceTeardown } from './teardown-routes.ts';

export interface NodeRouteOptions {
  /** The shared folder of the counties' GeoTIFFs; without it imagery writes are refused. */
  imageryDir?: string;
  maxUploadBytes: number;
  publicUrl?: string;
  trustProxy?: boolean;
  readsNeedAuth?: boolean;
}

export interface NodeRoutes {
  routes: ProvinceRouteModule[];
  /** Stops the queue, the progress listener and the imagery files. */
  close(): Promise<void>;
}

export async function openNodeRoutes(store: PgStore, url: string, opts: NodeRouteOptions): Promise<NodeRoutes> {
  const compute = await openProvinceCompute(store, url);
  const fields = await openProvinceFields(store);
  const work = await openProvinceWork(store);
  const teardown = await openProvinceTeardown(store);
  const imagery = await openProvinceImagery(store, {
    dir: opts.imageryDir,
    maxUploadBytes: opts.maxUploadBytes,
    publicUrl: opts.publicUrl,
    trustProxy: Boolean(opts.trustProxy),
    readsNeedAuth: Boolean(opts.readsNeedAuth),
  });
  return {
    routes: [...compute.routes, ...fields, ...work, ...imagery.routes, ...teardown],
    async close() {
      await compute.close();
      await imagery.close();
    },
  };
}
