// Reports upward: the monthly bulletin as JSON, a workbook (?format=xlsx) or a printable page
// (?format=html).
import { Hono } from 'hono';
import type { AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import { ok, param, type Paths } from './openapi.ts';
import type { Store } from '../store/index.ts';
import { monthlyBulletin } from '../reports/monthly-data.ts';
import { monthRange } from '../reports/monthly.ts';
import { monthlyHtml, monthlyWorkbook } from '../reports/monthly-render.ts';

export const REPORT_PATHS: Paths = {
  '/monthly': {
    get: {
      summary: 'Monthly bulletin per township, ranked: patches and verdicts, new violations, demolished (records, m²), written off, fire-lane records left',
      parameters: [param('month', 'query', 'YYYY-MM'), param('format', 'query', 'json, xlsx or html (printable)', { type: 'string', enum: ['json', 'xlsx', 'html'] })],
      responses: { ...ok(), '400': { description: 'bad month or format; the message names the field' } },
    },
  },
};

export function reportRoutes(store: Store) {
  const app = new Hono<AppEnv>();
  app.get('/monthly', async (c) => {
    const month = c.req.query('month') ?? '';
    if (!monthRange(month)) fail(400, `month must be YYYY-MM; got "${month}"`, { field: 'month' });
    const format = c.req.query('format') ?? 'json';
    if (!['json', 'xlsx', 'html'].includes(format)) fail(400, `format must be json, xlsx or html; got "${format}"`, { field: 'format' });
    const b = await monthlyBulletin(store, month);
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
