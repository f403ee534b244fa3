// The HTTP application. Every dependency is passed in (style.md), so tests drive it in process
// with app.request() and the server only adds a port.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Store } from './store/index.ts';
import type { LayerName } from './layers/schema.ts';
import { handleError } from './http/errors.ts';
import { identify, readGuard, type AppEnv } from './http/auth.ts';
import { bodyLimits, clientAddress, securityHeaders, DEFAULT_BODY_LIMITS, type BodyLimits } from './http/guards.ts';
import { auditRoutes } from './routes/audit.ts';
import { DEFAULT_TOKEN_DAYS } from './store/users.ts';
import { metaRoutes } from './routes/meta.ts';
import { authRoutes } from './routes/auth.ts';
import { layerRoutes } from './routes/layers.ts';
import { ogcRoutes } from './routes/ogc.ts';

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
}

export const DEFAULT_CONFIG: AppConfig = {
  readsNeedAuth: false,
  maxUploadBytes: 2 * 1024 * 1024 * 1024,
};

export type LayerChangeListener = (layer: LayerName) => void;

export interface AppContext {
  store: Store;
  config: AppConfig;
  /** Subscribers are told when a layer's data changed (tile caches, check staleness). */
  layerChanged: Set<LayerChangeListener>;
}

export type Mount = (app: Hono<AppEnv>, ctx: AppContext) => void;

export function createApp(store: Store, config: Partial<AppConfig> = {}, mounts: Mount[] = []) {
  const ctx: AppContext = { store, config: { ...DEFAULT_CONFIG, ...config }, layerChanged: new Set() };
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
  const days = ctx.config.tokenDays ?? DEFAULT_TOKEN_DAYS;
  store.users.tokenTtlMs = days > 0 ? days * 24 * 3600 * 1000 : null;

  app.use('*', readGuard(ctx.config.readsNeedAuth));
  app.route('/api', metaRoutes(store));
  app.route('/api/auth', authRoutes(store));
  app.route('/api', auditRoutes(store));
  app.route(
    '/api/layers',
    layerRoutes({
      store,
      maxUploadBytes: ctx.config.maxUploadBytes,
      onLayerChanged: (layer) => ctx.layerChanged.forEach((fn) => fn(layer)),
    }),
  );
  app.route('/', ogcRoutes(store, { publicUrl: ctx.config.publicUrl, trustProxy: ctx.config.trustProxy }));

  for (const mount of mounts) mount(app, ctx);

  if (ctx.config.viewerDist && existsSync(join(ctx.config.viewerDist, 'index.html'))) {
    const root = relative(process.cwd(), ctx.config.viewerDist) || '.';
    app.use('/*', serveStatic({ root }));
    // The viewer is a single page: unknown non-API paths get its index.
    const index = join(ctx.config.viewerDist, 'index.html');
    app.get('*', async (c) => {
      if (/^\/(api|collections|conformance|tiles)(\/|$)/.test(c.req.path)) {
        return c.json({ error: `no route for GET ${c.req.path}` }, 404);
      }
      return c.html(await readFile(index, 'utf8'));
    });
  } else {
    app.get('/', (c) =>
      c.html(
        '<!doctype html><meta charset="utf-8"><title>Groundtruth</title><p>Groundtruth is running. The viewer is not built (run <code>npm run build:viewer</code>). API: <a href="/api/docs">/api/docs</a></p>',
      ),
    );
  }
  return { app, ctx };
}
