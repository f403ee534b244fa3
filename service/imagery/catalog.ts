// The imagery catalogue in DuckDB: one row per dated image, either a GeoTIFF kept on disk beside
// the database or an outside XYZ template. Values travel as bound parameters only.
import type { Store } from '../store/index.ts';

export type ImagerySource = 'file' | 'xyz';
/** Tiles as served: files are reprojected to Web Mercator; outside templates are Mercator or GCJ-02. */
export type TileCrs = 'EPSG:3857' | 'GCJ02';

export interface ImageryRow {
  name: string;
  date: string;
  source: ImagerySource;
  crs: TileCrs;
  /** The CRS of the stored GeoTIFF (files only), e.g. EPSG:4549. */
  source_crs: string | null;
  /** File name inside the imagery folder (files only). */
  file: string | null;
  /** Outside tile template (xyz only). */
  url: string | null;
  attribution: string | null;
  bounds: [number, number, number, number];
  minzoom: number;
  maxzoom: number;
  width: number | null;
  height: number | null;
  /** Changes at every load, so tiles and ETags of a replaced image never mix with the new one. */
  version: string;
  added_by: string;
  added_at: string;
}

export const IMAGERY_SQL = [
  `CREATE TABLE IF NOT EXISTS imagery (
     name VARCHAR PRIMARY KEY, date DATE NOT NULL, source VARCHAR NOT NULL, crs VARCHAR NOT NULL, source_crs VARCHAR,
     file VARCHAR, url VARCHAR, attribution VARCHAR, west DOUBLE NOT NULL, south DOUBLE NOT NULL, east DOUBLE NOT NULL,
     north DOUBLE NOT NULL, minzoom INTEGER NOT NULL, maxzoom INTEGER NOT NULL, width INTEGER, height INTEGER,
     version VARCHAR NOT NULL, added_by VARCHAR NOT NULL, added_at TIMESTAMPTZ NOT NULL
   )`,
];

const COLUMNS = `name, strftime(date, '%Y-%m-%d') AS date, source, crs, source_crs, file, url, attribution, west, south, east, north,
  minzoom, maxzoom, width, height, version, added_by, strftime(added_at, '%Y-%m-%dT%H:%M:%SZ') AS added_at`;

/** A catalogue row as either store returns it (bounds in four columns, dates as text). */
export function imageryRowOf(r: Record<string, unknown>): ImageryRow {
  return {
    name: r.name as string,
    date: r.date as string,
    source: r.source as ImagerySource,
    crs: r.crs as TileCrs,
    source_crs: (r.source_crs as string | null) ?? null,
    file: (r.file as string | null) ?? null,
    url: (r.url as string | null) ?? null,
    attribution: (r.attribution as string | null) ?? null,
    bounds: [Number(r.west), Number(r.south), Number(r.east), Number(r.north)],
    minzoom: Number(r.minzoom),
    maxzoom: Number(r.maxzoom),
    width: r.width == null ? null : Number(r.width),
    height: r.height == null ? null : Number(r.height),
    version: r.version as string,
    added_by: r.added_by as string,
    added_at: r.added_at as string,
  };
}

export class ImageryCatalog {
  constructor(private readonly store: Store) {}

  async list(): Promise<ImageryRow[]> {
    return (await this.store.db.all(`SELECT ${COLUMNS} FROM imagery ORDER BY date, name`)).map(imageryRowOf);
  }

  async get(name: string): Promise<ImageryRow | null> {
    const rows = await this.store.db.all(`SELECT ${COLUMNS} FROM imagery WHERE name = ?`, [name]);
    return rows.length ? imageryRowOf(rows[0]) : null;
  }

  /** Replaces the row of that name in one transaction. */
  async put(row: Omit<ImageryRow, 'added_at'>): Promise<void> {
    await this.store.db.transaction(async (conn) => {
      await conn.run(`DELETE FROM imagery WHERE name = ?`, [row.name]);
      await conn.run(`INSERT INTO imagery VALUES (?, CAST(? AS DATE), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())`, [
        row.name,
        row.date,
        row.source,
        row.crs,
        row.source_crs,
        row.file,
        row.url,
        row.attribution,
        ...row.bounds,
        row.minzoom,
        row.maxzoom,
        row.width,
        row.height,
        row.version,
        row.added_by,
      ]);
    });
  }

  async delete(name: string): Promise<boolean> {
    const rows = await this.store.db.all(`DELETE FROM imagery WHERE name = ? RETURNING name`, [name]);
    return rows.length > 0;
  }
}

/**
 * What the imagery service needs of a catalogue, whichever database keeps it: the DuckDB table
 * above (one county, one process) or a county's rows in PostgreSQL (province/imagery-pg.ts, shared
 * by every node). A replace or delete answers the row it took away, read in the same write, so the
 * file of exactly that row is the one removed.
 */
export interface ImageryCatalogStore {
  list(): Promise<ImageryRow[]>;
  get(name: string): Promise<ImageryRow | null>;
  replace(row: Omit<ImageryRow, 'added_at'>): Promise<ImageryRow | null>;
  remove(name: string): Promise<ImageryRow | null>;
}

/** The DuckDB catalogue behind the interface; its caller holds the store's write lock. */
export function duckImageryCatalog(catalog: ImageryCatalog): ImageryCatalogStore {
  return {
    list: () => catalog.list(),
    get: (name) => catalog.get(name),
    async replace(row) {
      const previous = await catalog.get(row.name);
      await catalog.put(row);
      return previous;
    },
    async remove(name) {
      const previous = await catalog.get(name);
      if (previous) await catalog.delete(name);
      return previous;
    },
  };
}
