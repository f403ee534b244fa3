// Reports upward: the monthly bulletin as JSON, a workbook (?format=xlsx) or a printable page
// (?format=html).
import { Hono } from 'hono';
import type { AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import type { Store } from '../store/index.ts';
import { monthlyBulletin } from '../reports/monthly-data.ts';
import { monthRange } from '../reports/monthly.ts';
import { monthlyHtml, monthlyWorkbook } from '../reports/monthly-render.ts';

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
