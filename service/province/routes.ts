// /api/province: province runs (admin) with per-county progress and an SSE stream fed by LISTEN,
// and the monthly bulletin across counties as JSON or xlsx. Mounted by the composition root:
// mount('/api/province', provinceRunRoutes(deps), PROVINCE_PATHS).
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type PgBoss from 'pg-boss';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import type { PgStore } from '../store/pg/index.ts';
import { CountyError } from '../store/pg/county.ts';
import { CHECKS, isCheckName } from '../checks/registry/index.ts';
import { resolveParams, type CheckParams } from '../checks/index.ts';
import { ok, param, refused, type Paths } from '../routes/openapi.ts';
import { chooseCounties, provinceRunStatus, startProvinceRun } from './fanout.ts';
import type { JobPolicy } from './queue.ts';
import type { ProgressListener, ProgressMessage } from './progress.ts';
import { provinceMonthly, provinceMonthlyXlsx } from './report.ts';

export interface ProvinceDeps {
  store: PgStore;
  boss: PgBoss;
  listener: ProgressListener;
  policy?: JobPolicy;
  /** Seconds between status reads of an open SSE stream, in case a NOTIFY was missed. */
  pollSeconds?: number;
}

const idParam = param('id', 'path', 'province run id', { type: 'integer' });

export const PROVINCE_PATHS: Paths = {
  '/runs': {
    post: {
      summary: 'Fan one check out over every county (or `counties`): one queued run per county, taken by `groundtruth worker` processes. Body {"check": "fire", "counties": ["330723"], "params": {…}}',
      'x-role': 'admin',
      responses: { '202': { description: 'queued' }, ...refused },
    },
  },
  '/runs/{id}': { get: { summary: 'A province run with each county run (status, phase, counts, attempts, error)', parameters: [idParam], responses: { ...ok(), '404': { description: 'no such run' } } } },
  '/runs/{id}/events': { get: { summary: "A province run's progress as server-sent events (status, progress, done), from any node", parameters: [idParam], responses: ok('text/event-stream') } },
  '/reports/monthly': {
    get: {
      summary: 'The monthly bulletin of every township of every county (or of a city), ranked; JSON or xlsx',
      parameters: [
        param('month', 'query', 'YYYY-MM'),
        param('city', 'query', '4-digit prefecture code, e.g. 3307'),
        param('reuse_within_months', 'query', 'months after a teardown within which reuse counts', { type: 'integer' }),
        param('format', 'query', 'json or xlsx', { type: 'string', enum: ['json', 'xlsx'] }),
      ],
      responses: { ...ok(), '400': { description: 'bad month or city' } },
    },
  },
};

function runId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) fail(400, `province run id must be a whole number; got "${raw.slice(0, 40)}"`);
  return Number(raw);
}

function countyFail(err: unknown): never {
  if (err instanceof CountyError) fail(err.status, err.message);
  throw err;
}

export function provinceRunRoutes(deps: ProvinceDeps) {
  const { store } = deps;
  const app = new Hono<AppEnv>();

  app.post('/runs', async (c) => {
    const user = requireRole(c, ['admin'], 'start a check over the province');
    let body: Record<string, unknown>;
    try {
      body = (await c.req.json()) as Record<string, unknown>;
    } catch {
      fail(400, 'the body must be JSON: {"check": "fire", "counties": ["330723", …] (optional), "params": {…} (optional)}');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) fail(400, 'the body must be a JSON object');
    const check = String(body.check ?? '');
    if (!isCheckName(check)) fail(400, `unknown check "${check.slice(0, 40)}"; checks are ${CHECKS.join(', ')}`);
    const params = body.params ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params)) fail(400, '"params" must be a JSON object of check parameters');
    const counties = await chooseCounties(store, body.counties).catch(countyFail);
    try {
      resolveParams(params as Partial<CheckParams>);
    } catch (err) {
      fail(400, (err as Error).message);
    }
    const run = await startProvinceRun(store, deps.boss, check, counties, params as Record<string, unknown>, user.name, deps.policy);
    return c.json({ ...run, status: `/api/province/runs/${run.id}`, events: `/api/province/runs/${run.id}/events` }, 202);
  });

  app.get('/runs/:id', async (c) => {
    const id = runId(c.req.param('id'));
    const status = await provinceRunStatus(store, id);
    if (!status) fail(404, `no province run ${id}`);
    return c.json(status);
  });

  app.get('/runs/:id/events', async (c) => {
    const id = runId(c.req.param('id'));
    if (!(await provinceRunStatus(store, id))) fail(404, `no province run ${id}`);
    return streamSSE(c, async (stream) => {
      // Listen before the first status read, so nothing that happens in between is lost.
      const queue: (ProgressMessage | 'poll')[] = [];
      let wake: (() => void) | null = null;
      let aborted = false;
      const push = (m: ProgressMessage | 'poll') => {
        queue.push(m);
        wake?.();
      };
      const stop = deps.listener.on((m) => m.province_run === id && push(m));
      const timer = setInterval(() => push('poll'), (deps.pollSeconds ?? 5) * 1000);
      stream.onAbort(() => {
        aborted = true;
        wake?.();
      });
      try {
        let status = (await provinceRunStatus(store, id))!;
        await stream.writeSSE({ event: 'status', data: JSON.stringify(status) });
        while (!aborted && status.status === 'running') {
          const m = queue.shift();
          if (!m) {
            await new Promise<void>((r) => (wake = r));
            wake = null;
            continue;
          }
          if (m !== 'poll') await stream.writeSSE({ event: 'progress', data: JSON.stringify(m) });
          // A county that ended may have ended the province run.
          if (m === 'poll' || m.phase === 'done' || m.phase === 'failed') status = (await provinceRunStatus(store, id))!;
        }
        if (!aborted) await stream.writeSSE({ event: status.status, data: JSON.stringify(status) });
      } finally {
        stop();
        clearInterval(timer);
      }
    });
  });

  app.get('/reports/monthly', async (c) => {
    const month = c.req.query('month') ?? '';
    const city = c.req.query('city') ?? null;
    const rawWithin = c.req.query('reuse_within_months');
    if (rawWithin !== undefined && !/^\d{1,3}$/.test(rawWithin)) fail(400, `reuse_within_months must be a whole number of months; got "${rawWithin.slice(0, 20)}"`);
    let bulletin;
    try {
      bulletin = await provinceMonthly(store.pool, month, city, rawWithin === undefined ? undefined : Number(rawWithin));
    } catch (err) {
      if (err instanceof RangeError) fail(400, err.message);
      throw err;
    }
    const format = c.req.query('format') ?? 'json';
    if (format === 'json') return c.json(bulletin);
    if (format === 'xlsx') {
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('Content-Disposition', `attachment; filename="province-monthly-${month}${city ? `-${city}` : ''}.xlsx"`);
      return c.body((await provinceMonthlyXlsx(bulletin)) as Uint8Array<ArrayBuffer>);
    }
    fail(400, `format must be json or xlsx; got "${format.slice(0, 20)}"`);
  });

  return app;
}
