// One vector tile per query, the standard PostGIS way: ST_TileEnvelope, ST_AsMVTGeom (extent
// 4096, buffer 64, clipped) and ST_AsMVT, with the GiST index on geom doing the bbox filter.
import type pg from 'pg';
import { isLayerName, LAYERS } from '../../service/layers/schema.ts';

const sqlCache = new Map<string, string>();

function tileQuery(layer: string): string {
  const cached = sqlCache.get(layer);
  if (cached) return cached;
  if (!isLayerName(layer)) throw new Error(`tileSql: unknown layer ${JSON.stringify(layer)}`);
  // MVT values are strings, numbers or booleans: dates travel as their ISO text.
  const props = LAYERS[layer].props
    .map((d) => (d.type === 'date' ? `t."${d.name}"::text AS "${d.name}"` : `t."${d.name}"`))
    .join(', ');
  const sql = `WITH bounds AS (SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS geom),
    mvtgeom AS (
      SELECT ST_AsMVTGeom(ST_Transform(t.geom, 3857), bounds.geom, 4096, 64, true) AS geom, ${props}
      FROM ${layer} t, bounds
      WHERE t.geom && ST_Transform(bounds.geom, 4326))
    SELECT ST_AsMVT(mvtgeom.*, '${layer}', 4096, 'geom') AS tile FROM mvtgeom`;
  sqlCache.set(layer, sql);
  return sql;
}

/** `client` may be a pg.Pool (new pg.Pool({ connectionString: url })) for concurrent tile load. */
export async function tileSql(client: pg.Client | pg.Pool | pg.PoolClient, layer: string, z: number, x: number, y: number): Promise<Uint8Array> {
  for (const [name, v] of [['z', z], ['x', x], ['y', y]] as const) {
    if (!Number.isInteger(v) || v < 0 || (name !== 'z' && v >= 2 ** z)) throw new Error(`tileSql: bad ${name}=${v} for z=${z}`);
  }
  const { rows } = await client.query<{ tile: Buffer | null }>({ name: `gt_tile_${layer}`, text: tileQuery(layer), values: [z, x, y] });
  const tile = rows[0]?.tile;
  return tile ? new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength) : new Uint8Array(0);
}
