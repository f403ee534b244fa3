// The composition root: the one place where the parts are made, wired to one event hub and
// mounted. Every dependency is passed in, so tests drive the app in process with app.request()
// and the server only adds a port.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Store } from './store/index.ts';
import { EventHub } from './events.ts';
import { handleError } from './http/errors.ts';
import { identify, readGuard, type AppEnv } from './http/auth.ts';
import { bodyLimits, clientAddress, securityHeaders, DEFAULT_BODY_LIMITS, type BodyLimits } from './http/guards.ts';
import { AUDIT_PATHS, auditRoutes } from './routes/audit.ts';
import { DEFAULT_TOKEN_DAYS } from './store/users.ts';
import { resultLayers } from './checks/registry/index.ts';
import { CheckRunner } from './runs/runner.ts';
import type { StoreTileSource } from './tilesource/duckdb-source.ts';
import { CachedTileSource } from './layercache/tile-source.ts';
import { REVIEW_SQL } from './review/tables.ts';
import { TEARDOWN_SQL } from './teardown/tables.ts';
import { createTileRoutes, TILE_PATHS } from './tiles/index.ts';
import { OpenApi, type Paths } from './routes/openapi.ts';
import { META_PATHS, metaRoutes } from './routes/meta.ts';
import { AUTH_PATHS, authRoutes } from './routes/auth.ts';
import { LAYER_PATHS, layerRoutes } from './routes/layers.ts';
import { OGC_PATHS, ogcRoutes } from './routes/ogc.ts';
import { CHECK_PATHS, checkRoutes } from './routes/checks.ts';
import { SEARCH_PATHS, searchRoutes } from './routes/search.ts';
import { FACILITIES_PATHS, facilitiesRoutes } from './routes/facilities.ts';
import { REVIEW_PATHS, reviewRoutes } from './routes/review.ts';
import { TEARDOWN_PATHS, teardownRoutes } from './routes/teardown.ts';
import { VIEWER_PATHS, viewerRoutes } from './routes/viewer.ts';
import { ImageryService } from './imagery/index.ts';
import { IMAGERY_PATHS, imageryRoutes } from './routes/imagery.ts';
import { PLANS_SQL } from './teardown/plans-store.ts';
import { PLAN_PATHS, teardownPlanRoutes } from './routes/teardown-plans.ts';
import { REPORT_PATHS, reportRoutes } from './routes/reports.ts';
import { QUALITY_SQL } from './quality/tables.ts';
import { QUALITY_PATHS, qualityRoutes } from './routes/quality.ts';
import { Republisher, type RepublishSetting } from './pmtiles/republish.ts';
import { PMTILES_PATHS, pmtilesRoutes } from './pmtiles/routes.ts';

export interface AppConfig {
  /** Whether reads (layers, features, tiles) need a signed-in user. Writes always do. */
  readsNeedAuth: boolean;
  maxUploadBytes: number;
  /** Built viewer to serve at / (viewer/dist), if present. */
  viewerDist?: string;
  /** Allowed CORS origins ('*' for any); none by default. */
  corsOrigins?: string[];
  /** Public base URL when behind a reverse proxy (TileJSON, links). */
  publicUrl?: string;
  /** Honour X-Forwarded-For/Proto/Host/Prefix: only behind a proxy that sets (and strips) them. */
  trustProxy?: boolean;
  /** Lifetime of new tokens in days (0: no expiry). */
  tokenDays?: number;
  bodyLimits?: BodyLimits;
  /** Keep these layers' PMTiles archives published in object storage, rebuilt when they change. */
  publishPmtiles?: RepublishSetting;
}

export const DEFAULT_CONFIG: AppConfig = {
  readsNeedAuth: false,
  maxUploadBytes: 2 * 1024 * 1024 * 1024,
};

export interface AppContext {
  store: Store;
  config: AppConfig;
  events: EventHub;
  runner: CheckRunner;
  tiles: StoreTileSource;
  imagery: ImageryService;
  republisher?: Republisher;
}

/** Builds the whole app over an open store: creates the parts' tables, wires events, mounts routes. */
export async function createApp(store: Store, config: Partial<AppConfig> = {}) {
  const events = new EventHub();
  const runner = await CheckRunner.create(store, events);
  await store.migrate([...REVIEW_SQL, ...TEARDOWN_SQL, ...PLANS_SQL, ...QUALITY_SQL]);
  // Result-free layers' tiles come from the runner's in-memory columns (layercache/).
  const tiles = new CachedTileSource(store, runner.layers);
  const imagery = await ImageryService.create(store);
  const ctx: AppContext = { store, config: { ...DEFAULT_CONFIG, ...config }, events, runner, tiles, imagery };

  const tileRoutes = createTileRoutes({
    source: tiles,
    publicUrl: ctx.config.publicUrl,
    trustProxy: ctx.config.trustProxy,
    // Sign-in for reads is checked by the app's read guard before the tile routes.
    cacheControl: ctx.config.readsNeedAuth ? 'private, no-cache' : undefined,
  });
  // Tiles show layers, check results and verdicts: each change refreshes the tiles showing it.
  events.on('layer-changed', ({ layer }) => {
    tiles.invalidate();
    tileRoutes.evictLayer(layer);
  });
  events.on('run-finished', ({ check }) => {
    tiles.invalidate();
    resultLayers(check).forEach((l) => tileRoutes.evictLayer(l));
  });
  // A verdict changes one patch: only the tiles over it are made again.
  events.on('verdict-given', ({ batch, id }) => {
    tiles.invalidate();
    tileRoutes.touchArea('patches', tiles.patchBbox(batch, id));
  });

  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  if (ctx.config.corsOrigins?.length) {
    app.use('*', cors({ origin: ctx.config.corsOrigins.includes('*') ? '*' : ctx.config.corsOrigins }));
  }
  app.use('*', securityHeaders());
  app.use('*', clientAddress(Boolean(ctx.config.trustProxy)));
  app.use('*', bodyLimits(ctx.config.bodyLimits ?? DEFAULT_BODY_LIMITS));
  app.use('*', identify(store));
  app.use('*', readGuard(ctx.config.readsNeedAuth));
  const days = ctx.config.tokenDays ?? DEFAULT_TOKEN_DAYS;
  store.users.tokenTtlMs = days > 0 ? days * 24 * 3600 * 1000 : null;

  // Each module is mounted with the OpenAPI paths it serves, so the document lists every route.
  const openApi = new OpenApi();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const mount = (prefix: string, routes: Hono<any>, paths: Paths) => {
    app.route(prefix, routes);
    openApi.add(prefix, paths);
  };
  mount('/api', metaRoutes(store, openApi.document), META_PATHS);
  mount('/api/auth', authRoutes(store), AUTH_PATHS);
  mount('/api', auditRoutes(store), AUDIT_PATHS);
  mount('/api/layers', layerRoutes({ store, maxUploadBytes: ctx.config.maxUploadBytes, events }), LAYER_PATHS);
  mount('/api/checks', checkRoutes(store, runner), CHECK_PATHS);
  mount('/api', searchRoutes(store), SEARCH_PATHS);
  mount('/api', facilitiesRoutes(store), FACILITIES_PATHS);
  mount('/api', reviewRoutes(store, events), REVIEW_PATHS);
  mount('/api', teardownRoutes(store, events), TEARDOWN_PATHS);
  mount('/api/teardown', teardownPlanRoutes(store, events), PLAN_PATHS);
  mount('/api/reports', reportRoutes(store), REPORT_PATHS);
  mount('/api/quality', qualityRoutes(store, events), QUALITY_PATHS);
  mount('/tiles', tileRoutes, TILE_PATHS);
  if (ctx.config.publishPmtiles) {
    ctx.republisher = new Republisher(store, tiles, ctx.config.publishPmtiles);
    ctx.republisher.start(events);
    mount('/pmtiles', pmtilesRoutes(ctx.republisher), PMTILES_PATHS);
  }
  mount('/', ogcRoutes(store, { publicUrl: ctx.config.publicUrl, trustProxy: ctx.config.trustProxy }), OGC_PATHS);
  mount('/', imageryRoutes(imagery, { maxUploadBytes: ctx.config.maxUploadBytes, publicUrl: ctx.config.publicUrl, trustProxy: ctx.config.trustProxy, readsNeedAuth: ctx.config.readsNeedAuth }), IMAGERY_PATHS);
  // Last: the viewer answers every path nothing above took.
  mount('/', viewerRoutes(ctx.config.viewerDist), VIEWER_PATHS);
  return { app, ctx, openApi: openApi.document };
}
