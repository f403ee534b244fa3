// The API describing itself: health, the OpenAPI document and a page a person can read.
import { Hono } from 'hono';
import { LAYER_NAMES, LAYERS } from '../layers/schema.ts';
import { ok, type OpenApiDocument, type Paths } from './openapi.ts';
import type { Store } from '../store/index.ts';
import { VERSION } from '../version.ts';

export const META_PATHS: Paths = {
  '/health': { get: { summary: 'Service health and database', responses: ok() } },
  '/openapi.json': { get: { summary: 'This document (OpenAPI 3.0)', responses: ok() } },
  '/docs': { get: { summary: 'The endpoints and layers as a page to read', responses: ok() } },
};

/** `doc` is read on each request: the app adds the paths of modules mounted after this one. */
export function metaRoutes(store: Store, doc: OpenApiDocument) {
  const app = new Hono();

  app.get('/health', async (c) => {
    const layers = await store.layers();
    // No file paths: health is open to anyone, even when reads need sign-in.
    return c.json({ ok: true, version: VERSION, features: layers.reduce((n, l) => n + l.count, 0) });
  });

  app.get('/openapi.json', (c) => c.json(doc));

  app.get('/docs', (c) => c.html(apiPage(doc)));

  return app;
}

function apiPage(doc: OpenApiDocument): string {
  const rows = Object.entries(doc.paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, { summary: string; 'x-role'?: string }>).map(
        ([method, op]) =>
          `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${path}</code></td><td>${op.summary}</td><td>${op['x-role'] ?? '—'}</td></tr>`,
      ),
    )
    .join('\n');
  const layers = LAYER_NAMES.map(
    (l) => `<tr><td><code>${l}</code></td><td>${LAYERS[l].title.zh} · ${LAYERS[l].title.en}</td><td>${LAYERS[l].props
      .map((p) => (p.required ? `<b>${p.name}</b>` : p.name))
      .join(', ')}</td></tr>`,
  ).join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Groundtruth API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
code{background:#f4f4f4;padding:0 3px}</style></head><body>
<h1>Groundtruth API · 接口说明</h1>
<p>Writes need <code>Authorization: Bearer &lt;token&gt;</code> (sign in with <code>POST /api/auth/login</code>, or make a token with
<code>groundtruth user add NAME --role ROLE</code>). Errors are JSON <code>{"error": "…"}</code>. The machine-readable document is
<a href="/api/openapi.json">/api/openapi.json</a>.</p>
<h2>Endpoints · 接口</h2><table><tr><th>Method</th><th>Path</th><th>What</th><th>Role</th></tr>${rows}</table>
<h2>Layers · 图层</h2><p>Bold properties are required.</p><table><tr><th>Layer</th><th>Title</th><th>Properties</th></tr>${layers}</table>
</body></html>`;
}
