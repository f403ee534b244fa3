// Every SQL statement of the PostgreSQL store, in one place. Per-county statements bind the county
// as $1 (`county_code = $1`), so that under Citus each is routed to one shard; values always
// travel as bound parameters, identifiers only from the schema. test/store-pg/catalog.test.ts
// walks `catalog()` and fails on a per-county statement that does not name county_code or whose
// generic plan does not reach the rows through an index on it.
import { LAYER_NAMES, LAYERS, type LayerName } from '../../layers/schema.ts';
import type { FeatureQuery } from '../features.ts';
import { ident } from '../db.ts';
import { pgDataColumns, pgLayerTable, pgStageDdl, pgStageTable } from './schema.ts';

export type Scope = 'county' | 'reference' | 'province' | 'session';

export interface Statement {
  name: string;
  sql: string;
  /** county: binds county_code = $1; reference: users/tokens; province: across counties; session: temp tables. */
  scope: Scope;
}

const st = (name: string, scope: Scope, sql: string): Statement => ({ name, scope, sql });

export const Q = {
  countyUpsert: st('countyUpsert', 'county',
    `INSERT INTO counties (county_code, name) VALUES ($1, $2)
     ON CONFLICT (county_code) DO UPDATE SET name = coalesce(excluded.name, counties.name)`),
  countyGet: st('countyGet', 'county', `SELECT county_code, name FROM counties WHERE county_code = $1`),
  countyList: st('countyList', 'province', `SELECT county_code, name FROM counties ORDER BY county_code`),
  metaInit: st('metaInit', 'county',
    `INSERT INTO layer_meta (county_code, name, version, feature_count)
     SELECT $1, unnest($2::text[]), 0, 0 ON CONFLICT (county_code, name) DO NOTHING`),
  metaAll: st('metaAll', 'county',
    `SELECT name, version::float8 AS version, feature_count::float8 AS feature_count, minx, miny, maxx, maxy,
       to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at, updated_by
     FROM layer_meta WHERE county_code = $1`),
  metaLock: st('metaLock', 'county',
    `SELECT version::float8 AS version, feature_count::float8 AS feature_count
     FROM layer_meta WHERE county_code = $1 AND name = $2 FOR UPDATE`),
  metaOne: st('metaOne', 'county',
    `SELECT version::float8 AS version, feature_count::float8 AS feature_count
     FROM layer_meta WHERE county_code = $1 AND name = $2`),
  logInsert: st('logInsert', 'county',
    `INSERT INTO load_log (county_code, layer, loaded_by, report) VALUES ($1, $2, $3, $4::json)`),
  paramsSet: st('paramsSet', 'county',
    `INSERT INTO dataset_meta (county_code, key, value) VALUES ($1, 'params', $2::json)
     ON CONFLICT (county_code, key) DO UPDATE SET value = excluded.value`),
  paramsGet: st('paramsGet', 'county', `SELECT value::text AS v FROM dataset_meta WHERE county_code = $1 AND key = 'params'`),
  auditInsert: st('auditInsert', 'county',
    `INSERT INTO audit_log (county_code, actor, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5::json, $6)`),
  auditProvinceInsert: st('auditProvinceInsert', 'reference',
    `INSERT INTO audit_province (actor, action, target, detail, ip) VALUES ($1, $2, $3, $4::json, $5)`),
  userUpsert: st('userUpsert', 'reference',
    `INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = coalesce(excluded.password_hash, users.password_hash)`),
  userGet: st('userGet', 'reference', `SELECT name, role, password_hash, disabled FROM users WHERE name = $1`),
  // Each user with the counties their role is limited to (none: every county); names in byte order, as DuckDB's.
  userList: st('userList', 'reference',
    `SELECT u.name, u.role, u.disabled, coalesce(array_agg(c.county_code ORDER BY c.county_code) FILTER (WHERE c.county_code IS NOT NULL), '{}') AS counties
     FROM users u LEFT JOIN user_counties c ON c.name = u.name GROUP BY u.name, u.role, u.disabled ORDER BY u.name COLLATE "C"`),
  userInsert: st('userInsert', 'reference', `INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3)`),
  userLock: st('userLock', 'reference', `SELECT role, disabled FROM users WHERE name = $1 FOR UPDATE`),
  userSet: st('userSet', 'reference', `UPDATE users SET role = $2, password_hash = coalesce($3, password_hash) WHERE name = $1`),
  userDisable: st('userDisable', 'reference', `UPDATE users SET disabled = $2 WHERE name = $1`),
  userDelete: st('userDelete', 'reference', `DELETE FROM users WHERE name = $1`),
  tokensOfUserDelete: st('tokensOfUserDelete', 'reference', `DELETE FROM tokens WHERE name = $1`),
  userCount: st('userCount', 'reference', `SELECT count(*)::float8 AS n FROM users`),
  tokenInsert: st('tokenInsert', 'reference', `INSERT INTO tokens (token_hash, name, expires_at) VALUES ($1, $2, $3)`),
  tokenUser: st('tokenUser', 'reference',
    `SELECT u.name, u.role FROM tokens t JOIN users u ON u.name = t.name WHERE t.token_hash = $1 AND NOT u.disabled
       AND (t.expires_at IS NULL OR t.expires_at > now())`),
  tokenDelete: st('tokenDelete', 'reference', `DELETE FROM tokens WHERE token_hash = $1`),
  userCountiesClear: st('userCountiesClear', 'reference', `DELETE FROM user_counties WHERE name = $1`),
  userCountiesAdd: st('userCountiesAdd', 'reference',
    `INSERT INTO user_counties (name, county_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`),
  userCountiesGet: st('userCountiesGet', 'reference', `SELECT county_code FROM user_counties WHERE name = $1 ORDER BY county_code`),
} as const;

/** Data columns of a layer, quoted, in table order. */
function dataCols(layer: LayerName): string[] {
  return pgDataColumns(layer).map((c) => ident(c.name));
}

/** The SELECT list read back as the DuckDB store's rows are (features.ts rowToFeature reads both). */
export function selectList(layer: LayerName): string {
  const props = LAYERS[layer].props.map((p) => {
    const c = ident(p.name);
    if (p.type === 'date') return `to_char(${c}, 'YYYY-MM-DD') AS ${c}`;
    if (p.type === 'integer') return `${c}::float8 AS ${c}`;
    return c;
  });
  return ['fid::float8 AS fid', ...props, 'extra::text AS extra', 'ST_AsBinary(geom) AS wkb', 'minx AS xmin', 'miny AS ymin', 'maxx AS xmax', 'maxy AS ymax'].join(', ');
}

/** A load's statements on one layer: staging, keeping other batches, the swap, the new meta. */
export function layerWrites(layer: LayerName): Record<string, Statement> {
  const table = pgLayerTable(layer);
  const stage = pgStageTable(layer);
  const cols = dataCols(layer);
  const out: Record<string, Statement> = {
    stageCreate: st(`${layer}.stageCreate`, 'session', pgStageDdl(layer)),
    stageTruncate: st(`${layer}.stageTruncate`, 'session', `TRUNCATE ${stage}`),
    stageDrop: st(`${layer}.stageDrop`, 'session', `DROP TABLE IF EXISTS ${stage}`),
    stageCopy: st(`${layer}.stageCopy`, 'session', `COPY ${stage} (src_index, ${cols.join(', ')}) FROM STDIN`),
    deleteCounty: st(`${layer}.deleteCounty`, 'county', `DELETE FROM ${table} WHERE county_code = $1`),
    // fid is the row's place in Hilbert order of its centre, as DuckDB numbers it.
    insertFromStage: st(`${layer}.insertFromStage`, 'county',
      `INSERT INTO ${table} (county_code, fid, ${cols.join(', ')})
       SELECT $1, row_number() OVER (ORDER BY hkey, src_index), ${cols.map((c) => (c === '"geom"' ? 'ST_SetSRID(geom, 4326)' : c)).join(', ')}
       FROM ${stage}`),
    bumpVersion: st(`${layer}.bumpVersion`, 'county',
      `UPDATE layer_meta m SET version = m.version + 1, feature_count = s.n,
         minx = s.minx, miny = s.miny, maxx = s.maxx, maxy = s.maxy,
         updated_at = now(), updated_by = $3, source = $4
       FROM (SELECT count(*) AS n, min(minx) AS minx, min(miny) AS miny, max(maxx) AS maxx, max(maxy) AS maxy
             FROM ${table} WHERE county_code = $1) s
       WHERE m.county_code = $1 AND m.name = $2`),
  };
  if (layer === 'patches') {
    // Patches accumulate: a file replaces only the batches it contains.
    out.keepOtherBatches = st(`${layer}.keepOtherBatches`, 'county',
      `INSERT INTO ${stage} (src_index, ${cols.join(', ')})
       SELECT NULL, ${cols.join(', ')} FROM ${table} WHERE county_code = $1 AND NOT (batch = ANY($2::text[]))`);
  }
  return out;
}

export type PgFeatureQuery = FeatureQuery;

/** Filters after `county_code = $1`; throws on a property the layer does not have. */
function filter(layer: LayerName, q: PgFeatureQuery, params: unknown[]): string {
  const next = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // A `where` is DuckDB SQL (OGC datetime and CQL2 filters): never sent here, never silently dropped.
  if (q.where) throw new Error(`a SQL filter on ${layer} is DuckDB SQL and cannot run on the PostgreSQL store`);
  const parts = ['county_code = $1'];
  if (q.bbox) {
    const [x0, y0, x1, y1] = q.bbox;
    // && on the geometry's box reaches the (county_code, geom) index; the doubles then give the
    // DuckDB store's exact test (touching boxes count).
    parts.push(`geom && ST_MakeEnvelope(${next(x0)}, ${next(y0)}, ${next(x1)}, ${next(y1)}, 4326)`);
    parts.push(`maxx >= ${next(x0)} AND minx <= ${next(x1)} AND maxy >= ${next(y0)} AND miny <= ${next(y1)}`);
  }
  for (const [name, value] of Object.entries(q.equals ?? {})) {
    const prop = LAYERS[layer].props.find((p) => p.name === name);
    if (!prop) throw new Error(`unknown property "${name}" of layer ${layer}`);
    if (prop.type === 'number' || prop.type === 'integer') {
      // As DuckDB's TRY_CAST: text that is not a number matches nothing.
      const n = value.trim() === '' ? NaN : Number(value);
      parts.push(`${ident(name)} = ${next(Number.isFinite(n) ? n : null)}::float8`);
    } else if (prop.type === 'date') {
      parts.push(`to_char(${ident(name)}, 'YYYY-MM-DD') = ${next(value)}::text`);
    } else {
      parts.push(`${ident(name)} = ${next(value)}::text`);
    }
  }
  if (q.afterFid !== undefined) parts.push(`fid > ${next(q.afterFid)}::bigint`);
  return `WHERE ${parts.join(' AND ')}`;
}

/** SELECT of one county's features; `params` starts with the county code. */
export function selectFeatures(layer: LayerName, q: PgFeatureQuery, county: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [county];
  let sql = `SELECT ${selectList(layer)} FROM ${pgLayerTable(layer)} ${filter(layer, q, params)} ORDER BY fid`;
  if (q.limit !== undefined) {
    params.push(q.limit);
    sql += ` LIMIT $${params.length}::bigint`;
  }
  if (q.offset) {
    params.push(q.offset);
    sql += ` OFFSET $${params.length}::bigint`;
  }
  return { sql, params };
}

export function countFeatures(layer: LayerName, q: FeatureQuery, county: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [county];
  return { sql: `SELECT count(*)::float8 AS n FROM ${pgLayerTable(layer)} ${filter(layer, q, params)}`, params };
}

/**
 * The columns a county's layer is read into for the checks (service/layercache/read-pg.ts), in the
 * order and types its binary COPY parser expects: fid and every number as float8, dates as
 * 'YYYY-MM-DD' text, strings as text, the geometry as WKB.
 */
function columnList(layer: LayerName): string {
  const props = LAYERS[layer].props.map((p) => {
    const c = ident(p.name);
    if (p.type === 'date') return `to_char(${c}, 'YYYY-MM-DD')`;
    if (p.type === 'integer' || p.type === 'number') return `${c}::float8`;
    return c;
  });
  return ['fid::float8', ...props, 'ST_AsBinary(geom)'].join(', ');
}

/** Reads of a county's layer into columns (service/layercache/read-pg.ts): its size, its rows, a tile's rows. */
export function layerReads(layer: LayerName): Record<string, Statement> {
  return {
    // Sent as COPY (…) TO STDOUT (FORMAT binary) with the checked county code in place of $1
    // (COPY takes no parameters); planned here as the SELECT it wraps.
    columns: st(`${layer}.columns`, 'county',
      `SELECT ${columnList(layer)} FROM ${pgLayerTable(layer)} WHERE county_code = $1 ORDER BY fid`),
    wkbBytes: st(`${layer}.wkbBytes`, 'county',
      `SELECT coalesce(sum(octet_length(ST_AsBinary(geom))), 0)::float8 AS n FROM ${pgLayerTable(layer)} WHERE county_code = $1`),
    // A tile's features while the layer's columns are still being read: bbox [$2..$5] meets the
    // buffered tile, and features under $6 degrees both ways are left out (as from the columns).
    tile: st(`${layer}.tile`, 'county',
      `SELECT ${selectList(layer)} FROM ${pgLayerTable(layer)}
       WHERE county_code = $1 AND geom && ST_MakeEnvelope($2, $3, $4, $5, 4326)
         AND maxx >= $2 AND minx <= $4 AND maxy >= $3 AND miny <= $5
         AND (maxx - minx >= $6 OR maxy - miny >= $6 OR maxx = minx)
       ORDER BY fid`),
  };
}

/** Every statement the store can send, with each shape of the feature filters, for the catalog test. */
export function catalog(): Statement[] {
  const out: Statement[] = Object.values(Q);
  for (const layer of LAYER_NAMES) {
    out.push(...Object.values(layerWrites(layer)), ...Object.values(layerReads(layer)));
    const prop = LAYERS[layer].props[0];
    const shapes: [string, PgFeatureQuery][] = [
      ['all', {}],
      ['bbox', { bbox: [0, 0, 1, 1] }],
      ['equals', { equals: { [prop.name]: '1' } }],
      ['page', { limit: 10, offset: 10 }],
      ['after', { afterFid: 0, limit: 10 }],
    ];
    for (const [shape, q] of shapes) {
      out.push(st(`${layer}.select.${shape}`, 'county', selectFeatures(layer, q, '330723').sql));
      out.push(st(`${layer}.count.${shape}`, 'county', countFeatures(layer, q, '330723').sql));
    }
  }
  return out;
}
