// Dated imagery on a province node: the county edition's imagery routes (routes/imagery.ts),
// mounted per county (/c/:county/api/imagery, /c/:county/imagery/…) over each county's catalogue in
// PostgreSQL and its GeoTIFFs in <dir>/<county>/, a folder every node mounts. A node started
// without a folder lists and describes images but refuses writes and file tiles (503, naming the
// option). One tile cache serves every county; its keys lead with the county code.
import { Hono } from 'hono';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { PgStore } from '../store/pg/index.ts';
import type { AppEnv } from '../http/auth.ts';
import type { ProvinceRouteModule } from './app.ts';
import { currentCounty } from './county-context.ts';
import { ImageryService } from '../imagery/index.ts';
import { TileCache } from '../tiles/cache.ts';
import { IMAGERY_PATHS, imageryRoutes, type ImageryRoutesOptions } from '../routes/imagery.ts';
import { imagerySchemaSql } from './imagery-queries.ts';
import { PgImageryCatalog } from './imagery-pg.ts';

export const NO_IMAGERY_DIR =
  'this node keeps no imagery files: start groundtruth serve with --imagery-dir DIR (or GROUNDTRUTH_IMAGERY_DIR), a folder every node mounts';

export interface ProvinceImageryOptions extends ImageryRoutesOptions {
  /** The shared imagery folder; counties' files go in <dir>/<county>/. */
  dir?: string;
  /** Bytes of encoded tiles kept in memory across counties (default 128 MiB). */
  cacheBytes?: number;
}

export interface ProvinceImagery {
  routes: ProvinceRouteModule[];
  /** The service of one county (tests, tools). */
  county(code: string): ImageryService;
  close(): Promise<void>;
}

/** Creates the catalogue table (idempotent) and returns the per-county route modules. */
export async function openProvinceImagery(store: PgStore, opts: ProvinceImageryOptions): Promise<ProvinceImagery> {
  await store.migrate(imagerySchemaSql());
  if (opts.dir) await mkdir(opts.dir, { recursive: true });
  const cache = new TileCache(opts.cacheBytes ?? 128 * 1024 * 1024);
  const services = new Map<string, ImageryService>();
  const county = (code: string) => {
    let s = services.get(code);
    if (!s) {
      s = ImageryService.shared({
        catalog: new PgImageryCatalog(store.pool, code),
        dir: opts.dir ? join(opts.dir, code) : null,
        cache,
        scope: code,
        noDirHint: NO_IMAGERY_DIR,
      });
      services.set(code, s);
    }
    return s;
  };
  const routes = imageryRoutes(() => county(currentCounty().store.county), opts);
  return {
    routes: [
      // The module answers /api/imagery and /imagery/… (it is written to be mounted at '/'); the
      // second entry only puts the county middleware in front of /imagery on the plain paths.
      { prefix: '/api/imagery', at: '', routes, paths: IMAGERY_PATHS, perCounty: true },
      { prefix: '/imagery', at: '', routes: new Hono<AppEnv>(), perCounty: true },
    ],
    county,
    close: async () => {
      await Promise.all([...services.values()].map((s) => s.close()));
    },
  };
}
