// /c/:county/api/checks on the PostgreSQL store: the county edition's check-run routes
// (routes/checks.ts) over one county's runs (runs-pg.ts). A run started here is queued in one
// transaction with its job and computed by a `groundtruth worker`; the viewer polls it and reads
// its results as it does on the county edition. Mounted by the composition root per county; the
// county comes from the path (`county` param) unless `countyOf` says otherwise.
import type { Context } from 'hono';
import { fail } from '../http/errors.ts';
import type { AppEnv } from '../http/auth.ts';
import { CountyError } from '../store/pg/county.ts';
import { CHECK_PATHS, checkRunRoutes } from '../routes/checks.ts';
import { param, type Paths } from '../routes/openapi.ts';
import { PgRuns, type PgRunsDeps } from './runs-pg.ts';

const countyParam = param('county', 'path', '6-digit county code (行政区划代码)');

/** The county edition's paths, each with the county code as a path parameter. */
export const COUNTY_CHECK_PATHS: Paths = Object.fromEntries(
  Object.entries(CHECK_PATHS).map(([path, ops]) => [
    path,
    Object.fromEntries(Object.entries(ops).map(([verb, op]) => [verb, { ...op, parameters: [countyParam, ...((op as { parameters?: unknown[] }).parameters ?? [])] }])),
  ]),
) as Paths;

export interface CountyCheckDeps extends PgRunsDeps {
  /** The county a request is about; the path's `county` by default. */
  countyOf?: (c: Context<AppEnv>) => string;
}

export function countyCheckRoutes(deps: CountyCheckDeps) {
  const countyOf = deps.countyOf ?? ((c: Context<AppEnv>) => c.req.param('county') ?? '');
  return checkRunRoutes(async (c) => {
    try {
      return new PgRuns(deps, await deps.store.county(countyOf(c)));
    } catch (err) {
      if (err instanceof CountyError) fail(err.status, err.message);
      throw err;
    }
  });
}
