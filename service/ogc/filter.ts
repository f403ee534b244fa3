// The `filter` parameter of OGC API - Features Part 3: CQL2 text → bound SQL for the store.
// Geometry literals are read in `filter-crs` (CRS84 unless given) and turned to lon/lat first.
import type { DuckDBValue } from '@duckdb/node-api';
import type { Geometry } from 'geojson';
import type { LayerName } from '../layers/schema.ts';
import type { Store } from '../store/index.ts';
import { fail } from '../http/errors.ts';
import { Cql2Error } from './cql2/ast.ts';
import { parseCql2 } from './cql2/parse.ts';
import { checkGeometryProperty, compileCql2, spatialTerms, type IntersectsExpr } from './cql2/sql.ts';
import { toLonLat, type OgcCrs } from './crs.ts';
import { intersectingFids } from './spatial.ts';

export interface SqlFilter {
  sql: string;
  params: DuckDBValue[];
}

function toCrs84(g: Geometry, crs: OgcCrs): Geometry {
  if (crs.epsg === null || g.type === 'GeometryCollection') return g;
  const map = (c: unknown): unknown =>
    typeof (c as unknown[])[0] === 'number' ? toLonLat(crs, (c as number[])[0], (c as number[])[1]) : (c as unknown[]).map(map);
  return { type: g.type, coordinates: map(g.coordinates) } as Geometry;
}

export async function cql2Filter(store: Store, layer: LayerName, text: string, lang: string | undefined, crs: OgcCrs): Promise<SqlFilter> {
  if (lang !== undefined && lang !== 'cql2-text') fail(400, `filter-lang "${lang}" is not supported; use cql2-text`);
  try {
    const expr = parseCql2(text);
    const fids = new Map<IntersectsExpr, number[]>();
    for (const term of spatialTerms(expr)) {
      checkGeometryProperty(layer, term);
      fids.set(term, await intersectingFids(store, layer, toCrs84(term.geometry, crs)));
    }
    return compileCql2(layer, expr, fids);
  } catch (err) {
    if (err instanceof Cql2Error) fail(400, `filter: ${err.message}`, { token: err.token });
    throw err;
  }
}
