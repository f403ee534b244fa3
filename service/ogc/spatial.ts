// S_INTERSECTS in two steps: the literal's bbox against the DOUBLE bbox columns in SQL (cheap,
// and DuckDB prunes row groups on it), then the exact intersection test in TypeScript on the
// survivors. The result is the list of fids that truly intersect, bound into the main query.
import type { Geometry, Position } from 'geojson';
import { booleanIntersects } from '@turf/turf';
import type { LayerName } from '../layers/schema.ts';
import type { Store } from '../store/index.ts';
import { layerTable } from '../store/tables.ts';
import { wkbToGeometry } from '../geo/wkb.ts';

function geometryBBox(g: Geometry): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (typeof (c as unknown[])[0] === 'number') {
      const p = c as Position;
      b[0] = Math.min(b[0], p[0]);
      b[1] = Math.min(b[1], p[1]);
      b[2] = Math.max(b[2], p[0]);
      b[3] = Math.max(b[3], p[1]);
    } else (c as unknown[]).forEach(walk);
  };
  if (g.type !== 'GeometryCollection') walk(g.coordinates);
  return b;
}

export async function intersectingFids(store: Store, layer: LayerName, literal: Geometry): Promise<number[]> {
  const [w, s, e, n] = geometryBBox(literal);
  const rows = await store.all(
    `SELECT fid, ST_AsWKB(geom) AS wkb FROM ${layerTable(layer)} WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ? ORDER BY fid`,
    [w, e, s, n],
  );
  const out: number[] = [];
  for (const r of rows) {
    if (booleanIntersects(wkbToGeometry(r.wkb as Uint8Array), literal)) out.push(Number(r.fid));
  }
  return out;
}
