// A stored run's document as the client asked for it (JSON, or one result table as CSV, GeoJSON or
// xlsx): the same answer whichever store the run was read from.
import type { Context } from 'hono';
import { fail } from '../http/errors.ts';
import type { CheckDocument, CheckName } from '../checks/registry/index.ts';
import type { LayerStore } from '../store/layer-store.ts';
import { tableFor, toCsv, toGeoJSON, toXlsx } from '../runs/formats.ts';

export interface ShownRun {
  id: number;
  finished_at: unknown;
  run_by: unknown;
  stale: boolean;
  batch?: string | null;
}

/** `filePrefix` goes before the file names of downloads (e.g. the county code). */
export async function respondWithRun(c: Context, store: Pick<LayerStore, 'read'>, check: CheckName, run: ShownRun, doc: CheckDocument, filePrefix = ''): Promise<Response> {
  const format = c.req.query('format') ?? 'json';
  c.header('X-Run-Id', String(run.id));
  c.header('X-Run-Stale', String(run.stale));
  if (format === 'json') return c.json({ ...doc, run: { id: run.id, finished_at: run.finished_at, run_by: run.run_by, stale: run.stale } });
  let table: ReturnType<typeof tableFor>;
  try {
    table = tableFor(check, c.req.query('table'));
  } catch (err) {
    fail(400, (err as Error).message);
  }
  const [name, def] = table;
  const file = `${filePrefix}${check}-${name}-run${run.id}`;
  if (format === 'csv') {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${file}.csv"`);
    return c.body(toCsv(doc, def));
  }
  if (format === 'geojson') {
    c.header('Content-Type', 'application/geo+json');
    return c.body(JSON.stringify(await toGeoJSON(store, doc, def, run.batch)));
  }
  if (format === 'xlsx') {
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', `attachment; filename="${file}.xlsx"`);
    return c.body((await toXlsx(doc, def)) as Uint8Array<ArrayBuffer>);
  }
  fail(400, `format must be json, csv, geojson or xlsx; got "${format.slice(0, 20)}"`);
}
