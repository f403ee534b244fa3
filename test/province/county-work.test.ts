// The ledger office's quality work, search, service areas and the audit listing on a province
// node: the sample county in two counties of one cluster, the quality check run through the queue
// by a worker in process, and one session of requests answered by /c/330723 as the DuckDB edition
// answers it; the other county untouched, a role limited to it refused, bad input named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { Store } from '../../service/store/index.ts';
import { loadDataset } from '../../service/datasets/load.ts';
import { createApp } from '../../service/app.ts';
import { PgStore } from '../../service/store/pg/index.ts';
import { loadDatasetPg } from '../../service/province/load-dataset.ts';
import { createProvinceApp } from '../../service/province/app.ts';
import { openProvinceCompute, type ProvinceCompute } from '../../service/province/compute-routes.ts';
import { openProvinceFields } from '../../service/province/field-routes.ts';
import { openProvinceWork } from '../../service/province/work-routes.ts';
import { startWorker, type RunningWorker } from '../../service/province/worker.ts';
import { runDone } from '../api/run-check.ts';
import { readEvents } from './kit.ts';

type Send = (method: string, path: string, who: string | null, body?: unknown) => Promise<Response>;

const SAMPLE = 'data/sample';
const A = '330723';
const B = '330781';
const ROLES = ['viewer', 'inspector', 'enforcer', 'admin'];

let cluster: PgCluster;
let store: PgStore;
let compute: ProvinceCompute;
let worker: RunningWorker;
let duck: Store;
let duckSend: Send;
let province: Send;
let duckRun: number;
let pgRuns: Record<string, number> = {};

/** Requests with bearer tokens of the named users (each store issues its own). */
function sender(app: { request(path: string, init?: RequestInit): Response | Promise<Response> }, tokens: Record<string, string>): Send {
  return async (method, path, who, body) =>
    app.request(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
    });
}

beforeAll(async () => {
  cluster = await startPgCluster();
  store = await PgStore.open(cluster.url, { max: 6 });
  await loadDatasetPg(store, SAMPLE, { county: A });
  await loadDatasetPg(store, SAMPLE, { county: B });
  compute = await openProvinceCompute(store, cluster.url);
  const { app } = await createProvinceApp(store, {}, [...compute.routes, ...(await openProvinceFields(store)), ...(await openProvinceWork(store))]);
  const pgTokens: Record<string, string> = {};
  for (const role of ROLES) pgTokens[role] = await store.users.add(`u_${role}`, role);
  pgTokens.lanxiEnforcer = await store.users.add('enf-lanxi', 'enforcer');
  await store.users.limitToCounties('enf-lanxi', [B]);
  province = sender(app, pgTokens);
  worker = await startWorker(cluster.url, { concurrency: 1, pollSeconds: 0.5, maintenanceSeconds: 1 });

  duck = await Store.open(':memory:');
  await loadDataset(duck, SAMPLE);
  const duckTokens: Record<string, string> = {};
  for (const role of ROLES) duckTokens[role] = await duck.users.add(`u_${role}`, role);
  const county = await createApp(duck);
  duckSend = sender(county.app, duckTokens);
  duckRun = await runDone(county.app, 'quality', duckTokens.enforcer);

  // The quality check over both counties, through the queue, to its end.
  const res = await province('POST', '/api/province/runs', 'admin', { check: 'quality' });
  expect(res.status).toBe(202);
  const started = (await res.json()) as { id: number; counties: { county: string; run: number }[] };
  const events = await readEvents(await app.request(`/api/province/runs/${started.id}/events`));
  expect(events.at(-1)!.event).toBe('done');
  pgRuns = Object.fromEntries(started.counties.map((c) => [c.county, c.run]));
}, 600_000);

afterAll(async () => {
  await worker?.stop();
  await compute?.close();
  await store?.close();
  await duck?.close();
  await cluster?.stop();
});

/** An answer as compared across stores: status, type and body, the clock's times blanked. */
async function answer(res: Response, audit = false): Promise<unknown> {
  let body = (await res.text()).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<time>');
  // Audit rows are numbered by each store's own sequence (the DuckDB one counted the loads too).
  if (audit) body = body.replace(/"seq":\d+/g, '"seq":N').replace(/(^|\n)(\uFEFF)?\d+,/g, '$1$2N,');
  return { status: res.status, type: res.headers.get('content-type'), body };
}

const NOT_SEEN = 'WJ000011';
const STILL_STANDING = 'WJ000057';
const AREA = 'WJ000053';
const EVIDENCE = { batch: '2024Q2', id: '330723-2024Q2-00133' };

/** The session, against one store (prefix '' for the DuckDB edition, /c/<county> on the province). */
async function session(send: Send, prefix: string, seenOpen: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const step = async (method: string, path: string, who: string | null, body?: unknown, audit = false) =>
    out.push(await answer(await send(method, prefix + path, who, body), audit));
  const q = (path: string) => step('GET', `/api/quality${path}`, null);
  await q('/findings');
  await q('/findings?kind=not_seen&dismissed=false');
  await q(`/findings?township=${encodeURIComponent('王宅镇')}`);
  await q('/findings?township=');
  const dismiss = (id: string, kind: string, who: string | null, body: unknown) => step('POST', `/api/quality/findings/${id}/${kind}/dismiss`, who, body);
  await dismiss(AREA, 'area_mismatch', null, { reason: 'x' });
  await dismiss(AREA, 'area_mismatch', 'inspector', { reason: 'x' });
  await dismiss(AREA, 'area_mismatch', 'enforcer', {});
  await dismiss(AREA, 'nonsense', 'enforcer', { reason: 'x' });
  await dismiss(AREA, 'dates', 'enforcer', { reason: 'x' });
  await dismiss(AREA, 'area_mismatch', 'enforcer', { reason: '面积含院落,经核实无误' });
  await q('/findings?kind=area_mismatch');
  await q('/findings?dismissed=false&kind=area_mismatch');
  await q('/dismissals');
  await q(`/dismissals?ledger_id=${AREA}`);
  await q('/dismissals?format=csv');
  const writeOff = (id: string, who: string | null, body: unknown) => step('POST', `/api/quality/write-offs/${id}`, who, body);
  await writeOff(NOT_SEEN, 'viewer', { reason: 'gone', patch: EVIDENCE });
  await writeOff(NOT_SEEN, 'enforcer', { reason: 'gone' });
  await writeOff(NOT_SEEN, 'enforcer', { patch: EVIDENCE });
  await writeOff(NOT_SEEN, 'enforcer', { reason: 'gone', patch: { batch: '2024Q2', id: 'P99' } });
  await writeOff(NOT_SEEN, 'enforcer', { reason: 'gone', patch: EVIDENCE, demolished_on: 20240220 });
  await writeOff('WJ999999', 'enforcer', { reason: 'gone', patch: EVIDENCE });
  await writeOff(STILL_STANDING, 'enforcer', { reason: 'gone', patch: EVIDENCE });
  await writeOff(seenOpen, 'enforcer', { reason: 'gone', patch: EVIDENCE });
  await writeOff(NOT_SEEN, 'enforcer', { reason: '存量违建已自行拆除', patch: EVIDENCE, demolished_on: '2024-02-20', note: '卫片核实', base_seq: null });
  await writeOff(NOT_SEEN, 'enforcer', { reason: 'again', patch: EVIDENCE, base_seq: null });
  await q('/write-offs');
  await step('GET', `/api/ledger/${NOT_SEEN}/history`, null);
  await q('/findings?kind=area_mismatch');
  await q('/reuse');
  await q('/reuse?within_months=120');
  await q('/reuse?within_months=six');

  const search = (text: string) => step('GET', `/api/search?q=${encodeURIComponent(text)}`, null);
  for (const text of [NOT_SEEN, '龙田村', '王宅镇', 'zz0', '330723-2024Q2-0013', '%', '  ', 'x'.repeat(101)]) await search(text);
  await step('GET', '/api/search', null);

  const areas = (query: string) => step('GET', `/api/facilities/service-areas${query}`, null);
  await areas('');
  await areas('?lon=119.81&lat=28.89&radius_m=2000');
  await areas('?lon=east&lat=28.89&radius_m=2000');
  await areas('?lon=119.81&lat=28.89&radius_m=-5');
  await areas('?lon=119.81&lat=28.89');

  const audit = (query: string, who: string | null) => step('GET', `/api/audit${query}`, who, undefined, true);
  await audit('?action=quality', null);
  await audit('?action=quality', 'enforcer');
  await audit('?action=quality', 'admin');
  await audit('?action=ledger', 'admin');
  await audit(`?action=ledger.write_off&target=${NOT_SEEN}&since=2020-01-01`, 'admin');
  await audit('?action=quality&actor=u_enforcer&limit=1&offset=0', 'admin');
  await audit('?action=quality&format=csv', 'admin');
  await audit('?since=yesterday', 'admin');
  await audit('?limit=many', 'admin');
  return out;
}

describe('quality work, search, service areas and the audit listing on a province node', () => {
  let expected: unknown[] = [];

  it('answers a county\'s session as the DuckDB edition does', async () => {
    // Run ids appear in the answers: both stores' first quality run of this county is run 1.
    expect(pgRuns[A]).toBe(duckRun);
    // An open record the run saw (no not_seen finding): a write-off of it is refused.
    const findings = (await (await duckSend('GET', '/api/quality/findings', null)).json()) as { findings: { ledger_id: string; kind: string }[] };
    const unseen = new Set(findings.findings.filter((f) => f.kind === 'not_seen').map((f) => f.ledger_id));
    const open = (await duck.all(`SELECT id FROM layer_ledger WHERE status = 'pending' ORDER BY id`)).map((r) => r.id as string);
    const seenOpen = open.find((id) => !unseen.has(id))!;
    expect(unseen.has(NOT_SEEN)).toBe(true);

    expected = await session(duckSend, '', seenOpen);
    const got = await session(province, `/c/${A}`, seenOpen);
    for (let i = 0; i < expected.length; i++) expect(got[i], `step ${i + 1}`).toEqual(expected[i]);
    const statuses = (expected as { status: number }[]).map((a) => a.status);
    expect(statuses).toEqual([
      200, 200, 200, 200, 401, 403, 400, 400, 404, 201, 200, 200, 200, 200, 200,
      403, 400, 400, 400, 400, 404, 409, 409, 201, 409, 200, 200, 200, 200, 200, 400,
      200, 200, 200, 200, 200, 200, 400, 400, 400,
      200, 200, 400, 400, 400,
      401, 403, 200, 200, 200, 200, 200, 400, 400,
    ]);
    // Not a comparison of empty answers: what the session did is in them.
    const text = JSON.stringify(got);
    for (const needle of ['面积含院落', '存量违建已自行拆除', '2024Q2/330723-2024Q2-00133', '王宅镇垃圾中转站', 'MultiLineString', 'quality.dismiss', 'ledger.write_off']) {
      expect(text).toContain(needle);
    }
    const errors = (got as { body: string }[]).filter((a) => a.body.startsWith('{"error"')).map((a) => JSON.parse(a.body).error as string).join('\n');
    for (const field of ['reason', 'kind must be one of', 'patch evidence', 'demolished_on', 'within_months', 'q is', 'lon must', 'radius_m must', 'since must', 'limit must']) {
      expect(errors).toContain(field);
    }
    const written = (await (await province('GET', `/c/${A}/collections/ledger/items?id=${NOT_SEEN}`, null)).json()) as { features: { properties: Record<string, unknown> }[] };
    expect(written.features[0].properties).toMatchObject({ status: 'demolished', demolished_on: '2024-02-20' });
  }, 300_000);

  it('leaves the other county untouched', async () => {
    const b = `/c/${B}`;
    expect((await (await province('GET', `${b}/api/quality/dismissals`, null)).json()).dismissals).toEqual([]);
    expect((await (await province('GET', `${b}/api/quality/write-offs`, null)).json()).write_offs).toEqual([]);
    const findings = (await (await province('GET', `${b}/api/quality/findings?kind=area_mismatch`, null)).json()) as { run: { id: number; stale: boolean }; findings: { ledger_id: string; dismissed: unknown }[] };
    expect(findings.run).toMatchObject({ id: pgRuns[B], stale: false });
    expect(findings.findings).toEqual([expect.objectContaining({ ledger_id: AREA, dismissed: null })]);
    const rec = (await (await province('GET', `${b}/collections/ledger/items?id=${NOT_SEEN}`, null)).json()) as { features: { properties: Record<string, unknown> }[] };
    expect(rec.features[0].properties).toMatchObject({ status: 'pending' });
    const audit = (await (await province('GET', `${b}/api/audit?action=quality`, 'admin')).json()) as { audit: unknown[] };
    expect(audit.audit).toEqual([]);
    // County A's rows are its own: two quality and ledger writes, none of them B's.
    const rows = (await (await province('GET', `/c/${A}/api/audit?action=ledger`, 'admin')).json()) as { audit: { target: string }[] };
    expect(rows.audit.map((r) => r.target)).toEqual([NOT_SEEN]);
  });

  it('refuses a role limited to another county, and writes nothing', async () => {
    const dismiss = await province('POST', `/c/${A}/api/quality/findings/${AREA}/area_mismatch/dismiss`, 'lanxiEnforcer', { reason: 'x' });
    expect(dismiss.status).toBe(403);
    expect((await dismiss.json()).error).toMatch(/enf-lanxi.*330781.*not in county 330723/);
    const off = await province('POST', `/c/${A}/api/quality/write-offs/WJ000012`, 'lanxiEnforcer', { reason: 'x', patch: EVIDENCE, base_seq: null });
    expect(off.status).toBe(403);
    expect((await (await province('GET', `/c/${A}/api/quality/dismissals`, null)).json()).dismissals).toHaveLength(1);
    // In its own county the same role may.
    const own = await province('POST', `/c/${B}/api/quality/findings/${AREA}/area_mismatch/dismiss`, 'lanxiEnforcer', { reason: '兰溪核实' });
    expect(own.status).toBe(201);
    expect((await (await province('GET', `/c/${A}/api/quality/dismissals`, null)).json()).dismissals).toHaveLength(1);
  });

  it('lets exactly one of two write-offs sent at once on the same base stand', async () => {
    const both = await Promise.all(
      ['一', '二'].map((n) => province('POST', `/c/${A}/api/quality/write-offs/WJ000012`, 'enforcer', { reason: n, patch: EVIDENCE, base_seq: null })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const offs = (await (await province('GET', `/c/${A}/api/quality/write-offs`, null)).json()) as { write_offs: { id: string }[] };
    expect(offs.write_offs.map((w) => w.id)).toEqual([NOT_SEEN, 'WJ000012']);
  });

  it('answers bad county codes and unknown counties with 4xx naming the code', async () => {
    const cases: [string, number, RegExp][] = [
      ['/c/3307/api/search?q=WJ', 400, /"3307" is not a 6-digit/],
      ['/c/330799/api/quality/findings', 404, /unknown county "330799"/],
      ['/c/330700/api/facilities/service-areas', 400, /province or prefecture/],
      ['/api/audit', 404, /330723, 330781/],
    ];
    for (const [path, status, message] of cases) {
      const res = await province('GET', path, 'admin');
      expect(res.status, path).toBe(status);
      expect((await res.json()).error).toMatch(message);
    }
  });

  it('lists the province\'s own audit rows (users) apart from the counties\'', async () => {
    await store.writeAudit({ actor: 'cli:test', action: 'user.add', target: 'u_new', detail: { role: 'viewer' }, ip: 'cli' });
    expect((await province('GET', '/api/province/audit', 'enforcer')).status).toBe(403);
    const res = (await (await province('GET', '/api/province/audit?action=user', 'admin')).json()) as { audit: { action: string; target: string }[] };
    expect(res.audit.map((r) => [r.action, r.target])).toEqual([['user.add', 'u_new']]);
    expect((await (await province('GET', `/c/${A}/api/audit?action=user`, 'admin')).json()).audit).toEqual([]);
  });
});
