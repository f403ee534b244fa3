// /api/openapi.json and /api/docs list every route the app serves, and nothing it does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';

let store: Store;
let built: Awaited<ReturnType<typeof createApp>>;

beforeAll(async () => {
  store = await Store.open(':memory:');
  built = await createApp(store);
});
afterAll(() => store.close());

/** Hono's `/runs/:id` as OpenAPI's `/runs/{id}`. */
const openApiPath = (p: string) => p.replace(/:([A-Za-z0-9_.]+)/g, '{$1}');

/** Served routes as "get /api/checks/{check}", leaving out middleware (ALL) and the viewer's catch-all. */
function servedRoutes(): string[] {
  const routes = built.app.routes
    .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
    .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`);
  return [...new Set(routes)].sort();
}

async function documented(): Promise<string[]> {
  const res = await built.app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
    .sort();
}

describe('OpenAPI document', () => {
  it('lists every served route, and only those', async () => {
    const served = servedRoutes();
    // The parts the document once left out are among them.
    for (const route of ['post /api/checks/{check}', 'get /tiles/{spec}/{z}/{x}/{file}', 'put /api/patches/{id}/verdict', 'get /api/search']) {
      expect(served).toContain(route);
    }
    const docs = await documented();
    // Every served route is documented; beyond the templates, only concrete instances of a served
    // template (the OGC per-collection paths such as /collections/ledger/items) may be listed.
    for (const route of served) expect(docs).toContain(route);
    const templates = served.map((r) => new RegExp(`^${r.replace(/\{[^}]+\}/g, '[^/]+')}$`));
    for (const route of docs) expect(templates.some((t) => t.test(route)), route).toBe(true);
  });

  it('shows every path on the /api/docs page', async () => {
    const html = await (await built.app.request('/api/docs')).text();
    for (const route of servedRoutes()) expect(html).toContain(`<code>${route.split(' ')[1]}</code>`);
  });
});
