// Dated imagery: GeoTIFFs kept beside the database and served as Web Mercator raster tiles, and
// outside XYZ templates listed beside them. An import checks the file completely before anything
// is stored; a replaced or deleted image's tiles leave the cache at once.
//   tiff.ts     open and check a GeoTIFF (header only)
//   extent.ts   its lon/lat bounds and useful zooms
//   warp.ts     tile pixel → source pixel, on an interpolated grid
//   sample.ts   bilinear resampling
//   render.ts   level choice, windowed read, encoding
//   catalog.ts  the DuckDB table
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rename, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Store } from '../store/index.ts';
import { TileCache, type CachedTile } from '../tiles/cache.ts';
import { tileCoordError } from '../tiles/tile-math.ts';
import { ImageryCatalog, IMAGERY_SQL, type ImageryRow } from './catalog.ts';
import { openRaster, ImageryInputError } from './tiff.ts';
import { drawArea, rasterExtent } from './extent.ts';
import { encodeTile, projectorFor, renderRgba, type TileableRaster, type TileFormat, type Timings } from './render.ts';
import { checkBounds, checkDate, checkName, checkTemplate, checkTileCrs, checkZoom, ImageryRequestError } from './inputs.ts';

export { ImageryInputError } from './tiff.ts';
export { ImageryRequestError } from './inputs.ts';
export type { ImageryRow } from './catalog.ts';

/** Highest zoom a tile URL may ask for (beyond an image's maxzoom its pixels are simply enlarged). */
export const MAX_TILE_ZOOM = 24;
/** Part of every ETag: bump when rendering changes for the same file. */
const RENDER_VERSION = 'i1';

export interface ImageryOptions {
  /** Folder of the stored GeoTIFFs; default `<database file>.imagery`. */
  dir?: string;
  /** Bytes of encoded tiles kept in memory (default 128 MiB). */
  cacheBytes?: number;
}

export type TileAnswer = { status: 404 } | { status: 204 | 200; etag: string; body: Uint8Array<ArrayBuffer> };

export class ImageryService {
  readonly catalog: ImageryCatalog;
  readonly cache: TileCache;
  private readonly open = new Map<string, Promise<TileableRaster>>();
  private readonly pending = new Map<string, Promise<CachedTile>>();
  /** Rows by name, read once: tile requests must not query DuckDB. Writes go through this object. */
  private rows: Promise<Map<string, ImageryRow>> | null = null;

  private constructor(
    private readonly store: Store,
    readonly dir: string,
    cacheBytes: number,
    /** The folder is a temporary one (in-memory database) and goes with close(). */
    private readonly temporary: boolean,
  ) {
    this.catalog = new ImageryCatalog(store);
    this.cache = new TileCache(cacheBytes);
  }

  static async create(store: Store, opts: ImageryOptions = {}): Promise<ImageryService> {
    await store.migrate(IMAGERY_SQL);
    const temporary = !opts.dir && store.db.path === ':memory:';
    const dir = opts.dir ?? (temporary ? await mkdtemp(join(tmpdir(), 'groundtruth-imagery-')) : `${resolve(store.db.path)}.imagery`);
    await mkdir(dir, { recursive: true });
    return new ImageryService(store, dir, opts.cacheBytes ?? 128 * 1024 * 1024, temporary);
  }

  list(): Promise<ImageryRow[]> {
    return this.catalog.list();
  }

  async get(name: string): Promise<ImageryRow | null> {
    this.rows ??= this.catalog.list().then((rows) => new Map(rows.map((r) => [r.name, r])));
    this.rows.catch(() => (this.rows = null));
    return (await this.rows).get(name) ?? null;
  }

  /**
   * Stores a GeoTIFF under `name`. The file is copied into the imagery folder under a temporary
   * name, checked there, then renamed and recorded; any failure removes the copy and leaves the
   * previous image of that name as it was.
   */
  async importFile(path: string, opts: { name: string; date: string; crs?: string; user: string }): Promise<ImageryRow> {
    const name = checkName(opts.name);
    const date = checkDate(opts.date);
    return this.store.writes.run(async () => {
      const version = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
      const file = `${name}.${version}.tif`;
      const temp = join(this.dir, `.${file}.partial`);
      const final = join(this.dir, file);
      let renamed = false;
      try {
        await copyFile(path, temp);
        const raster = await openRaster(temp, opts.crs);
        let extent;
        try {
          extent = rasterExtent(raster);
        } catch (err) {
          throw new ImageryInputError(err instanceof Error ? err.message : String(err));
        } finally {
          await raster.close();
        }
        const { width, height } = raster.levels[0];
        await rename(temp, final);
        renamed = true;
        const previous = await this.catalog.get(name);
        const row: Omit<ImageryRow, 'added_at'> = {
          name, date, source: 'file', crs: 'EPSG:3857', source_crs: raster.crs.code, file, url: null, attribution: null,
          bounds: extent.bounds, minzoom: extent.minzoom, maxzoom: extent.maxzoom, width, height, version, added_by: opts.user,
        };
        await this.catalog.put(row);
        await this.forget(name, previous);
        return (await this.catalog.get(name))!;
      } catch (err) {
        await rm(renamed ? final : temp, { force: true });
        throw err;
      }
    });
  }

  /** Records an outside XYZ template (Web Mercator or GCJ-02 tiles). */
  async registerXyz(body: Record<string, unknown>, user: string): Promise<ImageryRow> {
    const name = checkName(body.name);
    const date = checkDate(body.date);
    const url = checkTemplate(body.url);
    const crs = checkTileCrs(body.crs ?? 'EPSG:3857');
    if (body.attribution != null && typeof body.attribution !== 'string') throw new ImageryRequestError('attribution must be text');
    const minzoom = checkZoom(body.minzoom, 'minzoom', 0);
    const maxzoom = checkZoom(body.maxzoom, 'maxzoom', 18);
    if (minzoom > maxzoom) throw new ImageryRequestError(`minzoom ${minzoom} is above maxzoom ${maxzoom}`);
    const bounds = checkBounds(body.bounds);
    return this.store.writes.run(async () => {
      const previous = await this.catalog.get(name);
      await this.catalog.put({
        name, date, source: 'xyz', crs, source_crs: null, file: null, url, attribution: (body.attribution as string | undefined) ?? null,
        bounds, minzoom, maxzoom, width: null, height: null, version: randomBytes(6).toString('hex'), added_by: user,
      });
      await this.forget(name, previous);
      return (await this.catalog.get(name))!;
    });
  }

  async remove(name: string): Promise<boolean> {
    return this.store.writes.run(async () => {
      const previous = await this.catalog.get(name);
      if (!previous) return false;
      await this.catalog.delete(name);
      await this.forget(name, previous);
      return true;
    });
  }

  /** Drops the open file, cached tiles and stored file of an image that was replaced or deleted. */
  private async forget(name: string, previous: ImageryRow | null): Promise<void> {
    this.rows = null;
    this.cache.evictLayer(name);
    const opened = this.open.get(name);
    this.open.delete(name);
    if (opened) await opened.then((t) => t.raster.close()).catch(() => undefined);
    if (previous?.file) await unlink(join(this.dir, previous.file)).catch(() => undefined);
  }

  private raster(row: ImageryRow): Promise<TileableRaster> {
    const key = `${row.name}@${row.version}`;
    let opened = this.open.get(row.name);
    if (!opened || (opened as Promise<TileableRaster> & { key?: string }).key !== key) {
      opened = openRaster(join(this.dir, row.file!), row.source_crs ?? undefined).then((raster) => ({
        raster,
        project: projectorFor(raster),
        area: drawArea(row.bounds),
      }));
      (opened as Promise<TileableRaster> & { key?: string }).key = key;
      opened.catch(() => this.open.delete(row.name));
      this.open.set(row.name, opened);
    }
    return opened;
  }

  /** A tile of a stored GeoTIFF: 404 for an unknown name or an outside source, 204 where the image has no pixel. */
  async tile(name: string, z: number, x: number, y: number, format: TileFormat, times?: Timings): Promise<TileAnswer> {
    const row = await this.get(name);
    if (!row || row.source !== 'file') return { status: 404 };
    const coordError = tileCoordError(z, x, y, MAX_TILE_ZOOM);
    if (coordError) throw new ImageryRequestError(`tile ${z}/${x}/${y}: ${coordError}`);
    const key = `${TileCache.key([name], [row.version], z, x, y)}.${format}`;
    let entry = this.cache.get(key);
    if (!entry) {
      let job = this.pending.get(key);
      if (!job) {
        job = this.render(row, key, z, x, y, format, times ?? { read: 0, warp: 0, encode: 0 }).finally(() => this.pending.delete(key));
        this.pending.set(key, job);
      }
      entry = await job;
    }
    const body = entry.bodies.identity!;
    return { status: body.byteLength ? 200 : 204, etag: entry.etag, body };
  }

  private async render(row: ImageryRow, key: string, z: number, x: number, y: number, format: TileFormat, times: Timings): Promise<CachedTile> {
    const etag = `"${createHash('sha1').update(RENDER_VERSION + key).digest('base64url').slice(0, 24)}"`;
    let body: Uint8Array<ArrayBuffer> = new Uint8Array(0);
    if (z >= row.minzoom && intersects(row.bounds, z, x, y)) {
      const rgba = await renderRgba(await this.raster(row), z, x, y, times);
      if (rgba) body = await encodeTile(rgba, format, times);
    }
    const entry: CachedTile = { layers: [row.name], etag, reduced: 0, bodies: { identity: body } };
    this.cache.set(key, entry);
    return entry;
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((p) => p.then((t) => t.raster.close()).catch(() => undefined)));
    if (this.temporary) await rm(this.dir, { recursive: true, force: true });
  }
}

/** Cheap reject before any pixel work: the tile's lon/lat box misses the image's bounds. */
function intersects(b: [number, number, number, number], z: number, x: number, y: number): boolean {
  const n = 2 ** z;
  const west = (x / n) * 360 - 180;
  const east = ((x + 1) / n) * 360 - 180;
  const north = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  const south = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + 1)) / n))) * 180) / Math.PI;
  return west <= b[2] && east >= b[0] && south <= b[3] && north >= b[1];
}
