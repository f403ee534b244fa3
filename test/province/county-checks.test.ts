// One county's check runs on a province node, through the county edition's API: started with
// POST /c/<county>/api/checks/<check> by the viewer's own runCheck (which polls GET /runs/:id),
// computed by a worker from the queue, and read back as the DuckDB edition's results for the same
// data (latest document, summaries); refusals (check, parameter, role of another county, reader)
// queue nothing; a parameter the engine refuses fails the run at once, without retries; and
// `groundtruth check <check> --county` run as a process stores the same document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { Store } from '../../service/store/index.ts';
import { summaries } from '../../service/runs/summaries.ts';
import type { CheckName } from '../../service/checks/registry/index.ts';
import { loadDatasetPg } from '../../service/province/load-dataset.ts';
import { startWorker, type RunningWorker } from '../../service/province/worker.ts';
import { createProvinceApp } from '../../service/province/app.ts';
import { openProvinceCompute, type ProvinceCompute } from '../../service/province/compute-routes.ts';
import { CHECK_QUEUE } from '../../service/province/queue.ts';
import { runCheck } from '../../viewer/src/lib/runs.ts';
import { county as viewerCounty } from '../../viewer/src/lib/county.ts';
import { canonicalDocument, documentDifferences } from '../kit/same-document.ts';
import { duckDocuments, openProvince, readEvents, type Province } from './kit.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'service/cli/bin.mjs');
const SAMPLE = 'data/sample';
const A = '330723';
const B = '330781';
let p: Province;
let compute: ProvinceCompute;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let app: Hono<any>;
let worker: RunningWorker;
let duck: Store;
let duckDocs: Partial<Record<CheckName, unknown>>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  p = await openProvince();
  await loadDatasetPg(p.store, SAMPLE, { county: A });
  // A second county with nothing loaded: the one a limited role belongs to.
  await p.store.addCounty(B, '兰溪市');
  compute = await openProvinceCompute(p.store, p.cluster.url);
  ({ app } = await createProvinceApp(p.store, {}, compute.routes));
  Object.assign(tokens, p.tokens);
  tokens.planner = await p.store.users.add('u_planner', 'planner');
  tokens.enforcerB = await p.store.users.add('u_enforcer_b', 'enforcer');
  await p.store.users.limitToCounties('u_enforcer_b', [B]);
  worker = await startWorker(p.cluster.url, { concurrency: 1, pollSeconds: 0.5, maintenanceSeconds: 1 });
  ({ duck, docs: duckDocs } = await duckDocuments(SAMPLE, ['patches', 'fire', 'coverage']));
}, 300_000);

afterAll(async () => {
  viewerCounty.current = null;
  await worker?.stop();
  await compute?.close();
  duck?.close();
  await p?.close();
});

const send = (method: string, path: string, who: string | null, body?: unknown) =>
  app.request(path, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
  });
const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;
/** The viewer's fetch, answered by the node in this process. */
const viewerFetch = ((input: RequestInfo | URL, init?: RequestInit) => app.request(String(input), init)) as typeof fetch;
const rounded = (v: unknown): unknown =>
  typeof v === 'number' ? Number(v.toPrecision(12)) : Array.isArray(v) ? v.map(rounded) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)])) : v;
const queued = async () => ({
  runs: Number((await p.store.all(`SELECT count(*) AS n FROM check_runs WHERE county_code = $1`, [A]))[0].n),
  jobs: Number((await p.store.all(`SELECT count(*) AS n FROM pgboss.job WHERE name = $1`, [CHECK_QUEUE]))[0].n),
});

describe('a county run started from the county path', () => {
  it('is started and polled by the viewer to done, and its latest document is the DuckDB edition\'s', async () => {
    viewerCounty.current = A;
    const seen: ({ phase: string } | null)[] = [];
    const id = await runCheck('fire', {}, tokens.enforcer, (pr) => seen.push(pr), { intervalMs: 400, fetchFn: viewerFetch });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s && ['queued', 'reading', 'computing', 'saving'].includes(s.phase)), JSON.stringify(seen)).toBe(true);

    const run = await json<{ status: string; check: string; run_by: string; attempts: number; progress: unknown }>(await send('GET', `/c/${A}/api/checks/runs/${id}`, null));
    expect(run).toMatchObject({ status: 'done', check: 'fire', run_by: 'u_enforcer', attempts: 1, progress: null });
    const latest = await send('GET', `/c/${A}/api/checks/fire/latest`, null);
    expect(latest.headers.get('x-run-id')).toBe(String(id));
    const { run: shown, ...doc } = await json<{ run: { stale: boolean } }>(latest);
    expect(shown.stale).toBe(false);
    expect(canonicalDocument('fire', doc)).toEqual(canonicalDocument('fire', duckDocs.fire));
    expect(documentDifferences('fire', doc, duckDocs.fire)).toEqual([]);
    const document = await json(await send('GET', `/c/${A}/api/checks/runs/${id}/document`, null));
    expect(documentDifferences('fire', document, duckDocs.fire)).toEqual([]);
  });

  it('answers the POST as the county edition does, and streams a run\'s progress to done', async () => {
    const res = await send('POST', `/c/${A}/api/checks/patches`, 'admin', {});
    expect(res.status).toBe(202);
    const started = await json<{ id: number }>(res);
    expect(started).toEqual({
      id: started.id, check: 'patches', status: 'running',
      status_url: `/api/checks/runs/${started.id}`, events_url: `/api/checks/runs/${started.id}/events`,
    });
    const events = await readEvents(await send('GET', `/c/${A}/api/checks/runs/${started.id}/events`, null));
    expect(events.at(-1)!.event).toBe('done');
    expect(events.slice(0, -1).every((e) => e.event === 'progress')).toBe(true);
    // A finished run's stream is its final event alone.
    expect((await readEvents(await send('GET', `/c/${A}/api/checks/runs/${started.id}/events`, null))).map((e) => e.event)).toEqual(['done']);
    const { run: _r, ...doc } = await json(await send('GET', `/c/${A}/api/checks/patches/latest`, null));
    expect(documentDifferences('patches', doc, duckDocs.patches)).toEqual([]);
  });

  it('gives the same summaries as the DuckDB edition once patches, fire and coverage ran', async () => {
    const cov = await json<{ id: number }>(await send('POST', `/c/${A}/api/checks/coverage`, 'planner', {}));
    await readEvents(await send('GET', `/c/${A}/api/checks/runs/${cov.id}/events`, null));
    const { runs: _pg, ...pg } = await json(await send('GET', `/c/${A}/api/checks/summaries`, null));
    const { runs: _duck, ...ref } = JSON.parse(JSON.stringify(await summaries(duck)));
    // Sums of areas are added in another order by each engine: equal to 12 significant digits.
    expect(rounded(pg)).toEqual(rounded(ref));
    expect(rounded(pg)).not.toEqual(rounded({ ...ref, townships: [] }));
    expect((pg.townships as unknown[]).length).toBeGreaterThan(0);
    expect(Object.keys(pg.batches as object).length).toBeGreaterThan(0);
    expect(pg.coverage).not.toBeNull();
  });

  it('lists the county\'s runs, newest first, filtered by check as the viewer asks', async () => {
    const all = await json<{ runs: { id: number; check: string }[] }>(await send('GET', `/c/${A}/api/checks/runs`, null));
    expect(all.runs.map((r) => r.check)).toEqual(['coverage', 'patches', 'fire']);
    const cov = await json<{ runs: { check: string }[] }>(await send('GET', `/c/${A}/api/checks/runs?check=coverage`, null));
    expect(cov.runs.map((r) => r.check)).toEqual(['coverage']);
    expect(await json(await send('GET', `/c/${B}/api/checks/runs`, null))).toEqual({ runs: [] });
  });
});

describe('refusals', () => {
  it('refuses a bad check, a bad parameter, a role of another county and a reader, queueing nothing', async () => {
    const before = await queued();
    const cases: [string | null, string, unknown, number, RegExp][] = [
      ['admin', 'firee', {}, 404, /unknown check "firee"/],
      ['admin', 'fire', { min_overlap: 'lots' }, 400, /check parameter min_overlap/],
      ['planner', 'coverage', { sites_to_choose: -1 }, 400, /check parameter sites_to_choose/],
      ['admin', 'fire', '{"min_overlap": ', 400, /JSON object/],
      ['enforcerB', 'fire', {}, 403, /acts only in 330781, not in county 330723/],
      ['viewer', 'fire', {}, 403, /fire/],
      [null, 'fire', {}, 401, /sign in/],
    ];
    for (const [who, check, body, status, message] of cases) {
      const res = await send('POST', `/c/${A}/api/checks/${check}`, who, body);
      expect(res.status, `${who} ${check} ${JSON.stringify(body)}`).toBe(status);
      expect((await json<{ error: string }>(res)).error).toMatch(message);
    }
    expect((await send('POST', `/c/330799/api/checks/fire`, 'admin', {})).status).toBe(404);
    expect(await queued()).toEqual(before);
  });

  it('fails a run whose parameters the engine refuses at once, with the message, not retried', async () => {
    const res = await send('POST', `/c/${A}/api/checks/coverage`, 'planner', { siting_require: ['NO-SUCH-SITE'] });
    expect(res.status).toBe(202);
    const { id } = await json<{ id: number }>(res);
    const events = await readEvents(await send('GET', `/c/${A}/api/checks/runs/${id}/events`, null));
    expect(events.at(-1)!.event).toBe('failed');
    const run = await json<{ status: string; error: string; attempts: number }>(await send('GET', `/c/${A}/api/checks/runs/${id}`, null));
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/check parameter siting_require: no candidate has id "NO-SUCH-SITE"/);
    expect(run.attempts).toBe(1);
    const [job] = await p.store.all(`SELECT state, retry_count FROM pgboss.job WHERE name = $1 AND data->>'run' = $2`, [CHECK_QUEUE, String(id)]);
    expect(job).toMatchObject({ state: 'completed', retry_count: 0 });
  });
});

describe('groundtruth check on PostgreSQL', () => {
  const gt = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GROUNDTRUTH_DB: p.cluster.url } });
    return { status: r.status, out: r.stdout, err: r.stderr };
  };
  /** The same, without blocking: refusals run side by side, each spending most of its time starting up. */
  const gtAsync = (...args: string[]) =>
    new Promise<{ status: number; err: string }>((resolve) => {
      execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, GROUNDTRUTH_DB: p.cluster.url } }, (error, _out, err) =>
        resolve({ status: error ? Number(error.code ?? 1) : 0, err }),
      );
    });

  it('refuses an unknown check or county and a bad parameter, naming them, writing nothing', async () => {
    const before = await queued();
    const cases: [string[], RegExp][] = [
      [['check', 'firee', '--county', A], /unknown check "firee"/],
      [['check', 'fire', '--county', '330799'], /330799/],
      [['check', 'fire', '--county', '3307'], /"3307"/],
      [['check', 'fire'], /--county/],
      [['check', 'fire', '--county', A, '--param', 'min_overlap=lots'], /check parameter min_overlap/],
    ];
    const answers = await Promise.all(cases.map(([args]) => gtAsync(...args)));
    cases.forEach(([args, message], i) => {
      expect(answers[i].status, args.join(' ')).toBe(1);
      expect(answers[i].err, args.join(' ')).toMatch(message);
    });
    expect(await queued()).toEqual(before);
  });

  it('computes a county\'s run in its own process and stores the DuckDB edition\'s document', async () => {
    const r = gt('check', 'fire', '--county', A, '--param', 'min_encroach_area_m2=1');
    expect(r.status, r.err).toBe(0);
    expect(r.err).toMatch(/check: fire: done in \d+\.\d s → run \d+ of county 330723, \d+ rows/);
    const latest = await json<{ run: { id: number; run_by: string } }>(await send('GET', `/c/${A}/api/checks/fire/latest`, null));
    expect(latest.run.run_by).toBe('cli');
    const { run: _r, ...doc } = latest;
    expect(documentDifferences('fire', doc, duckDocs.fire)).toEqual([]);
    const run = await json<{ attempts: number; province_run: number | null }>(await send('GET', `/c/${A}/api/checks/runs/${latest.run.id}`, null));
    expect(run).toMatchObject({ attempts: 1, province_run: null });
  });
});
