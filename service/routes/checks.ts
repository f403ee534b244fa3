// /api/checks: start a run (by role), follow its progress (polling or server-sent events), read
// the latest document as JSON, CSV or GeoJSON, list runs, and the summaries. The routes speak to a
// CheckRunStore per request (runs/run-store.ts): the county edition's DuckDB file and runner, or a
// county of the province edition's PostgreSQL store and its job queue.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import type { Context } from 'hono';
import type { Store } from '../store/index.ts';
import { checkOf, isCheckName, CHECKS, type CheckName } from '../checks/registry/index.ts';
import type { CheckRunner } from '../runs/runner.ts';
import { duckRuns, type CheckRunStore, type LiveProgress } from '../runs/run-store.ts';
import { respondWithRun } from './run-response.ts';
import { ok, param, refused, type Paths } from './openapi.ts';

const checkParam = param('check', 'path', 'check name', { type: 'string', enum: [...CHECKS] });
const runParam = param('id', 'path', 'run id', { type: 'integer' });
const whoRuns = CHECKS.map((c) => `${c}: ${checkOf(c).roles.join(', ')}`).join('; ');

const ids = (description: string) => ({ description, oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string', description: 'comma-separated' }] });
/** The run parameters a planner sets most (every parameter of docs/spec/checks.md is accepted). */
const CHECK_BODY = {
  type: 'object',
  properties: {
    sites_to_choose: { type: 'integer', minimum: 0, description: 'coverage: k, the number of sites (relocating: every open site, stations kept included)' },
    siting_method: { type: 'string', enum: ['exact', 'greedy'], default: 'exact' },
    siting_time_limit_s: { type: 'number', default: 10 },
    siting_require: ids('candidate ids that must be chosen'),
    siting_exclude: ids('candidate ids that must not be chosen'),
    siting_existing: { type: 'string', enum: ['keep', 'relocate'], default: 'keep', description: 'keep every serving station, or make them sites that may close' },
    siting_keep_open: ids('relocating: serving station ids that stay open'),
    distance: { type: 'string', enum: ['straight', 'network'], default: 'straight' },
  },
  additionalProperties: true,
};

export const CHECK_PATHS: Paths = {
  '/{check}': {
    post: {
      summary: 'Start a run; the body is a JSON object of parameters (docs/spec/checks.md). 202 with the run id and where to follow it.',
      'x-role': whoRuns,
      parameters: [checkParam],
      requestBody: { required: false, content: { 'application/json': { schema: CHECK_BODY } } },
      responses: { '202': { description: 'started' }, ...refused },
    },
  },
  '/runs': { get: { summary: 'Runs, newest first (who, when, parameters, staleness)', parameters: [param('check', 'query', 'only runs of this check')], responses: ok() } },
  '/runs/{id}': { get: { summary: 'One run with its live progress', parameters: [runParam], responses: ok() } },
  '/runs/{id}/document': { get: { summary: "A finished run's JSON document", parameters: [runParam], responses: ok() } },
  '/runs/{id}/events': { get: { summary: "A run's progress as server-sent events (progress, done, failed)", parameters: [runParam], responses: ok('text/event-stream') } },
  '/summaries': { get: { summary: 'Figures per township and batch from the latest runs', responses: ok() } },
  '/{check}/latest': {
    get: {
      summary: 'The latest finished run as JSON, or one of its tables as CSV (UTF-8 BOM) or GeoJSON; X-Run-Stale tells whether a layer it read has changed since',
      parameters: [
        checkParam,
        param('format', 'query', 'json, csv or geojson', { type: 'string', enum: ['json', 'csv', 'geojson'] }),
        param('table', 'query', "one of the check's tables (csv, geojson)"),
        param('batch', 'query', 'patches: the batch'),
      ],
      responses: { ...ok(), '404': { description: 'no finished run yet' } },
    },
  },
};


function checkName(raw: string): CheckName {
  if (!isCheckName(raw)) fail(404, `unknown check "${raw.slice(0, 40)}"; checks are ${CHECKS.join(', ')}`);
  return raw;
}

function runId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) fail(400, `run id must be a whole number; got "${raw.slice(0, 40)}"`);
  return Number(raw);
}

const ended = (phase: string) => phase === 'done' || phase === 'failed';

/** The county edition's mount: the DuckDB file and its runner. */
export function checkRoutes(store: Store, runner: CheckRunner) {
  const runs = duckRuns(store, runner);
  return checkRunRoutes(() => runs);
}

export function checkRunRoutes(runsOf: (c: Context<AppEnv>) => CheckRunStore | Promise<CheckRunStore>) {
  const app = new Hono<AppEnv>();
  const noRun = (runs: CheckRunStore, id: number) => (runs.scope ? `${runs.scope} has no run ${id}` : `no run ${id}`);

  app.post('/:check', async (c) => {
    const check = checkName(c.req.param('check'));
    const user = requireRole(c, checkOf(check).roles, `run the ${check} check`);
    const text = await c.req.text();
    let body: Record<string, unknown> = {};
    if (text.trim()) {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        fail(400, 'the body must be a JSON object of parameters, e.g. {"min_overlap": 0.3}');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) fail(400, 'the body must be a JSON object of parameters');
    }
    const runs = await runsOf(c);
    // Refused parameters are a 400 naming them, with no run recorded or queued.
    try {
      await runs.checkParams(body);
    } catch (err) {
      fail(400, (err as Error).message);
    }
    const id = await runs.start(check, body, user.name);
    return c.json({ id, check, status: 'running', status_url: `/api/checks/runs/${id}`, events_url: `/api/checks/runs/${id}/events` }, 202);
  });

  app.get('/runs', async (c) => {
    const check = c.req.query('check');
    const runs = await runsOf(c);
    return c.json({ runs: await runs.list(check ? checkName(check) : undefined) });
  });

  app.get('/runs/:id', async (c) => {
    const id = runId(c.req.param('id'));
    const runs = await runsOf(c);
    const run = await runs.get(id);
    if (!run) fail(404, noRun(runs, id));
    return c.json({ ...run, progress: runs.progress(run) });
  });

  app.get('/runs/:id/document', async (c) => {
    const id = runId(c.req.param('id'));
    const runs = await runsOf(c);
    const doc = await runs.document(id);
    if (!doc) fail(404, `${runs.scope ? `${runs.scope}: ` : ''}run ${id} has no document (unknown, running or failed)`);
    return c.json(doc);
  });

  app.get('/runs/:id/events', async (c) => {
    const id = runId(c.req.param('id'));
    const runs = await runsOf(c);
    if (!(await runs.get(id))) fail(404, noRun(runs, id));
    return streamSSE(c, async (stream) => {
      // Listen before looking, so a run that ends in between still sends its final event; every
      // write is awaited in order, and the stream closes only after the final one went out.
      const queue: LiveProgress[] = [];
      let wake: (() => void) | null = null;
      let aborted = false;
      const stop = runs.follow(id, (p) => {
        queue.push(p);
        wake?.();
      });
      stream.onAbort(() => {
        aborted = true;
        wake?.();
      });
      try {
        const run = (await runs.get(id))!;
        const current = runs.progress(run);
        if (run.status !== 'running' || !current || ended(current.phase)) {
          const failed = run.status === 'failed' || current?.phase === 'failed';
          const last = run.status === 'running' && current ? current : { id, phase: run.status, error: run.error, warnings: run.warnings };
          await stream.writeSSE({ event: failed ? 'failed' : 'done', data: JSON.stringify(last) });
          return;
        }
        await stream.writeSSE({ event: 'progress', data: JSON.stringify(current) });
        while (!aborted) {
          const p = queue.shift();
          if (!p) {
            await new Promise<void>((r) => (wake = r));
            wake = null;
            continue;
          }
          if (ended(p.phase)) {
            const after = p.phase === 'done' ? await runs.get(id) : null;
            await stream.writeSSE({ event: p.phase, data: JSON.stringify({ ...p, ...(after?.warnings ? { warnings: after.warnings } : {}) }) });
            return;
          }
          await stream.writeSSE({ event: 'progress', data: JSON.stringify(p) });
        }
      } finally {
        stop();
      }
    });
  });

  app.get('/summaries', async (c) => c.json(await (await runsOf(c)).summaries()));

  app.get('/:check/latest', async (c) => {
    const check = checkName(c.req.param('check'));
    const batch = c.req.query('batch');
    const runs = await runsOf(c);
    const run = await runs.latest(check, batch);
    if (!run) fail(404, `no finished ${check} run${runs.scope ? ` in ${runs.scope}` : ''}${batch ? ` for batch ${batch}` : ''} yet; start one with POST /api/checks/${check}`);
    const doc = (await runs.document(run.id))!;
    return respondWithRun(c, runs.layers, check, run, doc, runs.filePrefix);
  });

  return app;
}
