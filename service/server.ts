// Running the app on a port: open the store, build the app with every part mounted, listen.
import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { Store } from './store/index.ts';
import { createApp, type AppConfig } from './app.ts';
import { clearOrphanUploads } from './http/upload.ts';
import type { CheckRunner } from './runs/runner.ts';
import type { ImageryService } from './imagery/index.ts';

export const DEFAULT_VIEWER_DIST = fileURLToPath(new URL('../viewer/dist', import.meta.url));

export interface ServerOptions extends Partial<AppConfig> {
  dbPath?: string;
  /** An already open store (tests); otherwise dbPath is opened. */
  store?: Store;
  port?: number;
  host?: string;
  /** Hold the checks' layers read and projected ahead of their runs (runner.keepReady). */
  keepChecksReady?: boolean;
}

export interface RunningServer {
  url: string;
  store: Store;
  runner: CheckRunner;
  imagery: ImageryService;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const store = opts.store ?? (await Store.open(opts.dbPath));
  await clearOrphanUploads();
  const { app, ctx } = await createApp(store, { viewerDist: DEFAULT_VIEWER_DIST, ...opts });
  if (opts.keepChecksReady) ctx.runner.keepReady();
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port ?? 8787, hostname: host }, (info) => {
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${info.port}`,
        store,
        runner: ctx.runner,
        imagery: ctx.imagery,
        close: () =>
          new Promise<void>((done) => {
            server.close(async () => {
              await ctx.imagery.close();
              await ctx.runner.close();
              if (!opts.store) store.close();
              done();
            });
          }),
      });
    });
    server.on('error', reject);
  });
}
