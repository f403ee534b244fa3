// GET /api/search?q=: find features by id, name, address or owner across the layers people
// search in, for the viewer's search box. The text is a bound parameter (ILIKE), never SQL. The
// route speaks to a SearchStore per request: the DuckDB store's SQL below, or a county of the
// PostgreSQL store (province/search-pg.ts, the same layers, fields, labels and order).
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

/** Where to look, and what a hit is called (the label is SQL both engines read alike). */
export const SEARCHED: { layer: LayerName; fields: string[]; label: string }[] = [
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

export interface SearchHit {
  layer: string;
  id: string;
  label: string;
  bbox: [number, number, number, number];
}

/** Hits for `q`: exact matches of a field first, then shorter labels, then labels in code-point order. */
export type SearchStore = (q: string, limit: number) => Promise<SearchHit[]>;

/** `q` as an ILIKE pattern: contains it, with \, % and _ taken literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** The DuckDB store's search. */
export function duckSearch(store: Store): SearchStore {
  return async (q, limit) => {
    const pattern = containsPattern(q);
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
    return rows.map((r) => ({ layer: r.layer as string, id: r.id as string, label: r.label as string, bbox: [r.xmin, r.ymin, r.xmax, r.ymax] as SearchHit['bbox'] }));
  };
}

export function searchRoutes(store: Store) {
  const search = duckSearch(store);
  return searchQueryRoutes(() => search);
}

export function searchQueryRoutes(searchStore: () => SearchStore) {
  const app = new Hono<AppEnv>();
  app.get('/search', async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    if (!q) fail(400, 'q is required: an id, a name or part of an address');
    if (q.length > 100) fail(400, 'q is longer than 100 characters');
    return c.json({ results: await searchStore()(q, 20) });
  });
  return app;
}
