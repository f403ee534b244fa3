// GET /api/facilities/service-areas: the road parts each serving station reaches within its
// radius (or, with lon, lat and radius_m, those of any place), for the viewer to draw as areas.
// The same module serves the DuckDB store and each county of the PostgreSQL store.
import { Hono } from 'hono';
import type { AppEnv } from '../http/auth.ts';
import { ok, param, type Paths } from './openapi.ts';
import { fail } from '../http/errors.ts';
import type { Store } from '../store/index.ts';
import { ServiceAreas } from '../facilities/service-areas.ts';

export const FACILITIES_PATHS: Paths = {
  '/facilities/service-areas': {
    get: {
      summary: 'Road parts each serving station reaches within its service radius (or, with lon, lat and radius_m, those of any place), as MultiLineStrings',
      parameters: [param('lon', 'query', 'longitude of a place (with lat and radius_m)'), param('lat', 'query', 'latitude'), param('radius_m', 'query', 'radius in metres, 0 to 100000')],
      responses: ok(),
    },
  },
};

function finite(name: string, raw: string | undefined, min: number, max: number): number {
  const v = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(v) || v < min || v > max) {
    fail(400, `${name} must be a number from ${min} to ${max}, got ${JSON.stringify(raw ?? null)}`);
  }
  return v;
}

export function facilitiesRoutes(store: Store) {
  const areas = new ServiceAreas(store);
  return serviceAreaRoutes(() => areas);
}

/** `areasOf`: the request's store's service areas (a province node keeps them per county). */
export function serviceAreaRoutes(areasOf: () => ServiceAreas) {
  const app = new Hono<AppEnv>();
  app.get('/facilities/service-areas', async (c) => {
    const areas = areasOf();
    const { lon, lat, radius_m } = c.req.query();
    if (lon === undefined && lat === undefined && radius_m === undefined) return c.json(await areas.stations());
    const feature = await areas.around(finite('lon', lon, -180, 180), finite('lat', lat, -90, 90), finite('radius_m', radius_m, 0, 100_000));
    return c.json(feature);
  });
  return app;
}
