// GET /api/search?q=: find features by id, name, address or owner across the layers people
// search in, for the viewer's search box. The text is a bound parameter (ILIKE), never SQL.
import { Hono } from 'hono';
import type { AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import { ident } from '../store/db.ts';
import { layerTable } from '../store/tables.ts';
import type { LayerName } from '../layers/schema.ts';
import type { Store } from '../store/index.ts';
import { ok, param, type Paths } from './openapi.ts';

export const SEARCH_PATHS: Paths = {
  '/search': {
    get: {
      summary: 'Features whose id, name, address or owner contains q (exact matches first, at most 20)',
      parameters: [param('q', 'query', 'an id, a name or part of an address (at most 100 characters)')],
      responses: ok(),
    },
  },
};

/** Where to look, and what a hit is called. */
const SEARCHED: { layer: LayerName; fields: string[]; label: string }[] = [
  { layer: 'ledger', fields: ['id', 'address', 'owner'], label: `concat_ws(' · ', id, address, owner)` },
  { layer: 'patches', fields: ['id'], label: `concat_ws(' · ', id, batch, township)` },
  { layer: 'townships', fields: ['name', 'code'], label: 'name' },
  { layer: 'transfer_stations', fields: ['id', 'name'], label: `concat_ws(' · ', id, name)` },
  { layer: 'landfills', fields: ['id', 'name'], label: `concat_ws(' · ', id, name)` },
  { layer: 'demand', fields: ['id', 'name'], label: `concat_ws(' · ', id, name, township)` },
  { layer: 'candidates', fields: ['id', 'name'], label: `concat_ws(' · ', id, name)` },
  { layer: 'permits', fields: ['id'], label: 'id' },
  { layer: 'fire_lanes', fields: ['id'], label: 'id' },
  { layer: 'footprints', fields: ['id'], label: 'id' },
];

export function searchRoutes(store: Store) {
  const app = new Hono<AppEnv>();
  app.get('/search', async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    if (!q) fail(400, 'q is required: an id, a name or part of an address');
    if (q.length > 100) fail(400, 'q is longer than 100 characters');
    const limit = 20;
    const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const parts = SEARCHED.map(({ layer, fields, label }) => ({
      sql: `SELECT '${layer}' AS layer, ${layer === 'townships' ? 'name' : 'id'} AS id, ${label} AS label, xmin, ymin, xmax, ymax,
              CASE WHEN ${fields.map((f) => `CAST(${ident(f)} AS VARCHAR) = ?`).join(' OR ')} THEN 0 ELSE 1 END AS rank
            FROM ${layerTable(layer)} WHERE ${fields.map((f) => `CAST(${ident(f)} AS VARCHAR) ILIKE ? ESCAPE '\\'`).join(' OR ')}`,
      params: [...fields.map(() => q), ...fields.map(() => pattern)],
    }));
    const rows = await store.all(
      `SELECT * FROM (${parts.map((p) => p.sql).join(' UNION ALL ')}) ORDER BY rank, length(label), label LIMIT ${limit}`,
      parts.flatMap((p) => p.params),
    );
    return c.json({
      results: rows.map((r) => ({ layer: r.layer, id: r.id, label: r.label, bbox: [r.xmin, r.ymin, r.xmax, r.ymax] })),
    });
  });
  return app;
}
