// GET /:layers/:z/:x/:y.mvt and /:layers.json, where :layers is one layer or a comma list
// (a composite tile). Mount with app.route('/tiles', createTileRoutes({ source })).
// The routes know only the TileSource interface; all rendering is in encode.ts.
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { TileLayerInfo, TileSource } from './types.ts';
import { TileCache, type CachedTile, type TileEncoding } from './cache.ts';
import { lonLatToTile, tileCoordError } from './tile-math.ts';
import { DEFAULT_ENCODE_OPTIONS, type EncodeOptions } from './encode.ts';
import { renderSourceTile } from './source-tile.ts';
import { compress, etagMatches, negotiateEncoding } from './http-helpers.ts';
import { TouchedAreas } from './touched.ts';
import { publicTilesBase, tileJson } from './tilejson.ts';

/** OpenAPI paths of these routes, relative to where they are mounted. */
export const TILE_PATHS = {
  '/': { get: { summary: 'Tile layers, each with its TileJSON URL', responses: { '200': { description: 'OK' } } } },
  '/{spec}': {
    get: {
      summary: 'TileJSON of one layer or a comma list of layers: /<layers>.json',
      parameters: [{ name: 'spec', in: 'path', required: true, description: '<layer>[,<layer>…].json', schema: { type: 'string' } }],
      responses: { '200': { description: 'TileJSON 3.0' }, '404': { description: 'unknown layer' } },
    },
  },
  '/{spec}/{z}/{x}/{file}': {
    get: {
      summary: 'A Mapbox vector tile of one layer or a composite (/<layers>/<z>/<x>/<y>.mvt), with ETag; 204 when empty',
      parameters: ['spec', 'z', 'x', 'file'].map((name) => ({ name, in: 'path', required: true, description: name === 'file' ? '<y>.mvt' : name, schema: { type: 'string' } })),
      responses: { '200': { description: 'application/vnd.mapbox-vector-tile' }, '204': { description: 'empty tile' }, '304': { description: 'not modified' } },
    },
  },
};

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';
/** Part of every ETag and cache key: bump when the encoder's output changes for the same data. */
const RENDER_VERSION = 'r1';

export interface TileRoutesOptions {
  source: TileSource;
  /** Public base URL of the service behind a proxy (e.g. https://gis.example/app); wins over X-Forwarded-*. */
  publicUrl?: string;
  /** Honour X-Forwarded-Proto/Host/Prefix (only behind a proxy that sets them). */
  trustProxy?: boolean;
  /** Bytes of rendered and compressed tiles kept in memory (default 256 MiB). */
  cacheBytes?: number;
  /** Allowed CORS origin(s); '*' for any; none (no CORS headers) by default. */
  cors?: string | string[];
  /** Called first on every request; throw (e.g. an HTTPException 401) to refuse it. */
  authorize?: (c: Context) => Promise<void> | void;
  /** Highest zoom accepted in a URL (default 22). */
  maxzoom?: number;
  /** Cache-Control of tiles and TileJSON (default: revalidate every time, private if authorize is set). */
  cacheControl?: string;
  /** Encoder settings (extent, buffer, size cap…). */
  encode?: Partial<EncodeOptions>;
}

export type TileRoutes = Hono & {
  cache: TileCache;
  /** Drops the cached tiles of a layer (call when it changed; a new version would miss anyway). */
  evictLayer(layer: string): number;
  /**
   * Refreshes the tiles of `layer` over an area changed in place (no new layer version), e.g. one
   * judged patch: those tiles get a new cache key and ETag and are dropped; the rest stay cached.
   * The bbox may still be coming: tile requests wait for it. null = unknown, refresh the layer.
   */
  touchArea(layer: string, bbox: [number, number, number, number] | null | Promise<[number, number, number, number] | null>): void;
  /** Fills the cache with the tiles of one layer or composite ("a,b") up to a zoom (default 10). */
  prerender(spec: string, upToZoom?: number): Promise<number>;
};

/** Weak: the same tile may be sent raw, gzip or br. */
const etagOf = (key: string) => `W/"${createHash('sha1').update(RENDER_VERSION + key).digest('base64url').slice(0, 24)}"`;

const LAYER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function createTileRoutes(opts: TileRoutesOptions): TileRoutes {
  const { source } = opts;
  const maxzoom = opts.maxzoom ?? 22;
  const cache = new TileCache(opts.cacheBytes ?? 256 * 1024 * 1024);
  const cacheControl = opts.cacheControl ?? (opts.authorize ? 'private, no-cache' : 'public, no-cache');
  const encode = { ...DEFAULT_ENCODE_OPTIONS, ...opts.encode };
  // One render per tile at a time: concurrent misses of the same key share it.
  const pending = new Map<string, Promise<CachedTile>>();
  const touched = new TouchedAreas(encode.buffer, encode.extent);
  /** Areas whose bbox is still being looked up: tile requests wait for them. */
  const touching = new Set<Promise<unknown>>();
  const app = new Hono();

  /** The layers' versions for the cache key of tile z/x/y, with the areas touched in it. */
  async function keyVersions(names: string[], z: number, x: number, y: number): Promise<string[]> {
    const versions = await Promise.all(names.map((n) => (source.cacheVersion ? source.cacheVersion(n) : source.version(n))));
    if (touching.size) await Promise.all(touching);
    return versions.map((v, i) => v + touched.marker(names[i], z, x, y));
  }

  function touchArea(layer: string, bbox: [number, number, number, number] | null | Promise<[number, number, number, number] | null>): void {
    const apply = (box: [number, number, number, number] | null) => {
      touched.touch(layer, box);
      if (box) cache.evictTiles(layer, (z, x, y) => touched.covers(box, z, x, y));
      else cache.evictLayer(layer);
    };
    if (!(bbox instanceof Promise)) return apply(bbox);
    const job: Promise<unknown> = bbox.then(apply, () => apply(null)).finally(() => touching.delete(job));
    touching.add(job);
  }

  if (opts.cors) {
    const origin = opts.cors;
    app.use('*', cors({ origin: origin === '*' || (Array.isArray(origin) && origin.includes('*')) ? '*' : origin, exposeHeaders: ['ETag', 'X-Tile-Reduced'] }));
  }
  if (opts.authorize) {
    const authorize = opts.authorize;
    app.use('*', async function authorizeTileRead(c, next) {
      await authorize(c);
      await next();
    });
  }

  /** The layers of a ":layers" segment with their info, or an error response. */
  async function resolveLayers(c: Context, spec: string): Promise<{ names: string[]; infos: TileLayerInfo[] } | Response> {
    const names = spec.split(',');
    for (const name of names) {
      if (!LAYER_NAME.test(name)) return c.json({ error: `layer name ${JSON.stringify(name)} is not a layer name (letters, digits, _ and -)` }, 400);
    }
    if (new Set(names).size !== names.length) return c.json({ error: `layer list ${spec} names a layer twice` }, 400);
    const infos = await Promise.all(names.map((n) => source.info(n)));
    const unknown = names.filter((_, i) => !infos[i]);
    if (unknown.length) return c.json({ error: `unknown layer ${unknown.join(', ')}` }, 404);
    return { names, infos: infos as TileLayerInfo[] };
  }

  app.get('/', async (c) => {
    const base = publicTilesBase(c, c.req.path.replace(/\/+$/, ''), opts.publicUrl, opts.trustProxy);
    const names = await source.layers();
    return c.json({ layers: names.map((n) => ({ name: n, tilejson: `${base}/${n}.json` })) });
  });

  app.get('/:spec', async (c) => {
    const raw = c.req.param('spec');
    if (!raw.endsWith('.json')) return c.json({ error: `no tile route for ${c.req.path}; use /<layer>.json or /<layer>/<z>/<x>/<y>.mvt` }, 404);
    const layers = await resolveLayers(c, raw.slice(0, -5));
    if (layers instanceof Response) return layers;
    const path = c.req.path;
    const base = publicTilesBase(c, path.slice(0, path.lastIndexOf('/')), opts.publicUrl, opts.trustProxy);
    c.header('Cache-Control', cacheControl);
    return c.json(tileJson(layers.names.join(','), layers.infos, base));
  });

  app.get('/:spec/:z/:x/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.mvt')) return c.json({ error: `no tile route for ${c.req.path}; tiles end in .mvt` }, 404);
    const layers = await resolveLayers(c, c.req.param('spec'));
    if (layers instanceof Response) return layers;
    const zs = c.req.param('z');
    const xs = c.req.param('x');
    const ys = file.slice(0, -4);
    for (const [label, s] of [['zoom', zs], ['x', xs], ['y', ys]] as const) {
      if (!/^\d{1,10}$/.test(s)) return c.json({ error: `tile ${label} ${JSON.stringify(s)} is not a whole number` }, 400);
    }
    const [z, x, y] = [Number(zs), Number(xs), Number(ys)];
    const coordError = tileCoordError(z, x, y, maxzoom);
    if (coordError) return c.json({ error: `tile ${zs}/${xs}/${ys}: ${coordError}` }, 400);

    const versions = await keyVersions(layers.names, z, x, y);
    const key = TileCache.key(layers.names, versions, z, x, y);
    const etag = etagOf(key);
    c.header('ETag', etag);
    c.header('Cache-Control', cacheControl);
    c.header('Vary', 'Accept-Encoding');
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);

    let entry = cache.get(key);
    c.header('X-Cache', entry ? 'hit' : 'miss');
    if (!entry) entry = await renderOnce(key, layers.names, layers.infos, z, x, y, etag);
    if (entry.reduced) c.header('X-Tile-Reduced', String(entry.reduced));
    const identity = entry.bodies.identity!;
    if (!identity.byteLength) return c.body(null, 204);

    const encoding = negotiateEncoding(c.req.header('accept-encoding'));
    let body = entry.bodies[encoding];
    if (!body) {
      // Quickly for this request; the cached copy is then re-compressed at full level.
      body = await compress(identity, encoding, true);
      cache.addBody(key, encoding, body);
      recompress(key, encoding, identity);
    }
    c.header('Content-Type', MVT_CONTENT_TYPE);
    if (encoding !== 'identity') c.header('Content-Encoding', encoding);
    return c.body(body, 200);
  });

  /** Replaces a quickly compressed body by a full-level one once the request is answered. */
  function recompress(key: string, encoding: TileEncoding, identity: Uint8Array): void {
    setImmediate(() => {
      compress(identity, encoding).then(
        (better) => cache.replaceBody(key, encoding, better),
        () => undefined, // the quick body stays
      );
    });
  }

  /** Renders a missing tile, sharing one render among concurrent requests, and caches it. */
  async function renderOnce(key: string, names: string[], infos: TileLayerInfo[], z: number, x: number, y: number, etag: string): Promise<CachedTile> {
    let job = pending.get(key);
    if (!job) {
      job = render(names, infos, z, x, y, etag).finally(() => pending.delete(key));
      pending.set(key, job);
    }
    const entry = await job;
    cache.set(key, entry);
    return entry;
  }

  /**
   * Renders every tile over the layers' bounds from their minzoom to `upToZoom` into the cache, so
   * the slow low-zoom tiles (a million features each) are ready before anyone asks. Returns how
   * many tiles were rendered. Call after a layer changed, without awaiting if need be.
   */
  async function prerender(spec: string, upToZoom = 10): Promise<number> {
    const names = spec.split(',');
    const infos = await Promise.all(names.map((n) => source.info(n)));
    const missing = names.filter((_, i) => !infos[i]);
    if (missing.length) throw new Error(`tiles: prerender of unknown layer ${missing.join(', ')}`);
    const known = infos as TileLayerInfo[];
    let count = 0;
    for (const info of known) {
      if (!info.bounds) continue;
      const [w, s, e, n] = info.bounds;
      for (let z = Math.min(...known.map((i) => i.minzoom)); z <= Math.min(upToZoom, maxzoom); z++) {
        const nw = lonLatToTile(w, n, z);
        const se = lonLatToTile(e, s, z);
        for (let x = nw.x; x <= se.x; x++) {
          for (let y = nw.y; y <= se.y; y++) {
            const key = TileCache.key(names, await keyVersions(names, z, x, y), z, x, y);
            if (cache.get(key)) continue;
            await renderOnce(key, names, known, z, x, y, etagOf(key));
            count++;
          }
        }
      }
    }
    return count;
  }

  async function render(names: string[], infos: TileLayerInfo[], z: number, x: number, y: number, etag: string): Promise<CachedTile> {
    const tile = await renderSourceTile(source, names, infos, z, x, y, encode);
    return { layers: names, tile: [z, x, y], etag, reduced: tile.reduced, bodies: { identity: tile.bytes } };
  }

  return Object.assign(app, { cache, prerender, touchArea, evictLayer: (layer: string) => cache.evictLayer(layer) });
}
