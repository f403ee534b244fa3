// The province edition's composition root: many counties in one PostgreSQL store, served by any
// number of stateless nodes. A county's routes live under /c/<county>/ (layers, OGC features,
// tiles, and whatever other parts mount per county); with exactly one county loaded the
// single-county paths (/api/layers, /collections, /tiles) answer for it too. The route modules
// are the county edition's, over the LayerStore interface (county-context.ts).
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppConfig } from '../app.ts';
import { DEFAULT_CONFIG } from '../app.ts';
import { handleError, fail } from '../http/errors.ts';
import { identify, readGuard, type AppEnv } from '../http/auth.ts';
import { bodyLimits, clientAddress, securityHeaders, DEFAULT_BODY_LIMITS } from '../http/guards.ts';
import { CountyError, type PgStore, type PgCountyStore } from '../store/pg/index.ts';
import { OpenApi, ok, type Paths } from '../routes/openapi.ts';
import { AUTH_PATHS, authRoutes } from '../routes/auth.ts';
import { LAYER_PATHS, layerRoutes } from '../routes/layers.ts';
import { OGC_PATHS, ogcRoutes } from '../routes/ogc.ts';
import { VIEWER_PATHS, viewerRoutes } from '../routes/viewer.ts';
import { createTileRoutes, TILE_PATHS } from '../tiles/index.ts';
import { VERSION } from '../version.ts';
import { DEFAULT_TOKEN_DAYS } from '../store/users.ts';
import { countyStore, runInCounty } from './county-context.ts';
import { CountyLayerCache } from './layer-cache.ts';
import { CountyTileSource } from './tile-source.ts';
import { readYourWrites } from './read-your-writes.ts';
import { migrateRuns } from './runs.ts';

export type ProvinceConfig = AppConfig & {
  /** Counties' layers held in memory as columns per node (least recently used go first). */
  cachedLayers?: number;
};

/**
 * Routes of other parts, mounted beside these (check runs, province reports). `perCounty`
 * modules are mounted under /c/:county<prefix> (and at <prefix> when one county is loaded) behind
 * the county middleware, so `countyStore` and `currentCounty()` answer for the request's county;
 * the others at <prefix> as they are.
 */
export interface ProvinceRouteModule {
  prefix: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  routes: Hono<any>;
  paths?: Paths;
  perCounty?: boolean;
  /**
   * Where the routes are mounted when that is not `prefix`: a module written for /api (its paths
   * start /patches/…) is mounted at /api, while the county middleware guards only its own prefix.
   */
  at?: string;
}

const COUNTY_PATHS: Paths = {
  '/counties': { get: { summary: 'The counties in this store (code, name), for the viewer\'s switcher', responses: ok() } },
  '/health': { get: { summary: 'Service health and the number of counties', responses: ok() } },
};

const WRITES = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

export async function createProvinceApp(pgStore: PgStore, config: Partial<ProvinceConfig> = {}, extra: ProvinceRouteModule[] = []) {
  const cfg = { ...DEFAULT_CONFIG, ...config };
  // Tiles of patches and the ledger join check results and verdicts: their tables must exist,
  // even on a node that mounts neither the runs nor the field routes.
  await migrateRuns(pgStore);
  const layerCache = new CountyLayerCache(pgStore.reads, cfg.cachedLayers);
  const tileRoutes = createTileRoutes({
    source: new CountyTileSource(layerCache, pgStore.reads),
    publicUrl: cfg.publicUrl,
    trustProxy: cfg.trustProxy,
    cacheControl: cfg.readsNeedAuth ? 'private, no-cache' : undefined,
  });

  /** Runs the rest of the request in a county; a role limited to other counties may not write there. */
  async function enter(county: PgCountyStore, c: Parameters<MiddlewareHandler<AppEnv>>[0], next: () => Promise<void>) {
    const user = c.get('user');
    if (user && WRITES.has(c.req.method) && !(await pgStore.users.actsIn(user.name, county.county))) {
      const limited = await pgStore.users.counties(user.name);
      fail(403, `user "${user.name}" (${user.role}) acts only in ${limited.join(', ')}, not in county ${county.county}`);
    }
    await runInCounty(county, next);
  }

  const byPath: MiddlewareHandler<AppEnv> = async (c, next) => {
    let county: PgCountyStore;
    try {
      county = await pgStore.county(c.req.param('county') ?? '');
    } catch (err) {
      if (err instanceof CountyError) fail(err.status, err.message);
      throw err;
    }
    await enter(county, c, next);
  };

  // The single-county paths answer only when there is exactly one county to answer for.
  const onlyCounty: MiddlewareHandler<AppEnv> = async (c, next) => {
    const counties = await pgStore.counties();
    if (counties.length !== 1) {
      fail(404, counties.length
        ? `${counties.length} counties are loaded (${counties.map((x) => x.code).join(', ')}): choose one with /c/<county>${c.req.path}`
        : 'no county is loaded: import a dataset with groundtruth import DIR --db postgres://…');
    }
    await enter(await pgStore.county(counties[0].code), c, next);
  };

  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  if (cfg.corsOrigins?.length) app.use('*', cors({ origin: cfg.corsOrigins.includes('*') ? '*' : cfg.corsOrigins }));
  app.use('*', securityHeaders());
  app.use('*', clientAddress(Boolean(cfg.trustProxy)));
  app.use('*', bodyLimits(cfg.bodyLimits ?? DEFAULT_BODY_LIMITS));
  app.use('*', identify(pgStore));
  app.use('*', readGuard(cfg.readsNeedAuth));
  app.use('*', readYourWrites(pgStore));
  const days = cfg.tokenDays ?? DEFAULT_TOKEN_DAYS;
  pgStore.users.tokenTtlMs = days > 0 ? days * 24 * 3600 * 1000 : null;

  const countyModules: ProvinceRouteModule[] = [
    { prefix: '/api/layers', routes: layerRoutes({ store: countyStore, maxUploadBytes: cfg.maxUploadBytes }), paths: LAYER_PATHS },
    { prefix: '/tiles', routes: tileRoutes, paths: TILE_PATHS },
    { prefix: '/collections', routes: ogcRoutes(countyStore, { publicUrl: cfg.publicUrl, trustProxy: cfg.trustProxy }), paths: OGC_PATHS },
    ...extra.filter((m) => m.perCounty),
  ];
  app.use('/c/:county/*', byPath);
  for (const m of countyModules) {
    app.use(m.prefix, onlyCounty);
    app.use(`${m.prefix}/*`, onlyCounty);
  }

  const openApi = new OpenApi();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const mount = (prefix: string, routes: Hono<any>, paths: Paths = {}) => {
    app.route(prefix, routes);
    openApi.add(prefix.replace(':county', '{county}'), paths);
  };

  const meta = new Hono<AppEnv>();
  meta.get('/counties', async (c) => c.json({ counties: await pgStore.counties() }));
  meta.get('/health', async (c) => c.json({ ok: true, version: VERSION, counties: (await pgStore.counties()).length }));
  meta.get('/openapi.json', (c) => c.json(openApi.document));
  mount('/api', meta, COUNTY_PATHS);
  mount('/api/auth', authRoutes(pgStore), AUTH_PATHS);
  for (const m of extra.filter((x) => !x.perCounty)) mount(m.prefix, m.routes, m.paths);
  for (const m of countyModules) {
    // The OGC module's paths start at /collections itself; it is written to be mounted at /.
    const at = m.at ?? (m.prefix === '/collections' ? '' : m.prefix);
    mount(`/c/:county${at}`, m.routes, m.paths);
    mount(at || '/', m.routes, {});
  }
  mount('/', viewerRoutes(cfg.viewerDist), VIEWER_PATHS);
  return { app, layerCache, openApi: openApi.document };
}
