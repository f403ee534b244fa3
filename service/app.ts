// The composition root: the one place where the parts are made, wired to one event hub and
// mounted. Every dependency is passed in, so tests drive the app in process with app.request()
// and the server only adds a port.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Store } from './store/index.ts';
import { EventHub } from './events.ts';
import { handleError } from './http/errors.ts';
import { identify, readGuard, type AppEnv } from './http/auth.ts';
import { resultLayers } from './checks/registry/index.ts';
import { CheckRunner } from './runs/runner.ts';
import { StoreTileSource } from './tilesource/duckdb-source.ts';
import { createTileRoutes } from './tiles/index.ts';
import { FIELD_SQL } from './field/tables.ts';
import { metaRoutes } from './routes/meta.ts';
import { authRoutes } from './routes/auth.ts';
import { layerRoutes } from './routes/layers.ts';
import { ogcRoutes } from './routes/ogc.ts';
import { checkRoutes } from './routes/checks.ts';
import { searchRoutes } from './routes/search.ts';
import { fieldRoutes } from './routes/field.ts';
import { viewerRoutes } from './routes/viewer.ts';

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
}

/** Builds the whole app over an open store: creates the parts' tables, wires events, mounts routes. */
export async function createApp(store: Store, config: Partial<AppConfig> = {}) {
  const events = new EventHub();
  const runner = await CheckRunner.create(store, events);
  await store.migrate(FIELD_SQL);
  const tiles = new StoreTileSource(store);
  const ctx: AppContext = { store, config: { ...DEFAULT_CONFIG, ...config }, events, runner, tiles };

  const tileRoutes = createTileRoutes({
    source: tiles,
    publicUrl: ctx.config.publicUrl,
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
  events.on('verdict-given', () => {
    tiles.invalidate();
    tileRoutes.evictLayer('patches');
  });

  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  if (ctx.config.corsOrigins?.length) {
    app.use('*', cors({ origin: ctx.config.corsOrigins.includes('*') ? '*' : ctx.config.corsOrigins }));
  }
  app.use('*', identify(store));
  app.use('*', readGuard(ctx.config.readsNeedAuth));

  app.route('/api', metaRoutes(store));
  app.route('/api/auth', authRoutes(store));
  app.route('/api/layers', layerRoutes({ store, maxUploadBytes: ctx.config.maxUploadBytes, events }));
  app.route('/api/checks', checkRoutes(store, runner));
  app.route('/api', searchRoutes(store));
  app.route('/api', fieldRoutes(store, events));
  app.route('/tiles', tileRoutes);
  app.route('/', ogcRoutes(store));
  app.route('/', viewerRoutes(ctx.config.viewerDist));
  return { app, ctx };
}
