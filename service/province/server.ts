// Running a province node on a port: the PostgreSQL store, the province app, a listener. Any
// number of these may run against one database; they share nothing else.
import { serve } from '@hono/node-server';
import { PgStore } from '../store/pg/index.ts';
import { clearOrphanUploads } from '../http/upload.ts';
import { DEFAULT_VIEWER_DIST } from '../server.ts';
import { createProvinceApp, type ProvinceConfig, type ProvinceRouteModule } from './app.ts';

export interface ProvinceServerOptions extends Partial<ProvinceConfig> {
  store: PgStore;
  port?: number;
  host?: string;
  /** Other parts' routes (check runs, province reports); see ProvinceRouteModule. */
  extraRoutes?: ProvinceRouteModule[];
}

export interface RunningProvinceServer {
  url: string;
  close(): Promise<void>;
}

export async function startProvinceServer(opts: ProvinceServerOptions): Promise<RunningProvinceServer> {
  await clearOrphanUploads();
  const { store, port, host = '127.0.0.1', extraRoutes = [], ...config } = opts;
  const { app } = await createProvinceApp(store, { viewerDist: DEFAULT_VIEWER_DIST, ...config }, extraRoutes);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: port ?? 8787, hostname: host }, (info) => {
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.on('error', reject);
  });
}
