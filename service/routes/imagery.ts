// Dated imagery over HTTP: the catalogue under /api/imagery (list, GeoTIFF upload, outside XYZ
// template, delete) and raster tiles with their TileJSON under /imagery. Mount at '/'.
import { Hono, type Context } from 'hono';
import { requireRole, requireUser, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import { receiveUpload } from '../http/upload.ts';
import { IMAGERY_WRITERS } from '../layers/roles.ts';
import { etagMatches } from '../tiles/http-helpers.ts';
import { publicTilesBase } from '../tiles/tilejson.ts';
import { ImageryInputError, ImageryRequestError, ImageryUnavailableError, MAX_TILE_ZOOM, type ImageryRow, type ImageryService } from '../imagery/index.ts';
import { CONTENT_TYPES, TILE_FORMATS, type TileFormat } from '../imagery/render.ts';
import { NAME_RULE } from '../imagery/inputs.ts';
import { ok, param, refused, type Paths } from './openapi.ts';

const nameParam = param('name', 'path', 'imagery name (letters, digits, _ or -)');

/** The routes below in OpenAPI form, relative to '/'. */
export const IMAGERY_PATHS: Paths = {
  '/api/imagery': {
    get: { summary: 'Dated imagery: [{name, date, bounds, minzoom, maxzoom, source (file|xyz), crs (EPSG:3857|GCJ02), tiles, attribution}]', responses: ok() },
    post: {
      summary: 'Register an outside XYZ template: JSON {name, date, url with {z}/{x}/{y}, crs EPSG:3857 or GCJ02, attribution[, bounds, minzoom, maxzoom]}',
      'x-role': 'inspector, admin',
      responses: { '201': { description: 'the listing entry' }, ...refused },
    },
  },
  '/api/imagery/{name}': {
    put: {
      summary:
        'Store a GeoTIFF (raw body or multipart field "file"): 8-bit RGB(A) in EPSG:4326/4490/4513–4554 from its GeoKeys or crs. An image of the same name is replaced only once the new one is checked; 422 names what makes a file unusable.',
      'x-role': 'inspector, admin',
      parameters: [nameParam, param('date', 'query', 'day the image was taken, YYYY-MM-DD'), param('crs', 'query', 'CRS when the GeoKeys name none, e.g. EPSG:4549')],
      responses: { '201': { description: 'the listing entry' }, ...refused, '422': { description: 'the file cannot be served; nothing stored' } },
    },
    delete: { summary: 'Delete an image, its file and its cached tiles', 'x-role': 'inspector, admin', parameters: [nameParam], responses: { ...ok(), ...refused, '404': { description: 'no such image' } } },
  },
  '/imagery/{file}': {
    get: { summary: 'TileJSON 3.0.0 of an image with absolute tile URLs: /imagery/<name>.json', parameters: [param('file', 'path', '<name>.json')], responses: { ...ok(), '404': { description: 'no such image' } } },
  },
  '/imagery/{name}/{z}/{x}/{file}': {
    get: {
      summary: 'A 256-px Web Mercator tile, reprojected bilinearly (/imagery/<name>/<z>/<x>/<y>.webp, .png or .jpg), with ETag; 204 where the image has no pixel',
      parameters: [nameParam, ...['z', 'x'].map((n) => param(n, 'path', `tile ${n}`)), param('file', 'path', '<y>.webp, <y>.png or <y>.jpg')],
      responses: { '200': { description: 'image/webp, image/png or image/jpeg' }, '204': { description: 'outside the image' }, '304': { description: 'not modified' } },
    },
  },
};

export interface ImageryRoutesOptions {
  maxUploadBytes: number;
  publicUrl?: string;
  /** Honour X-Forwarded-* in TileJSON links (only behind a proxy the deployment trusts). */
  trustProxy?: boolean;
  /** Tiles need a signed-in user too (the app's read guard covers /api only). */
  readsNeedAuth?: boolean;
}

/** Turns the service's input errors into 4xx answers naming the problem. */
async function answering<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ImageryRequestError) fail(400, err.message);
    if (err instanceof ImageryInputError) fail(422, `the image was not stored: ${err.message}`);
    if (err instanceof ImageryUnavailableError) fail(503, err.message);
    throw err;
  }
}

/**
 * `imagery` is the service, or a function giving the service of the request (the province edition
 * keeps one per county). Mounted at '/' or under a prefix (/c/<county>): tile links keep the prefix.
 */
export function imageryRoutes(imagery: ImageryService | (() => ImageryService), opts: ImageryRoutesOptions) {
  const app = new Hono<AppEnv>();
  const cacheControl = opts.readsNeedAuth ? 'private, no-cache' : 'public, no-cache';
  const service = typeof imagery === 'function' ? imagery : () => imagery;
  const base = (c: Context) => {
    const at = c.req.path.search(/\/(api\/)?imagery(\/|$)/);
    return publicTilesBase(c, `${at > 0 ? c.req.path.slice(0, at) : ''}/imagery`, opts.publicUrl, opts.trustProxy);
  };
  /** A process without an imagery folder refuses a write before reading its body. */
  const writable = () => answering(async () => service().checkWritable());

  /** The listing entry the viewer reads: where the tiles are and what they show. */
  const entry = (row: ImageryRow, tilesBase: string) => ({
    name: row.name,
    date: row.date,
    bounds: row.bounds,
    minzoom: row.minzoom,
    maxzoom: row.maxzoom,
    source: row.source,
    crs: row.crs,
    tiles: [row.source === 'file' ? `${tilesBase}/${encodeURIComponent(row.name)}/{z}/{x}/{y}.webp` : row.url!],
    attribution: row.attribution ?? '',
    ...(row.source === 'file' ? { source_crs: row.source_crs, width: row.width, height: row.height } : {}),
    added_by: row.added_by,
    added_at: row.added_at,
  });

  app.get('/api/imagery', async (c) => {
    const tilesBase = base(c);
    return c.json((await service().list()).map((r) => entry(r, tilesBase)));
  });

  app.put('/api/imagery/:name', async (c) => {
    const user = requireRole(c, IMAGERY_WRITERS, 'add imagery');
    const name = c.req.param('name');
    if (!NAME_RULE.test(name)) fail(400, `imagery name ${JSON.stringify(name)} must be 1–64 letters, digits, _ or -`);
    await writable();
    const upload = await receiveUpload(c.req.raw, { maxBytes: opts.maxUploadBytes, filename: `${name}.tif` });
    try {
      const q = (k: string) => c.req.query(k) ?? upload.fields[k];
      const row = await answering(() => service().importFile(upload.path, { name, date: q('date') ?? '', crs: q('crs') || undefined, user: user.name }));
      return c.json(entry(row, base(c)), 201);
    } finally {
      await upload.cleanup();
    }
  });

  app.post('/api/imagery', async (c) => {
    const user = requireRole(c, IMAGERY_WRITERS, 'add imagery');
    await writable();
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      fail(400, 'the body must be JSON: {"name", "date", "url", "crs", "attribution"}');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) fail(400, 'the body must be a JSON object: {"name", "date", "url", "crs", "attribution"}');
    const row = await answering(() => service().registerXyz(body as Record<string, unknown>, user.name));
    return c.json(entry(row, base(c)), 201);
  });

  app.delete('/api/imagery/:name', async (c) => {
    requireRole(c, IMAGERY_WRITERS, 'delete imagery');
    await writable();
    const name = c.req.param('name');
    if (!(await service().remove(name))) fail(404, `no imagery named ${JSON.stringify(name)}`);
    return c.json({ deleted: name });
  });

  if (opts.readsNeedAuth) {
    app.use('/imagery/*', async function imageryReadGuard(c, next) {
      requireUser(c);
      await next();
    });
  }

  // A Hono parameter followed by ".json" would swallow the suffix, so the file name is split here.
  app.get('/imagery/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.json')) fail(404, `no imagery route for ${c.req.path}; use /imagery/<name>.json or /imagery/<name>/<z>/<x>/<y>.webp`);
    const name = file.slice(0, -5);
    const row = await service().get(name);
    if (!row) fail(404, `no imagery named ${JSON.stringify(name)}`);
    const [w, s, e, n] = row.bounds;
    c.header('Cache-Control', cacheControl);
    return c.json({
      tilejson: '3.0.0',
      name: row.name,
      description: `${row.name} (${row.date})`,
      attribution: row.attribution ?? '',
      scheme: 'xyz',
      tiles: [row.source === 'file' ? `${base(c)}/${encodeURIComponent(row.name)}/{z}/{x}/{y}.webp` : row.url!],
      minzoom: row.minzoom,
      maxzoom: row.maxzoom,
      bounds: row.bounds,
      center: [(w + e) / 2, (s + n) / 2, Math.max(row.minzoom, Math.min(row.maxzoom, 15))],
      date: row.date,
      crs: row.crs,
    });
  });

  app.get('/imagery/:name/:z/:x/:file', async (c) => {
    const file = c.req.param('file');
    const dot = file.lastIndexOf('.');
    const format = file.slice(dot + 1) as TileFormat;
    if (dot < 0 || !TILE_FORMATS.includes(format)) fail(404, `tile ${file} must end in .webp, .png or .jpg`);
    const parts = { zoom: c.req.param('z'), x: c.req.param('x'), y: file.slice(0, dot) };
    for (const [label, s] of Object.entries(parts)) {
      if (!/^\d{1,10}$/.test(s)) fail(400, `tile ${label} ${JSON.stringify(s)} is not a whole number`);
    }
    const [z, x, y] = [Number(parts.zoom), Number(parts.x), Number(parts.y)];
    if (z > MAX_TILE_ZOOM) fail(400, `tile zoom ${z} is above ${MAX_TILE_ZOOM}`);
    const name = c.req.param('name');
    const tile = await answering(() => service().tile(name, z, x, y, format));
    if (tile.status === 404) fail(404, `no imagery file named ${JSON.stringify(name)}`);
    c.header('ETag', tile.etag);
    c.header('Cache-Control', cacheControl);
    if (etagMatches(c.req.header('if-none-match'), tile.etag)) return c.body(null, 304);
    if (tile.status === 204) return c.body(null, 204);
    c.header('Content-Type', CONTENT_TYPES[format]);
    return c.body(tile.body, 200);
  });

  return app;
}
