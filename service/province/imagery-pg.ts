// A county's imagery catalogue in PostgreSQL, behind the interface the imagery service speaks to
// (imagery/catalog.ts ImageryCatalogStore). Rows are read from the primary: a row names a file
// whose lifetime is the primary's, and a replica's older row may name a file already removed.
import type pg from 'pg';
import { imageryRowOf, type ImageryCatalogStore, type ImageryRow } from '../imagery/catalog.ts';
import { inTransaction } from '../store/pg/transaction.ts';
import { IQ } from './imagery-queries.ts';

export class PgImageryCatalog implements ImageryCatalogStore {
  constructor(
    private readonly pool: pg.Pool,
    readonly county: string,
  ) {}

  async list(): Promise<ImageryRow[]> {
    return (await this.pool.query(IQ.list.sql, [this.county])).rows.map(imageryRowOf);
  }

  async get(name: string): Promise<ImageryRow | null> {
    const { rows } = await this.pool.query(IQ.get.sql, [this.county, name]);
    return rows.length ? imageryRowOf(rows[0]) : null;
  }

  replace(row: Omit<ImageryRow, 'added_at'>): Promise<ImageryRow | null> {
    return inTransaction(this.pool, async (client) => {
      await client.query(IQ.lock.sql, [this.county, row.name]);
      const gone = await client.query(IQ.delete.sql, [this.county, row.name]);
      await client.query(IQ.insert.sql, [
        this.county, row.name, row.date, row.source, row.crs, row.source_crs, row.file, row.url, row.attribution,
        ...row.bounds, row.minzoom, row.maxzoom, row.width, row.height, row.version, row.added_by,
      ]);
      return gone.rows.length ? imageryRowOf(gone.rows[0]) : null;
    });
  }

  remove(name: string): Promise<ImageryRow | null> {
    return inTransaction(this.pool, async (client) => {
      await client.query(IQ.lock.sql, [this.county, name]);
      const { rows } = await client.query(IQ.delete.sql, [this.county, name]);
      return rows.length ? imageryRowOf(rows[0]) : null;
    });
  }
}
