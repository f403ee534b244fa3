// The built viewer at / (a single page: unknown non-API paths get its index), or a note saying
// how to build it. Mounted last, after every API route.
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { AppEnv } from '../http/auth.ts';
import { ok, type Paths } from './openapi.ts';

/** Other paths not under /api, /collections, /conformance or /tiles get the viewer's page too. */
export const VIEWER_PATHS: Paths = {
  '/': { get: { summary: 'The viewer (or, when it is not built, how to build it)', responses: ok() } },
};

export function viewerRoutes(viewerDist: string | undefined) {
  const app = new Hono<AppEnv>();
  if (viewerDist && existsSync(join(viewerDist, 'index.html'))) {
    const root = relative(process.cwd(), viewerDist) || '.';
    app.use('/*', serveStatic({ root }));
    const index = join(viewerDist, 'index.html');
    app.get('*', async (c) => {
      if (/^\/(c\/[^/]+\/)?(api|collections|conformance|tiles)(\/|$)/.test(c.req.path)) {
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
  return app;
}
