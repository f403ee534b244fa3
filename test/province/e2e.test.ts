// The province edition end to end on a throwaway cluster: the sample county loaded into two
// counties, checks fanned out through POST /api/province/runs and taken by a worker from the
// queue, progress over SSE, and each county's results read back through /c/:county/api/checks
// equal to the DuckDB edition's documents for the same data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { Store } from '../../service/store/index.ts';
import { checkOf, type CheckName } from '../../service/checks/registry/index.ts';
import { loadDatasetPg } from '../../service/province/load-dataset.ts';
import { startWorker, type RunningWorker } from '../../service/province/worker.ts';
import { countRunRows, saveRunPg, runDocumentPg } from '../../service/province/runs.ts';
import { canonicalDocument, documentDifferences } from '../kit/same-document.ts';
import { duckDocuments, openProvince, readEvents, type Province } from './kit.ts';

const SAMPLE = 'data/sample';
const A = '330723';
const B = '330781';
let p: Province;
let worker: RunningWorker;
let duck: Store;
let duckDocs: Partial<Record<CheckName, unknown>>;

beforeAll(async () => {
  p = await openProvince();
  await loadDatasetPg(p.store, SAMPLE, { county: A });
  await loadDatasetPg(p.store, SAMPLE, { county: B });
  worker = await startWorker(p.cluster.url, { concurrency: 1, pollSeconds: 0.5, maintenanceSeconds: 1 });
  ({ duck, docs: duckDocs } = await duckDocuments(SAMPLE, ['patches', 'fire', 'coverage']));
}, 300_000);

afterAll(async () => {
  await worker?.stop();
  await p?.close();
});

async function runProvince(check: CheckName, counties?: string[]) {
  const res = await p.send('POST', '/api/province/runs', 'admin', { check, ...(counties ? { counties } : {}) });
  expect(res.status).toBe(202);
  const started = (await res.json()) as { id: number; counties: { county: string; run: number }[] };
  const events = await readEvents(await p.app.request(`/api/province/runs/${started.id}/events`));
  return { started, events };
}

describe('province runs', () => {
  it('fans fire out over every county, streams progress and ends done', async () => {
    const { started, events } = await runProvince('fire');
    expect(started.counties.map((c) => c.county)).toEqual([A, B]);
    expect(events[0].event).toBe('status');
    const phases = events.filter((e) => e.event === 'progress').map((e) => (e.data as { phase: string }).phase);
    expect(phases).toContain('computing');
    expect(phases).toContain('saving');
    expect(events.at(-1)!.event).toBe('done');
    const status = (await (await p.send('GET', `/api/province/runs/${started.id}`, null)).json()) as { status: string; counts: Record<string, number>; counties: { county_code: string; phase: string; attempts: number }[] };
    expect(status.status).toBe('done');
    expect(status.counts).toEqual({ queued: 0, running: 0, done: 2, failed: 0 });
    expect(status.counties.map((c) => [c.county_code, c.phase, c.attempts])).toEqual([[A, 'done', 1], [B, 'done', 1]]);
  });

  for (const check of ['patches', 'fire', 'coverage'] as CheckName[]) {
    it(`stores the same ${check} document as the DuckDB edition, rows and all`, async () => {
      const { started } = await runProvince(check, [A]);
      const res = await p.send('GET', `/c/${A}/api/checks/${check}/latest`, null);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-run-id')).toBe(String(started.counties[0].run));
      const { run, ...doc } = (await res.json()) as { run: { id: number; stale: boolean } };
      expect(run.stale).toBe(false);
      expect(canonicalDocument(check, doc)).toEqual(canonicalDocument(check, duckDocs[check]));
      expect(documentDifferences(check, doc, duckDocs[check])).toEqual([]);
      const rows = await countRunRows(p.store.pool, A, run.id, check);
      for (const t of checkOf(check).tables) expect(rows[t.name], t.name).toBe(t.rows(doc as never).length);
    });
  }

  it('gives a table as CSV with a BOM and as GeoJSON on the layer geometry', async () => {
    const csv = await p.send('GET', `/c/${A}/api/checks/fire/latest?format=csv&table=spacing`, null);
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const spacing = (duckDocs.fire as { spacing: unknown[] }).spacing;
    expect(text.trim().split('\n').length).toBe(spacing.length + 1);
    const gj = (await (await p.send('GET', `/c/${A}/api/checks/fire/latest?format=geojson&table=encroachments`, null)).json()) as { features: { geometry: unknown }[] };
    expect(gj.features.length).toBe((duckDocs.fire as { encroachments: unknown[] }).encroachments.length);
    expect(gj.features.every((f) => f.geometry && typeof f.geometry === 'object')).toBe(true);
  });

  it('rewrites a run id in one transaction: saving it again leaves one run of rows', async () => {
    const latest = (await (await p.send('GET', `/c/${B}/api/checks/fire/latest`, null)).json()) as { run: { id: number } };
    const doc = (await runDocumentPg(p.store.pool, B, latest.run.id))!;
    const before = await countRunRows(p.store.pool, B, latest.run.id, 'fire');
    await saveRunPg(p.store.pool, B, latest.run.id, 'fire', doc, {});
    expect(await countRunRows(p.store.pool, B, latest.run.id, 'fire')).toEqual(before);
    expect(before.spacing).toBeGreaterThan(0);
  });
});

describe('refusals', () => {
  const count = async () => Number((await p.store.all('SELECT count(*) AS n FROM province_runs'))[0].n);

  it('refuses bad requests naming the problem, and writes nothing', async () => {
    const before = await count();
    const cases: [string | null, unknown, number, RegExp][] = [
      [null, { check: 'fire' }, 401, /sign in/],
      ['enforcer', { check: 'fire' }, 403, /admin/],
      ['admin', { check: 'firee' }, 400, /unknown check "firee"/],
      ['admin', { check: 'fire', counties: ['330799'] }, 404, /unknown county "330799"/],
      ['admin', { check: 'fire', counties: ['3307'] }, 400, /"3307" is not a 6-digit/],
      ['admin', { check: 'fire', counties: [A, '330700'] }, 400, /province or prefecture/],
      ['admin', { check: 'fire', params: { min_overlap: 'lots' } }, 400, /min_overlap/],
      ['admin', '{"check": ', 400, /JSON/],
    ];
    for (const [who, body, status, message] of cases) {
      const res = await p.send('POST', '/api/province/runs', who, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('refuses a dataset without a county code, registering no county', async () => {
    await expect(loadDatasetPg(p.store, SAMPLE)).rejects.toThrow(/give the county with --county or "county_code" in dataset.json/);
    expect((await p.store.counties()).map((c) => c.code)).toEqual([A, B]);
  });

  it('answers unknown counties, checks and runs with 4xx naming them', async () => {
    const cases: [string, number, RegExp][] = [
      [`/c/330799/api/checks/fire/latest`, 404, /unknown county "330799"/],
      [`/c/33x723/api/checks/fire/latest`, 400, /33x723/],
      [`/c/${A}/api/checks/firee/latest`, 404, /unknown check "firee"/],
      [`/c/${A}/api/checks/quality/latest`, 404, /no finished quality run in county 330723/],
      [`/c/${A}/api/checks/runs/999999`, 404, /county 330723 has no run 999999/],
      [`/api/province/runs/999999`, 404, /no province run 999999/],
      [`/c/${A}/api/checks/fire/latest?format=shp`, 400, /format must be/],
    ];
    for (const [path, status, message] of cases) {
      const res = await p.send('GET', path, null);
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
  });
});

describe('province monthly report', () => {
  it('ranks every township of every county in one aggregate, as JSON and xlsx', async () => {
    const month = '2024-03';
    const res = await p.send('GET', `/api/province/reports/monthly?month=${month}`, null);
    expect(res.status).toBe(200);
    const b = (await res.json()) as { counties: number; rows: { county_code: string; township: string; rank: number; county_rank: number; patches: number; fire_lane_remaining: number; fire_run_id: number | null }[] };
    expect(b.counties).toBe(2);
    const a = b.rows.filter((r) => r.county_code === A);
    const bb = b.rows.filter((r) => r.county_code === B);
    // The same data in both counties: the same figures per township.
    const strip = (rows: typeof a) => rows.map(({ county_code: _c, rank: _r, fire_run_id: _f, ...rest }) => rest).sort((x, y) => (x.township < y.township ? -1 : 1));
    expect(strip(a)).toEqual(strip(bb));
    expect(a.length).toBeGreaterThanOrEqual(18);
    expect(b.rows.map((r) => r.rank)).toEqual(b.rows.map((_, i) => i + 1));
    expect(a.every((r) => r.fire_run_id !== null)).toBe(true);
    expect(a.reduce((s, r) => s + r.fire_lane_remaining, 0)).toBeGreaterThan(0);
    const city = (await (await p.send('GET', `/api/province/reports/monthly?month=${month}&city=3308`, null)).json()) as { rows: unknown[] };
    expect(city.rows).toEqual([]);
    const xlsx = await p.send('GET', `/api/province/reports/monthly?month=${month}&format=xlsx`, null);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets[0].rowCount).toBe(b.rows.length + 1);
    expect(String(book.worksheets[0].getRow(1).getCell(5).value)).toMatch(/乡镇/);
    for (const bad of ['month=2024-13', 'month=2024-03&city=33x7']) {
      const r = await p.send('GET', `/api/province/reports/monthly?${bad}`, null);
      expect(r.status, bad).toBe(400);
    }
  });
});
