// Teardown plans, work orders and the county bulletin on a province node: one session of plan and
// bulletin requests answered the same by the DuckDB edition and by /c/330723 (plans, moves,
// progress, the work order's text, the workbook's rows, the bulletin as JSON, HTML and xlsx),
// another county untouched, a role limited to it refused in 330723, and the province report's
// rows of a county equal to that county's own bulletin once verdicts and field updates are in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { makeCounty, isoDay, LAT, LON, type County } from '../teardown/county.ts';
import { report, square, stream } from '../helpers.ts';
import { LAYER_NAMES, type LayerFeature } from '../../service/layers/schema.ts';
import { PgStore, type PgCountyStore } from '../../service/store/pg/index.ts';
import { createProvinceApp } from '../../service/province/app.ts';
import { openProvinceFields } from '../../service/province/field-routes.ts';
import { openProvinceTeardown } from '../../service/province/teardown-routes.ts';
import { PgLedger } from '../../service/province/fields-pg.ts';
import { createRun, saveRunPg } from '../../service/province/runs.ts';
import { provinceMonthly } from '../../service/province/report.ts';
import { duckLedger, type LedgerUpdateInput } from '../../service/teardown/ledger.ts';
import { latestRun, runDocument } from '../../service/runs/persist.ts';
import type { CheckDocument } from '../../service/checks/registry/index.ts';

type Send = (method: string, path: string, who: string | null, body?: unknown) => Promise<Response>;

const A = '330723';
const B = '330781';
const today = isoDay(0);
const thisMonth = today.slice(0, 7);
let cluster: PgCluster;
let store: PgStore;
let duck: County;
let province: Send;
let dir: string;
const tokens: Record<string, string> = {};

const rec = (id: string, dLon: number, props: Record<string, string | number | null>, extra: Record<string, unknown> = {}): Omit<LayerFeature, 'index'> => ({
  geometry: square(LON + dLon, LAT + 0.003),
  props: { id, recorded_on: '2021-05-01', status: 'pending', township: '熟溪街道', ...props },
  extra,
});

// Beside the teardown county's records (test/teardown/county.ts): write-offs by update, in the
// file (this month) and in the file with a date that is no date; a new record without a township
// or a declared area; a teardown whose reuse window closed in time.
const EXTRA = [
  rec('W-01', -0.005, { area_m2: 55 }),
  rec('W-02', -0.006, { recorded_on: '2026-11-12', built_on: '2010-01-01', status: 'retained', area_m2: 70 }, { written_off: true, written_off_on: today }),
  rec('W-03', -0.007, { status: 'retained', township: '王宅镇', area_m2: 20 }, { written_off: true, written_off_on: '2026-02-30' }),
  rec('N-01', -0.008, { recorded_on: today, township: null }),
  rec('R-01', 0.012, { status: 'demolished', township: '王宅镇', demolished_on: '2026-05-31', area_m2: 300, reuse: 'parking', reuse_on: '2026-11-01' }),
];

const patchOf = (id: string, detected_on: string, township: string): LayerFeature => ({
  index: 0, geometry: square(LON + 0.003, LAT + 0.003), props: { id, batch: 'B1', detected_on, township }, extra: {},
});
const PATCHES = [patchOf('P1', today, '熟溪街道'), patchOf('P2', today, '熟溪街道'), patchOf('P3', today, '王宅镇'), patchOf('P4', '2026-11-20', '王宅镇')];

/** A county of the PostgreSQL store with the DuckDB county's layers, read back from it. */
async function copyCounty(code: string, name: string): Promise<PgCountyStore> {
  const county = await store.addCounty(code, name);
  for (const layer of LAYER_NAMES) {
    const features: LayerFeature[] = [];
    for await (const f of duck.store.read(layer)) features.push({ index: features.length, geometry: f.geometry, props: f.props, extra: f.extra });
    if (features.length) await county.load(layer, stream(features), report(layer, features.length));
  }
  return county;
}

const writeOff = (id: string): LedgerUpdateInput => ({
  id, status: 'demolished', demolished_on: today, baseSeq: null, user: 'u_enforcer', writeOff: { reason: '现场已无建筑', evidencePatch: null },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gt-pteardown-'));
  duck = await makeCounty(EXTRA);
  await duck.store.load('patches', stream(PATCHES), report('patches', PATCHES.length));
  cluster = await startPgCluster();
  store = await PgStore.open(cluster.url, { max: 4 });
  const modules = [...(await openProvinceFields(store)), ...(await openProvinceTeardown(store))];
  const a = await copyCounty(A, '武义县');
  await copyCounty(B, '兰溪市');
  // The fire run the DuckDB county computed, stored as a worker stores one (the same run id: 1).
  const fire = (await latestRun(duck.store, 'fire'))!;
  const doc = (await runDocument(duck.store, fire.id)) as CheckDocument;
  expect(await createRun(store.pool, A, null, 'fire', {}, 'u_enforcer')).toBe(fire.id);
  await saveRunPg(store.pool, A, fire.id, 'fire', doc, fire.layer_versions);
  // A write-off (销号) by a field update, the way the quality check's write-off route records one.
  await duckLedger(duck.store).update(writeOff('W-01'));
  await new PgLedger(store.pool, a.county).update(writeOff('W-01'));
  for (const role of ['viewer', 'enforcer', 'admin']) tokens[role] = await store.users.add(`u_${role}`, role);
  tokens.lanxi = await store.users.add('enf-lanxi', 'enforcer');
  await store.users.limitToCounties('enf-lanxi', [B]);
  const { app } = await createProvinceApp(store, {}, modules);
  province = async (method, path, who, body) =>
    app.request(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
    });
}, 180_000);
afterAll(async () => {
  duck?.store.close();
  await store?.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function pdfText(bytes: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

async function sheets(bytes: ArrayBuffer): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  return Object.fromEntries(wb.worksheets.map((ws) => [ws.name, ws.getSheetValues().slice(1).map((r) => (r as unknown[] | undefined)?.slice(1) ?? [])]));
}

/** An answer as compared across stores: status, type and body (PDFs as text, workbooks as rows), times blanked. */
async function answer(res: Response, name: string): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  let body: unknown;
  if (type === 'application/pdf') body = pdfText(Buffer.from(await res.arrayBuffer()), name);
  else if (type.includes('spreadsheetml')) body = await sheets(await res.arrayBuffer());
  else body = (await res.text()).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z/g, '<time>');
  return { status: res.status, type, body };
}

/** The plan and bulletin session the teardown workspace drives, against one store. */
async function session(send: Send, prefix: string, label: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const step = async (method: string, path: string, who: string | null, body?: unknown) => {
    const res = await send(method, prefix + path, who, body);
    const copy = res.clone();
    out.push(await answer(res, `${label}-${out.length}`));
    return copy;
  };
  const crew = { name: '一组', m2_per_day: 300 };
  await step('PUT', '/api/patches/P1/verdict', 'admin', { batch: 'B1', verdict: 'illegal', base_seq: null });
  await step('PUT', '/api/patches/P2/verdict', 'admin', { batch: 'B1', verdict: 'false_change', base_seq: null });
  await step('POST', '/api/teardown/plans', null, { from: today, weeks: 2, crews: [crew] });
  await step('POST', '/api/teardown/plans', 'viewer', { from: today, weeks: 2, crews: [crew] });
  await step('POST', '/api/teardown/plans', 'enforcer', { from: today, weeks: 0, crews: [crew] });
  await step('POST', '/api/teardown/plans', 'enforcer', { from: today, weeks: 2, crews: [{ ...crew, townships: ['无此镇'] }] });
  const plan = (await (await step('POST', '/api/teardown/plans', 'enforcer', { from: today, weeks: 2, weekdays: ['thu'], crews: [crew] })).json()) as { id: number; days: { date: string; crew: string; items: unknown[] }[] };
  await step('POST', '/api/teardown/plans', 'enforcer', {
    from: today, weeks: 3, weekdays: ['mon', 'thu'], require_notice: false, crews: [{ name: '二组', m2_per_day: 150, townships: ['王宅镇'] }, { name: '三组', m2_per_day: 250 }],
  });
  const [d0, d1] = plan.days;
  await step('GET', '/api/teardown/plans', null);
  await step('GET', `/api/teardown/plans/${plan.id}`, null);
  await step('GET', '/api/teardown/plans/x', null);
  await step('GET', '/api/teardown/plans/999999', null);
  await step('PATCH', `/api/teardown/plans/${plan.id}`, 'viewer', { ledger_id: 'T-03', date: d0.date, crew: '一组' });
  await step('PATCH', `/api/teardown/plans/${plan.id}`, 'enforcer', { ledger_id: 'T-03', date: 'soon', crew: '一组' });
  await step('PATCH', `/api/teardown/plans/${plan.id}`, 'enforcer', { ledger_id: 'T-99', date: d0.date, crew: '一组' });
  await step('PATCH', `/api/teardown/plans/${plan.id}`, 'enforcer', { ledger_id: 'T-03', date: d1.date, crew: '一组' });
  await step('PATCH', `/api/teardown/plans/${plan.id}`, 'enforcer', { ledger_id: 'T-02', date: d1.date, crew: '一组' });
  // T-01 torn down on its day, T-03 before its day (not this plan's doing).
  await step('PATCH', '/api/ledger/T-01', 'enforcer', { status: 'demolished', demolished_on: d0.date, base_seq: null });
  await step('PATCH', '/api/ledger/T-03', 'enforcer', { status: 'demolished', demolished_on: today, base_seq: null });
  await step('GET', `/api/teardown/plans/${plan.id}/progress`, null);
  await step('GET', `/api/teardown/plans/${plan.id}/days/${d0.date}/${encodeURIComponent(d0.crew)}/work-order.pdf`, null);
  await step('GET', `/api/teardown/plans/${plan.id}/days/${d1.date}/${encodeURIComponent(d1.crew)}/work-order.pdf`, null);
  await step('GET', `/api/teardown/plans/${plan.id}/days/2001-01-01/${encodeURIComponent('一组')}/work-order.pdf`, null);
  await step('GET', `/api/teardown/plans/${plan.id}/workbook.xlsx`, null);
  await step('GET', `/api/teardown/plans/${plan.id + 1}/workbook.xlsx`, null);
  for (const q of [`month=${thisMonth}`, 'month=2026-11', `month=${thisMonth}&reuse_within_months=3`, `month=${thisMonth}&format=html`, `month=${thisMonth}&format=xlsx`, 'month=2026-13', `month=${thisMonth}&format=pdf`]) {
    await step('GET', `/api/reports/monthly?${q}`, null);
  }
  return out;
}

const duckSend: Send = async (method, path, who, body) => duck.send(method, path, who, body);
let expected: unknown[] = [];

describe('teardown plans and the county bulletin on a province node', () => {
  it("answers a county's session as the DuckDB edition does", async () => {
    expected = await session(duckSend, '', 'duck');
    const got = await session(province, `/c/${A}`, 'pg');
    for (let i = 0; i < expected.length; i++) expect(got[i], `step ${i}`).toEqual(expected[i]);
    expect(got.length).toBe(expected.length);
    // Not two empty answers: plans were made, moved, printed and reported.
    expect((expected as { status: number }[]).map((a) => a.status)).toEqual([
      200, 200, 401, 403, 400, 400, 201, 201, 200, 200, 400, 404, 403, 400, 404, 200, 200, 200, 200, 200, 200, 200, 404, 200, 200,
      200, 200, 200, 200, 200, 400, 400,
    ]);
    const text = JSON.stringify(got);
    for (const s of ['拆违工作单', '武义县熟溪街道消防通道旁1号', '堵塞消防车道', '王宅镇新村5号', '未送达限期拆除公告', '（未填乡镇）']) expect(text).toContain(s);
    // T-01 done on its day; T-03, moved onto its own day and kept there, torn down before it.
    const progress = JSON.parse((got[19] as { body: string }).body);
    expect(progress).toMatchObject({ planned: 3, done: 1, done_m2: 120 });
    expect(progress.days[1]).toMatchObject({ planned: 2, open: ['T-03', 'T-02'] });
  });

  it('keeps the bulletin figures hand-counted for this month on both stores', async () => {
    const b = (await (await province('GET', `/c/${A}/api/reports/monthly?month=${thisMonth}`, null)).json()) as { rows: Record<string, number | string>[]; fire_run_id: number };
    const row = (t: string) => b.rows.find((r) => r.township === t)!;
    // 熟溪街道: P1 illegal, P2 false change; T-01 (120 m², on its lane) and T-03 (200 m²) torn
    // down; W-01 written off by update and W-02 in the file; W-01 is no teardown.
    expect(row('熟溪街道')).toMatchObject({ patches: 2, illegal: 1, false_change: 1, undecided: 0, demolished: 2, demolished_m2: 320, written_off: 2 });
    // 王宅镇: P3 undecided; W-03's write-off date is no date; R-01 reused in time.
    expect(row('王宅镇')).toMatchObject({ patches: 1, undecided: 1, written_off: 0, reuse_due_m2: 300, reused_m2: 300, reused_share: 1 });
    expect(row('（未填乡镇）')).toMatchObject({ new_violations: 1 });
    expect(b.fire_run_id).toBe(1);
  });

  it('leaves the other county untouched, and refuses a role limited to it', async () => {
    expect(await (await province('GET', `/c/${B}/api/teardown/plans`, null)).json()).toEqual({ plans: [] });
    expect((await province('GET', `/c/${B}/api/teardown/plans/1`, null)).status).toBe(404);
    const lanxi = (await (await province('GET', `/c/${B}/api/reports/monthly?month=${thisMonth}`, null)).json()) as { totals: Record<string, number>; fire_run_id: number | null };
    // Its own copy of the data only: no verdicts, teardowns or write-off by update; W-02's write-off is in its file.
    expect(lanxi.fire_run_id).toBeNull();
    expect(lanxi.totals).toMatchObject({ patches: 3, undecided: 3, illegal: 0, false_change: 0, demolished: 0, written_off: 1, fire_lane_remaining: 0 });
    expect((await (await province('GET', `/c/${B}/api/ledger/history`, null)).json()).history).toEqual([]);
    for (const [method, path, body] of [
      ['POST', '/api/teardown/plans', { from: today, weeks: 1, crews: [{ name: '一组', m2_per_day: 100 }] }],
      ['PATCH', '/api/teardown/plans/1', { ledger_id: 'T-02', date: today, crew: '一组' }],
    ] as const) {
      const res = await province(method, `/c/${A}${path}`, 'lanxi', body);
      expect(res.status, path).toBe(403);
      expect((await res.json()).error).toMatch(/enf-lanxi.*330781.*not in county 330723/);
    }
    const plans = (await (await province('GET', `/c/${A}/api/teardown/plans`, null)).json()).plans as { id: number }[];
    expect(plans.map((p) => p.id)).toEqual([2, 1]);
    const own = await province('POST', `/c/${B}/api/teardown/plans`, 'lanxi', { from: today, weeks: 1, require_notice: false, crews: [{ name: '一组', m2_per_day: 100 }] });
    expect(own.status).toBe(201);
    // Plan ids are one sequence: Lanxi's first plan is 3, and 330723 still has its two.
    expect((await own.json()).id).toBe(3);
    expect((await province('GET', `/c/${A}/api/teardown/plans/3`, null)).status).toBe(404);
  });
});

describe('the province report beside the county bulletin', () => {
  for (const month of [thisMonth, '2026-11', '2026-10']) {
    it(`gives each county's townships the figures and order of its own bulletin (${month})`, async () => {
      const p = await provinceMonthly(store.pool, month, null);
      for (const code of [A, B]) {
        const own = (await (await province('GET', `/c/${code}/api/reports/monthly?month=${month}`, null)).json()) as { rows: Record<string, unknown>[]; fire_run_id: number | null };
        const rows = p.rows.filter((r) => r.county_code === code);
        expect(rows.map(({ county_code: _c, county_name: _n, rank: _r, county_rank, fire_run_id, ...rest }) => ({ rank: county_rank, ...rest, fire_run_id })))
          .toEqual(own.rows.map((r) => ({ ...r, fire_run_id: own.fire_run_id })));
      }
      // The DuckDB edition's bulletin of the same data, too.
      const duckRows = (await (await duck.app.request(`/api/reports/monthly?month=${month}`)).json()).rows;
      expect(p.rows.filter((r) => r.county_code === A).map((r) => r.township)).toEqual(duckRows.map((r: { township: string }) => r.township));
    });
  }

  it('counts the verdicts and write-offs by update that the report used to leave out', async () => {
    const p = await provinceMonthly(store.pool, thisMonth, '3307');
    const shuxi = p.rows.find((r) => r.county_code === A && r.township === '熟溪街道')!;
    expect(shuxi).toMatchObject({ illegal: 1, false_change: 1, undecided: 0, written_off: 2, demolished: 2 });
  });
});
