// Reports upward: the monthly bulletin as JSON, a workbook (?format=xlsx) or a printable page
// (?format=html). The route asks a BulletinStore per request, so the same module serves the DuckDB
// store and each county of the PostgreSQL store.
import { Hono } from 'hono';
import type { AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import { ok, param, type Paths } from './openapi.ts';
import type { Store } from '../store/index.ts';
import { bulletinOf, duckBulletin, type BulletinStore } from '../reports/monthly-data.ts';
import { monthRange } from '../reports/monthly.ts';
import { monthlyHtml, monthlyWorkbook } from '../reports/monthly-render.ts';

export const REPORT_PATHS: Paths = {
  '/monthly': {
    get: {
      summary:
        'Monthly bulletin per township, ranked: patches and verdicts, new violations, demolished (records, m²), written off (apart from teardowns), fire-lane records left, land use after teardown',
      parameters: [
        param('month', 'query', 'YYYY-MM'),
        param('reuse_within_months', 'query', 'months after demolished_on within which a reuse counts (default: dataset.json, else 6)', { type: 'integer', minimum: 0, maximum: 120 }),
        param('format', 'query', 'json, xlsx or html (printable)', { type: 'string', enum: ['json', 'xlsx', 'html'] }),
      ],
      responses: { ...ok(), '400': { description: 'bad month or format; the message names the field' } },
    },
  },
};

/** The county edition's mount, over the DuckDB store. */
export function reportRoutes(store: Store) {
  const data = duckBulletin(store);
  return bulletinRoutes({ bulletin: () => data });
}

export interface BulletinBackend {
  /** The bulletin queries of the request's store (a province node picks the county). */
  bulletin(): BulletinStore;
}

export function bulletinRoutes(backend: BulletinBackend) {
  const app = new Hono<AppEnv>();
  app.get('/monthly', async (c) => {
    const month = c.req.query('month') ?? '';
    if (!monthRange(month)) fail(400, `month must be YYYY-MM; got "${month}"`, { field: 'month' });
    const format = c.req.query('format') ?? 'json';
    if (!['json', 'xlsx', 'html'].includes(format)) fail(400, `format must be json, xlsx or html; got "${format}"`, { field: 'format' });
    const within = c.req.query('reuse_within_months');
    if (within !== undefined && (!/^\d+$/.test(within) || Number(within) > 120)) {
      fail(400, `reuse_within_months must be a whole number of months (0–120); got "${within}"`, { field: 'reuse_within_months' });
    }
    const b = await bulletinOf(backend.bulletin(), month, within === undefined ? undefined : Number(within));
    if (format === 'xlsx') {
      return c.body(new Uint8Array(await monthlyWorkbook(b)) as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="bulletin-${month}.xlsx"`,
      });
    }
    if (format === 'html') return c.html(monthlyHtml(b));
    return c.json(b);
  });
  return app;
}
