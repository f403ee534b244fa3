// The PostgreSQL store's tables. Every table holding a county's data leads its primary key with
// county_code, so that each can be distributed by it (Citus create_distributed_table, co-located;
// docs/scale.md) without changing a statement. Users and tokens span counties: reference tables.
// Layer tables come from the same schema as DuckDB's (service/layers/schema.ts): typed
// properties, raw extras, a PostGIS geometry in EPSG:4326 and plain bbox doubles.
import { LAYER_NAMES, LAYERS, type LayerName, type PropDef } from '../../layers/schema.ts';
import { ident } from '../db.ts';

export function pgLayerTable(layer: LayerName): string {
  return ident(`layer_${layer}`);
}

export function pgStageTable(layer: LayerName): string {
  return `pg_temp.${ident(`stage_${layer}`)}`;
}

export function pgType(p: PropDef): string {
  switch (p.type) {
    case 'string':
      return 'text';
    case 'date':
      return 'date';
    case 'number':
      return 'double precision';
    case 'integer':
      return 'bigint';
  }
}

/** Columns after county_code and fid, in load order; the staging table has the same plus src_index. */
export function pgDataColumns(layer: LayerName): { name: string; type: string }[] {
  return [
    ...LAYERS[layer].props.map((p) => ({ name: p.name, type: pgType(p) })),
    // json, not jsonb: the extras come back with their keys in the file's order, as from DuckDB.
    { name: 'extra', type: 'json' },
    { name: 'geom', type: 'geometry(Geometry, 4326)' },
    // Not xmin/xmax: those are PostgreSQL system columns.
    { name: 'minx', type: 'double precision' },
    { name: 'miny', type: 'double precision' },
    { name: 'maxx', type: 'double precision' },
    { name: 'maxy', type: 'double precision' },
    { name: 'hkey', type: 'double precision' },
  ];
}

const COUNTY_CODE = `county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$')`;

export const PG_TABLES_PER_COUNTY = ['counties', 'layer_meta', 'load_log', 'dataset_meta', 'audit_log', ...LAYER_NAMES.map((l) => `layer_${l}`)];
export const PG_REFERENCE_TABLES = ['users', 'tokens', 'user_counties', 'audit_province'];

function layerDdl(layer: LayerName): string[] {
  const table = pgLayerTable(layer);
  const cols = pgDataColumns(layer).map((c) => `${ident(c.name)} ${c.type}`);
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (${COUNTY_CODE}, fid bigint NOT NULL, ${cols.join(', ')},
       PRIMARY KEY (county_code, fid))`,
    // County first, then the geometry's box: one county's bbox filter is one index descent.
    `CREATE INDEX IF NOT EXISTS ${ident(`layer_${layer}_county_geom`)} ON ${table} USING gist (county_code, geom)`,
  ];
}

export function pgSchemaSql(): string[] {
  return [
    'CREATE EXTENSION IF NOT EXISTS postgis',
    // GiST over (county_code, geom) needs btree_gist's text operator class.
    'CREATE EXTENSION IF NOT EXISTS btree_gist',
    `CREATE TABLE IF NOT EXISTS counties (${COUNTY_CODE}, name text, created_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (county_code))`,
    `CREATE TABLE IF NOT EXISTS layer_meta (${COUNTY_CODE}, name text NOT NULL,
       version bigint NOT NULL, feature_count bigint NOT NULL,
       minx double precision, miny double precision, maxx double precision, maxy double precision,
       updated_at timestamptz, updated_by text, source text,
       PRIMARY KEY (county_code, name))`,
    `CREATE TABLE IF NOT EXISTS load_log (${COUNTY_CODE}, id bigint GENERATED ALWAYS AS IDENTITY,
       layer text NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now(), loaded_by text, report json,
       PRIMARY KEY (county_code, id))`,
    // The audit trail of a county's writes (loads, clears…), and of what spans counties (sign-ins,
    // users) in a reference table beside it.
    `CREATE TABLE IF NOT EXISTS audit_log (${COUNTY_CODE}, seq bigint GENERATED ALWAYS AS IDENTITY,
       happened_at timestamptz NOT NULL DEFAULT now(), actor text, action text NOT NULL, target text, detail json, ip text,
       PRIMARY KEY (county_code, seq))`,
    `CREATE TABLE IF NOT EXISTS audit_province (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       happened_at timestamptz NOT NULL DEFAULT now(), actor text, action text NOT NULL, target text, detail json, ip text)`,
    `CREATE TABLE IF NOT EXISTS dataset_meta (${COUNTY_CODE}, key text NOT NULL, value json,
       PRIMARY KEY (county_code, key))`,
    ...LAYER_NAMES.flatMap(layerDdl),
    `CREATE TABLE IF NOT EXISTS users (name text PRIMARY KEY, role text NOT NULL, password_hash text,
       created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS tokens (token_hash text PRIMARY KEY, name text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now())`,
    // A disabled user keeps the name and role but cannot sign in, and their tokens are gone.
    `ALTER TABLE users ADD COLUMN IF NOT EXISTS disabled boolean NOT NULL DEFAULT false`,
    // Tokens lapse as the county edition's do (serve --token-days); none: no expiry.
    `ALTER TABLE tokens ADD COLUMN IF NOT EXISTS expires_at timestamptz`,
    // Which counties a user's role applies to (none listed: every county).
    `CREATE TABLE IF NOT EXISTS user_counties (name text NOT NULL, ${COUNTY_CODE}, PRIMARY KEY (name, county_code))`,
  ];
}

/** The per-connection staging table a load COPYs into (temp: gone with the connection). */
export function pgStageDdl(layer: LayerName): string {
  const cols = pgDataColumns(layer).map((c) => `${ident(c.name)} ${c.name === 'geom' ? 'geometry' : c.type}`);
  return `CREATE TEMP TABLE IF NOT EXISTS ${ident(`stage_${layer}`)} (src_index integer, ${cols.join(', ')})`;
}
