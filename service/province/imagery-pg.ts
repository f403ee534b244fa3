// A county's imagery catalogue in PostgreSQL, behind the interface the imagery service speaks to
// (imagery/catalog.ts ImageryCatalogStore). Rows are read from the primary: a row names a file
// whose lifetime is the primary's, and a replica's older row may name a file already removed.
import type pg from 'pg';
import type { ImageryCatalogStore, ImageryRow, ImagerySource, TileCrs } from '../imagery/catalog.ts';
import { inTransaction } from '../store/pg/transaction.ts';
import { IQ } from './imagery-queries.ts';

function toRow(r: Record<string, unknown>): ImageryRow {
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

export class PgImageryCatalog implements ImageryCatalogStore {
  constructor(
    private readonly pool: pg.Pool,
    readonly county: string,
  ) {}

  async list(): Promise<ImageryRow[]> {
    return (await this.pool.query(IQ.list.sql, [this.county])).rows.map(toRow);
  }

  async get(name: string): Promise<ImageryRow | null> {
    const { rows } = await this.pool.query(IQ.get.sql, [this.county, name]);
    return rows.length ? toRow(rows[0]) : null;
  }

  replace(row: Omit<ImageryRow, 'added_at'>): Promise<ImageryRow | null> {
    return inTransaction(this.pool, async (client) => {
      await client.query(IQ.lock.sql, [this.county, row.name]);
      const gone = await client.query(IQ.delete.sql, [this.county, row.name]);
      await client.query(IQ.insert.sql, [
        this.county, row.name, row.date, row.source, row.crs, row.source_crs, row.file, row.url, row.attribution,
        ...row.bounds, row.minzoom, row.maxzoom, row.width, row.height, row.version, row.added_by,
      ]);
      return gone.rows.length ? toRow(gone.rows[0]) : null;
    });
  }

  remove(name: string): Promise<ImageryRow | null> {
    return inTransaction(this.pool, async (client) => {
      await client.query(IQ.lock.sql, [this.county, name]);
      const { rows } = await client.query(IQ.delete.sql, [this.county, name]);
      return rows.length ? toRow(rows[0]) : null;
    });
  }
}
