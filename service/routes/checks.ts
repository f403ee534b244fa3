// /api/checks: start a run (by role), follow its progress (polling or server-sent events), read
// the latest document as JSON, CSV or GeoJSON, list runs, and the summaries.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { fail } from '../http/errors.ts';
import type { Store } from '../store/index.ts';
import { checkOf, isCheckName, CHECKS, type CheckName } from '../checks/registry/index.ts';
import type { CheckRunner, RunProgress } from '../runs/runner.ts';
import { getRun, latestRun, listRuns, runDocument } from '../runs/persist.ts';
import { respondWithRun } from './run-response.ts';
import { summaries } from '../runs/summaries.ts';
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
  if (!isCheckName(raw)) fail(404, `unknown check "${raw}"; checks are ${CHECKS.join(', ')}`);
  return raw;
}

function runId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) fail(400, `run id must be a whole number; got "${raw.slice(0, 40)}"`);
  return Number(raw);
}

export function checkRoutes(store: Store, runner: CheckRunner) {
  const app = new Hono<AppEnv>();

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
    let started: Awaited<ReturnType<CheckRunner['start']>>;
    try {
      started = await runner.start(check, body, user.name);
    } catch (err) {
      fail(400, (err as Error).message);
    }
    return c.json({ id: started.id, check, status: 'running', status_url: `/api/checks/runs/${started.id}`, events_url: `/api/checks/runs/${started.id}/events` }, 202);
  });

  app.get('/runs', async (c) => {
    const check = c.req.query('check');
    return c.json({ runs: await listRuns(store, { check: check ? checkName(check) : undefined }) });
  });

  app.get('/runs/:id', async (c) => {
    const id = runId(c.req.param('id'));
    const run = await getRun(store, id);
    if (!run) fail(404, `no run ${id}`);
    return c.json({ ...run, progress: runner.progress(id) ?? null });
  });

  app.get('/runs/:id/document', async (c) => {
    const id = runId(c.req.param('id'));
    const doc = await runDocument(store, id);
    if (!doc) fail(404, `run ${id} has no document (unknown, running or failed)`);
    return c.json(doc);
  });

  app.get('/runs/:id/events', async (c) => {
    const id = runId(c.req.param('id'));
    if (!(await getRun(store, id))) fail(404, `no run ${id}`);
    return streamSSE(c, async (stream) => {
      // Listen before looking, so a run that ends in between still sends its final event; every
      // write is awaited in order, and the stream closes only after the final one went out.
      const queue: RunProgress[] = [];
      let wake: (() => void) | null = null;
      let aborted = false;
      const onProgress = (p: RunProgress) => {
        if (p.id !== id) return;
        queue.push(p);
        wake?.();
      };
      const stop = runner.events.on('run-progress', onProgress);
      stream.onAbort(() => {
        aborted = true;
        wake?.();
      });
      try {
        const run = (await getRun(store, id))!;
        const current = runner.progress(id);
        if (run.status !== 'running' || !current || current.phase === 'done' || current.phase === 'failed') {
          const failed = run.status === 'failed' || current?.phase === 'failed';
          const ended = run.status === 'running' && current ? current : { id, phase: run.status, error: run.error, warnings: run.warnings };
          await stream.writeSSE({ event: failed ? 'failed' : 'done', data: JSON.stringify(ended) });
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
          const ended = p.phase === 'done' || p.phase === 'failed';
          if (ended) {
            const after = p.phase === 'done' ? await getRun(store, id) : null;
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

  app.get('/summaries', async (c) => c.json(await summaries(store)));

  app.get('/:check/latest', async (c) => {
    const check = checkName(c.req.param('check'));
    const batch = c.req.query('batch');
    const run = await latestRun(store, check, batch);
    if (!run) fail(404, `no finished ${check} run${batch ? ` for batch ${batch}` : ''} yet; start one with POST /api/checks/${check}`);
    const doc = (await runDocument(store, run.id))!;
    return respondWithRun(c, store, check, run, doc);
  });

  return app;
}
