// Dated imagery: GeoTIFFs kept beside the database and served as Web Mercator raster tiles, and
// outside XYZ templates listed beside them. An import checks the file completely before anything
// is stored; a replaced or deleted image's tiles leave the cache at once.
//   tiff.ts     open and check a GeoTIFF (header only)
//   extent.ts   its lon/lat bounds and useful zooms
//   warp.ts     tile pixel → source pixel, on an interpolated grid
//   sample.ts   bilinear resampling
//   render.ts   level choice, windowed read, encoding
//   catalog.ts  the catalogue interface and the DuckDB table behind it
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rename, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Store } from '../store/index.ts';
import { TileCache, type CachedTile } from '../tiles/cache.ts';
import { tileCoordError } from '../tiles/tile-math.ts';
import { duckImageryCatalog, ImageryCatalog, IMAGERY_SQL, type ImageryCatalogStore, type ImageryRow } from './catalog.ts';
import { openRaster, ImageryInputError } from './tiff.ts';
import { drawArea, rasterExtent } from './extent.ts';
import { encodeTile, projectorFor, renderRgba, type TileableRaster, type TileFormat, type Timings } from './render.ts';
import { checkBounds, checkDate, checkName, checkTemplate, checkTileCrs, checkZoom, ImageryRequestError } from './inputs.ts';

export { ImageryInputError } from './tiff.ts';
export { ImageryRequestError } from './inputs.ts';
export type { ImageryCatalogStore, ImageryRow } from './catalog.ts';

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

/** Where one catalogue's images live, for a service over a catalogue other processes share. */
export interface SharedImageryOptions {
  catalog: ImageryCatalogStore;
  /** Folder of the stored GeoTIFFs; null where this process keeps none (reads only, writes refused). */
  dir: string | null;
  /** Shared between catalogues; `scope` keeps their keys apart. */
  cache: TileCache;
  /** Leads every cache key and ETag (the county code), so same-named images of two catalogues never mix. */
  scope: string;
  /** Why writes are refused when `dir` is null, for the 503 answer. */
  noDirHint: string;
}

export type TileAnswer = { status: 404 } | { status: 204 | 200; etag: string; body: Uint8Array<ArrayBuffer> };

/** The process keeps no imagery folder: imagery can be read but not written (503). */
export class ImageryUnavailableError extends Error {}

interface Writes {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

const ANY_ORDER: Writes = { run: (fn) => fn() };

type OpenRaster = Promise<TileableRaster> & { key?: string };

export class ImageryService {
  readonly catalog: ImageryCatalogStore;
  readonly cache: TileCache;
  private readonly open = new Map<string, OpenRaster>();
  private readonly pending = new Map<string, Promise<CachedTile>>();
  /**
   * Rows by name, read once, when this object is the catalogue's only writer (the DuckDB edition:
   * tile requests must not query DuckDB). Over a shared catalogue every request reads its row.
   */
  private rows: Promise<Map<string, ImageryRow>> | null = null;

  private constructor(
    catalog: ImageryCatalogStore,
    private readonly folder: string | null,
    cache: TileCache,
    private readonly writes: Writes,
    private readonly opts: { shared: boolean; scope: string; temporary: boolean; noDirHint: string },
  ) {
    this.catalog = catalog;
    this.cache = cache;
  }

  static async create(store: Store, opts: ImageryOptions = {}): Promise<ImageryService> {
    await store.migrate(IMAGERY_SQL);
    const temporary = !opts.dir && store.db.path === ':memory:';
    const dir = opts.dir ?? (temporary ? await mkdtemp(join(tmpdir(), 'groundtruth-imagery-')) : `${resolve(store.db.path)}.imagery`);
    await mkdir(dir, { recursive: true });
    return new ImageryService(duckImageryCatalog(new ImageryCatalog(store)), dir, new TileCache(opts.cacheBytes ?? 128 * 1024 * 1024), store.writes, {
      shared: false, scope: '', temporary, noDirHint: '',
    });
  }

  /**
   * A service over a catalogue that other processes write too: each tile request reads its row
   * (one keyed statement), so a tile of an image replaced or deleted elsewhere is never served, and
   * the database orders concurrent writes (the catalogue's replace and remove are atomic).
   */
  static shared(opts: SharedImageryOptions): ImageryService {
    return new ImageryService(opts.catalog, opts.dir, opts.cache, ANY_ORDER, { shared: true, scope: opts.scope, temporary: false, noDirHint: opts.noDirHint });
  }

  /** The folder of the stored GeoTIFFs. */
  get dir(): string {
    if (this.folder === null) throw new ImageryUnavailableError(this.opts.noDirHint);
    return this.folder;
  }

  /** Throws the 503 of a process without an imagery folder; writes call it before reading a body. */
  checkWritable(): void {
    void this.dir;
  }

  /** Cache label of an image: its name, led by the scope where catalogues share a cache. */
  private label(name: string): string {
    return this.opts.scope ? `${this.opts.scope}/${name}` : name;
  }

  list(): Promise<ImageryRow[]> {
    return this.catalog.list();
  }

  async get(name: string): Promise<ImageryRow | null> {
    if (this.opts.shared) return this.catalog.get(name);
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
    const dir = this.dir;
    await mkdir(dir, { recursive: true });
    return this.writes.run(async () => {
      const version = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
      const file = `${name}.${version}.tif`;
      const temp = join(dir, `.${file}.partial`);
      const final = join(dir, file);
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
        const row: Omit<ImageryRow, 'added_at'> = {
          name, date, source: 'file', crs: 'EPSG:3857', source_crs: raster.crs.code, file, url: null, attribution: null,
          bounds: extent.bounds, minzoom: extent.minzoom, maxzoom: extent.maxzoom, width, height, version, added_by: opts.user,
        };
        const previous = await this.catalog.replace(row);
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
    return this.writes.run(async () => {
      const previous = await this.catalog.replace({
        name, date, source: 'xyz', crs, source_crs: null, file: null, url, attribution: (body.attribution as string | undefined) ?? null,
        bounds, minzoom, maxzoom, width: null, height: null, version: randomBytes(6).toString('hex'), added_by: user,
      });
      await this.forget(name, previous);
      return (await this.catalog.get(name))!;
    });
  }

  async remove(name: string): Promise<boolean> {
    return this.writes.run(async () => {
      const previous = await this.catalog.remove(name);
      if (!previous) return false;
      await this.forget(name, previous);
      return true;
    });
  }

  /** Drops the open file, cached tiles and stored file of an image that was replaced or deleted. */
  private async forget(name: string, previous: ImageryRow | null): Promise<void> {
    this.rows = null;
    this.cache.evictLayer(this.label(name));
    await this.close1(name);
    if (previous?.file) await unlink(join(this.dir, previous.file)).catch(() => undefined);
  }

  private async close1(name: string): Promise<void> {
    const opened = this.open.get(name);
    this.open.delete(name);
    if (opened) await opened.then((t) => t.raster.close()).catch(() => undefined);
  }

  /**
   * Lets go of a file another process replaced or deleted. Tiles of it may still be rendering for
   * requests that read the old row a moment earlier, so it is closed a little later.
   */
  private retire(name: string): void {
    const opened = this.open.get(name);
    this.open.delete(name);
    if (opened) setTimeout(() => void opened.then((t) => t.raster.close()).catch(() => undefined), 10_000).unref();
  }

  private raster(row: ImageryRow): Promise<TileableRaster> {
    const key = `${row.name}@${row.version}`;
    let opened = this.open.get(row.name);
    if (!opened || opened.key !== key) {
      // Another process replaced the image: the file this one had open is gone from the catalogue.
      if (opened) this.retire(row.name);
      const next: OpenRaster = openRaster(join(this.dir, row.file!), row.source_crs ?? undefined).then((raster) => ({
        raster,
        project: projectorFor(raster),
        area: drawArea(row.bounds),
      }));
      next.key = key;
      next.catch(() => this.open.get(row.name) === next && this.open.delete(row.name));
      this.open.set(row.name, next);
      opened = next;
    }
    return opened;
  }

  /** A tile of a stored GeoTIFF: 404 for an unknown name or an outside source, 204 where the image has no pixel. */
  async tile(name: string, z: number, x: number, y: number, format: TileFormat, times?: Timings): Promise<TileAnswer> {
    const row = await this.get(name);
    if (!row || row.source !== 'file') {
      // Deleted or turned into an outside source by another process: let go of its file.
      if (this.opts.shared && this.open.has(name)) this.retire(name);
      return { status: 404 };
    }
    const coordError = tileCoordError(z, x, y, MAX_TILE_ZOOM);
    if (coordError) throw new ImageryRequestError(`tile ${z}/${x}/${y}: ${coordError}`);
    // A stored file's tile needs the folder: a process without one answers 503, naming the option.
    void this.dir;
    const key = `${TileCache.key([this.label(name)], [row.version], z, x, y)}.${format}`;
    let entry = this.cache.get(key);
    if (!entry) {
      let job = this.pending.get(key);
      if (!job) {
        job = this.render(row, key, z, x, y, format, times ?? { read: 0, warp: 0, encode: 0 }).finally(() => this.pending.delete(key));
        this.pending.set(key, job);
      }
      try {
        entry = await job;
      } catch (err) {
        // The row was read just before another process replaced the image and removed its file:
        // answer from the catalogue as it stands now.
        if (this.opts.shared && (err as NodeJS.ErrnoException)?.code === 'ENOENT') {
          const now = await this.catalog.get(name);
          if (!now || now.version !== row.version) return this.tile(name, z, x, y, format, times);
        }
        throw err;
      }
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
    const entry: CachedTile = { layers: [this.label(row.name)], etag, reduced: 0, bodies: { identity: body } };
    this.cache.set(key, entry);
    return entry;
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((p) => p.then((t) => t.raster.close()).catch(() => undefined)));
    if (this.opts.temporary && this.folder) await rm(this.folder, { recursive: true, force: true });
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
