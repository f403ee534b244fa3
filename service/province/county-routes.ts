// /c/:county/api/checks on the PostgreSQL store: a county's runs and its latest results, as the
// single-county API gives them (routes/checks.ts): the document as JSON, one table as CSV (UTF-8
// BOM), GeoJSON or xlsx. Mounted by the composition root at /c/:county/api/checks; the county
// comes from the path (`county` param) unless `countyOf` says otherwise.
import { Hono, type Context } from 'hono';
import { fail } from '../http/errors.ts';
import type { AppEnv } from '../http/auth.ts';
import type { PgCountyStore, PgStore } from '../store/pg/index.ts';
import { CountyError } from '../store/pg/county.ts';
import { CHECKS, isCheckName, type CheckName } from '../checks/registry/index.ts';
import { respondWithRun } from '../routes/run-response.ts';
import { ok, param, type Paths } from '../routes/openapi.ts';
import { getRunPg, latestRunPg, listRunsPg, runDocumentPg } from './runs.ts';

const checkParam = param('check', 'path', 'check name', { type: 'string', enum: [...CHECKS] });
const countyParam = param('county', 'path', '6-digit county code (行政区划代码)');
const runParam = param('id', 'path', 'run id', { type: 'integer' });

export const COUNTY_CHECK_PATHS: Paths = {
  '/runs': { get: { summary: "The county's runs, newest first", parameters: [countyParam], responses: ok() } },
  '/runs/{id}': { get: { summary: 'One run of the county with its progress (phase, counts, attempts)', parameters: [countyParam, runParam], responses: ok() } },
  '/runs/{id}/document': { get: { summary: "A finished run's JSON document", parameters: [countyParam, runParam], responses: ok() } },
  '/{check}/latest': {
    get: {
      summary: "The county's latest finished run as JSON, or one table as CSV (UTF-8 BOM), GeoJSON or xlsx; X-Run-Stale tells whether a layer it read has changed since",
      parameters: [
        countyParam,
        checkParam,
        param('format', 'query', 'json, csv, geojson or xlsx', { type: 'string', enum: ['json', 'csv', 'geojson', 'xlsx'] }),
        param('table', 'query', "one of the check's tables"),
        param('batch', 'query', 'patches: the batch'),
      ],
      responses: { ...ok(), '404': { description: 'unknown county or check, or no finished run yet' } },
    },
  },
};

export interface CountyCheckDeps {
  store: PgStore;
  /** The county a request is about; the path's `county` by default. */
  countyOf?: (c: Context<AppEnv>) => string;
}

function checkName(raw: string): CheckName {
  if (!isCheckName(raw)) fail(404, `unknown check "${raw.slice(0, 40)}"; checks are ${CHECKS.join(', ')}`);
  return raw;
}

function runId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) fail(400, `run id must be a whole number; got "${raw.slice(0, 40)}"`);
  return Number(raw);
}

export function countyCheckRoutes(deps: CountyCheckDeps) {
  const app = new Hono<AppEnv>();
  const countyOf = deps.countyOf ?? ((c: Context<AppEnv>) => c.req.param('county') ?? '');

  async function county(c: Context<AppEnv>): Promise<PgCountyStore> {
    try {
      return await deps.store.county(countyOf(c));
    } catch (err) {
      if (err instanceof CountyError) fail(err.status, err.message);
      throw err;
    }
  }

  app.get('/runs', async (c) => {
    const cs = await county(c);
    return c.json(await listRunsPg(deps.store.reads, cs.county, 100, await cs.versions()));
  });

  app.get('/runs/:id', async (c) => {
    const cs = await county(c);
    const id = runId(c.req.param('id'));
    const run = await getRunPg(deps.store.reads, cs.county, id, await cs.versions());
    if (!run) fail(404, `county ${cs.county} has no run ${id}`);
    return c.json(run);
  });

  app.get('/runs/:id/document', async (c) => {
    const cs = await county(c);
    const id = runId(c.req.param('id'));
    const doc = await runDocumentPg(deps.store.reads, cs.county, id);
    if (!doc) fail(404, `county ${cs.county} has no finished run ${id}`);
    return c.json(doc);
  });

  app.get('/:check/latest', async (c) => {
    const cs = await county(c);
    const check = checkName(c.req.param('check'));
    const batch = c.req.query('batch');
    const run = await latestRunPg(deps.store.reads, cs.county, check, batch, await cs.versions());
    if (!run) fail(404, `no finished ${check} run in county ${cs.county}${batch ? ` for batch ${batch}` : ''} yet; start one with POST /api/province/runs`);
    const doc = (await runDocumentPg(deps.store.reads, cs.county, run.id))!;
    return respondWithRun(c, cs, check, run, doc, `${cs.county}-`);
  });

  return app;
}
