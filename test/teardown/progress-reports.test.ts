// The monthly bulletin (hand-counted for November 2026) and a plan's progress: planned against
// done, where a record demolished before its planned day does not count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { makeCounty, isoDay, LAT, LON, type County } from './county.ts';
import { report, square, stream } from '../helpers.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';

let county: County;

beforeAll(async () => {
  county = await makeCounty([
    // New: recorded in November, no build date (so dated by the record) after the baseline.
    { geometry: square(LON + 0.011, LAT), props: { id: 'T-07', recorded_on: '2026-11-10', status: 'pending', township: '王宅镇', area_m2: 40 }, extra: {} },
    // Stock (built 2010), recorded in November and written off that month.
    { geometry: square(LON - 0.002, LAT), props: { id: 'T-08', recorded_on: '2026-11-12', built_on: '2010-01-01', status: 'retained', township: '熟溪街道', area_m2: 70 }, extra: { written_off: true, written_off_on: '2026-11-25' } },
  ]);
  const patch = (id: string, detected_on: string, township: string): LayerFeature => ({
    index: 0, geometry: square(LON + 0.003, LAT + 0.003), props: { id, batch: '2026-11', detected_on, township }, extra: {},
  });
  await county.store.load('patches', stream([patch('P1', '2026-11-05', '熟溪街道'), patch('P2', '2026-11-20', '熟溪街道'), patch('P3', '2026-11-30', '王宅镇'), patch('P4', '2026-12-01', '王宅镇')]), report('patches', 4));
  for (const [id, verdict] of [['P1', 'illegal'], ['P2', 'false_change'], ['P4', 'legal']]) {
    expect((await county.send('PUT', `/api/patches/${id}/verdict`, 'admin', { batch: '2026-11', verdict, base_seq: null })).status).toBe(200);
  }
  for (const [id, day] of [['T-04', '2026-11-15'], ['T-05', '2026-11-20']]) {
    expect((await county.send('PATCH', `/api/ledger/${id}`, 'enforcer', { status: 'demolished', demolished_on: day, base_seq: null })).status).toBe(200);
  }
});
afterAll(() => county.store.close());

const zero = { patches: 0, legal: 0, illegal: 0, false_change: 0, undecided: 0, new_violations: 0, demolished: 0, demolished_m2: 0, written_off: 0, fire_lane_remaining: 0, reuse_due_m2: 0, reused_m2: 0, reused_share: 0 };

describe('monthly bulletin', () => {
  it('counts each township and ranks by area demolished', async () => {
    const res = await county.app.request('/api/reports/monthly?month=2026-11');
    expect(res.status).toBe(200);
    const b = await res.json();
    expect(b).toMatchObject({ month: '2026-11', from: '2026-11-01', to: '2026-11-30' });
    expect(b.rows).toEqual([
      { ...zero, rank: 1, township: '王宅镇', patches: 1, undecided: 1, new_violations: 1, demolished: 1, demolished_m2: 150 },
      { ...zero, rank: 2, township: '熟溪街道', patches: 2, illegal: 1, false_change: 1, demolished: 1, demolished_m2: 60, written_off: 1, fire_lane_remaining: 1 },
    ]);
    expect(b.totals).toMatchObject({ patches: 3, demolished_m2: 210, fire_lane_remaining: 1 });
  });

  it('refuses a bad month naming the field', async () => {
    const res = await county.app.request('/api/reports/monthly?month=2026-13');
    expect(res.status).toBe(400);
    expect((await res.json()).field).toBe('month');
  });

  it('comes as a workbook and as a printable page, Chinese intact', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await county.app.request('/api/reports/monthly?month=2026-11&format=xlsx')).arrayBuffer());
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('2026-11 通报');
    expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['排名', '乡镇街道', '本月图斑']);
    expect((ws.getRow(2).values as unknown[]).slice(1, 3)).toEqual([1, '王宅镇']);
    const html = await (await county.app.request('/api/reports/monthly?month=2026-11&format=html')).text();
    expect(html).toContain('2026-11 拆违工作月度通报');
    expect(html).toContain('@page { size: A4 landscape');
    expect(html.indexOf('王宅镇')).toBeLessThan(html.indexOf('熟溪街道'));
  });
});

describe('plan progress', () => {
  it('counts a record done only when demolished on or after its planned day', async () => {
    const plan = await (await county.send('POST', '/api/teardown/plans', 'enforcer', { from: isoDay(0), weeks: 2, weekdays: ['thu'], crews: [{ name: '一组', m2_per_day: 300 }] })).json();
    const d1 = plan.days[0];
    expect(d1.items.map((i: { ledger_id: string }) => i.ledger_id)).toEqual(['T-01', 'T-02']);
    await county.send('PATCH', '/api/ledger/T-01', 'enforcer', { status: 'demolished', demolished_on: d1.date, base_seq: null });
    await county.send('PATCH', '/api/ledger/T-02', 'enforcer', { status: 'demolished', demolished_on: '2026-10-01', base_seq: null });
    const p = await (await county.app.request(`/api/teardown/plans/${plan.id}/progress`)).json();
    expect(p.days[0]).toEqual({ date: d1.date, crew: '一组', planned: 2, planned_m2: 200, done: 1, done_m2: 120, open: ['T-02'] });
    expect(p.days[1]).toMatchObject({ planned: 1, done: 0, open: ['T-03'] });
    expect(p).toMatchObject({ planned: 3, done: 1, done_m2: 120 });
    const nov = p.demolished_by_township_month.filter((r: { month: string }) => r.month === '2026-11');
    expect(nov).toEqual([
      { township: '熟溪街道', month: '2026-11', records: 1, area_m2: 60 },
      { township: '王宅镇', month: '2026-11', records: 1, area_m2: 150 },
    ]);
  });
});
