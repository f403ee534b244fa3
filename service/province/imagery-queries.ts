// The imagery catalogue on PostgreSQL: one row per dated image of a county, keyed (county_code,
// name), in the store's catalog style (store/pg/queries.ts). Every statement binds county_code as
// $1, so under Citus a county's catalogue lives on its shard. The GeoTIFFs themselves are files in
// a folder every node mounts (docs/scale.md, "Imagery on PostgreSQL"), named by the row.
import type { Scope, Statement } from '../store/pg/queries.ts';

const st = (name: string, scope: Scope, sql: string): Statement => ({ name, scope, sql });

const COUNTY_CODE = `county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$')`;

export const IMAGERY_TABLES_PER_COUNTY = ['imagery', 'counties'];

export function imagerySchemaSql(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS imagery (${COUNTY_CODE}, name text NOT NULL, date date NOT NULL, source text NOT NULL,
       crs text NOT NULL, source_crs text, file text, url text, attribution text,
       west double precision NOT NULL, south double precision NOT NULL, east double precision NOT NULL, north double precision NOT NULL,
       minzoom integer NOT NULL, maxzoom integer NOT NULL, width integer, height integer,
       version text NOT NULL, added_by text NOT NULL, added_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (county_code, name))`,
  ];
}

// The DuckDB catalogue's columns and formats (imagery/catalog.ts), so rows read back alike.
const COLUMNS = `name, to_char(date, 'YYYY-MM-DD') AS date, source, crs, source_crs, file, url, attribution, west, south, east, north,
  minzoom, maxzoom, width, height, version, added_by, to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS added_at`;

export const IQ = {
  // DuckDB orders text by its bytes; so does COLLATE "C", whatever the database's collation.
  list: st('imageryList', 'county', `SELECT ${COLUMNS} FROM imagery WHERE county_code = $1 ORDER BY date, name COLLATE "C"`),
  get: st('imageryGet', 'county', `SELECT ${COLUMNS} FROM imagery WHERE county_code = $1 AND name = $2`),
  /**
   * Replacements of one name run one after the other, also when no row exists yet (a row lock
   * cannot cover that), so each learns exactly which row, and which file, it replaced.
   */
  lock: st('imageryLock', 'county',
    `SELECT pg_advisory_xact_lock(hashtextextended('imagery/' || county_code || '/' || $2, 0)) FROM counties WHERE county_code = $1`),
  delete: st('imageryDelete', 'county', `DELETE FROM imagery WHERE county_code = $1 AND name = $2 RETURNING ${COLUMNS}`),
  insert: st('imageryInsert', 'county',
    `INSERT INTO imagery (county_code, name, date, source, crs, source_crs, file, url, attribution, west, south, east, north,
       minzoom, maxzoom, width, height, version, added_by)
     VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`),
} as const;

export function imageryCatalog(): Statement[] {
  return Object.values(IQ);
}
