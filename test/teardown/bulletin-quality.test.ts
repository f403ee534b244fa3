// The monthly bulletin with the ledger office's work: write-offs (销号) counted apart from
// teardowns, and per township the area torn down whose reuse window has closed and the share of
// it reused in time (拆后土地利用), hand-counted below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCounty, isoDay, LAT, LON, type County } from './county.ts';
import { square } from '../helpers.ts';

let county: County;
const today = isoDay(0);
const thisMonth = today.slice(0, 7);

const done = (id: string, lon: number, props: Record<string, string | number>) => ({
  geometry: square(lon, LAT + 0.002),
  props: { id, recorded_on: '2025-06-01', status: 'demolished', ...props },
  extra: {},
});

beforeAll(async () => {
  county = await makeCounty([
    // 王宅镇 teardowns. R-01: 03-31 + 6 months = 09-30 (the month's end), reused on that day: in time.
    done('R-01', LON + 0.011, { township: '王宅镇', demolished_on: '2026-03-31', area_m2: 100, reuse: '绿化', reuse_on: '2026-09-30' }),
    // 05-31 + 6 = 11-30, due by November's end; reused 12-01: too late.
    done('R-02', LON + 0.012, { township: '王宅镇', demolished_on: '2026-05-31', area_m2: 300, reuse: 'parking', reuse_on: '2026-12-01' }),
    // 06-01 + 6 = 12-01, not yet due in November; reused after 9 days.
    done('R-03', LON + 0.013, { township: '王宅镇', demolished_on: '2026-06-01', area_m2: 1000, reuse: 'greening', reuse_on: '2026-06-10' }),
    // 熟溪街道. R-04: due, but idle land is not a reuse.
    done('R-04', LON - 0.003, { township: '熟溪街道', demolished_on: '2026-01-15', area_m2: 40, reuse: 'idle', reuse_on: '2026-02-01' }),
    // written off in the file: neither a teardown nor due for reuse.
    { ...done('R-05', LON - 0.004, { township: '熟溪街道', demolished_on: '2026-02-01', area_m2: 500, reuse: 'greening', reuse_on: '2026-02-02' }), extra: { written_off: true, written_off_on: '2026-02-01' } },
    // W-01: open, nothing standing or seen over it: written off below through the API.
    { geometry: square(LON - 0.005, LAT + 0.002), props: { id: 'W-01', recorded_on: '2020-01-01', status: 'pending', township: '熟溪街道', area_m2: 55 }, extra: {} },
  ]);
  const { finished } = await county.ctx.runner.start('quality', {}, 'u_enforcer');
  await finished;
  const photo = { name: 'empty.jpg', type: 'image/jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]).toString('base64') };
  const w = await county.send('POST', '/api/quality/write-offs/W-01', 'enforcer', { reason: '现场已无建筑', photos: [photo], base_seq: null });
  expect(w.status).toBe(201);
  // A teardown today in 王宅镇, to set against the write-off of this month.
  const t = await county.send('PATCH', '/api/ledger/T-05', 'enforcer', { status: 'demolished', demolished_on: today, base_seq: null });
  expect(t.status).toBe(200);
}, 120_000);
afterAll(() => county.store.close());

const bulletin = async (query: string) => {
  const res = await county.app.request(`/api/reports/monthly?${query}`);
  expect(res.status).toBe(200);
  return res.json();
};
const row = (b: { rows: { township: string }[] }, township: string) => b.rows.find((r) => r.township === township) as unknown as Record<string, number>;

describe('monthly bulletin: write-offs and land use after teardown', () => {
  it('counts a write-off apart from the teardowns of its month', async () => {
    const b = await bulletin(`month=${thisMonth}`);
    expect(row(b, '熟溪街道')).toMatchObject({ written_off: 1, demolished: 0, demolished_m2: 0 });
    expect(row(b, '王宅镇')).toMatchObject({ written_off: 0, demolished: 1, demolished_m2: 150 });
    expect(b.totals).toMatchObject({ written_off: 1, demolished: 1, demolished_m2: 150 });
    // The written-off record is demolished and flagged in the ledger's history.
    const h = await (await county.app.request('/api/ledger/W-01/history')).json();
    expect(h.history).toMatchObject([{ status: 'demolished', demolished_on: today, written_off: true, reason: '现场已无建筑', photos: 1 }]);
  });

  it('reports per township the torn-down area due for reuse and the share reused in time (6 months)', async () => {
    const b = await bulletin('month=2026-11');
    expect(b.reuse_within_months).toBe(6);
    expect(row(b, '王宅镇')).toMatchObject({ reuse_due_m2: 400, reused_m2: 100, reused_share: 0.25 });
    expect(row(b, '熟溪街道')).toMatchObject({ reuse_due_m2: 40, reused_m2: 0, reused_share: 0 });
    // The total's share is the totals' ratio, not a sum of shares: 100 / 440.
    expect(b.totals).toMatchObject({ reuse_due_m2: 440, reused_m2: 100, reused_share: 0.2273 });
  });

  it('takes reuse_within_months from the request', async () => {
    // 3 months: R-01's window ends 06-30 (reused 09-30: late), R-02's 08-31, R-03's 09-01 (reused 06-10).
    const b = await bulletin('month=2026-11&reuse_within_months=3');
    expect(row(b, '王宅镇')).toMatchObject({ reuse_due_m2: 1400, reused_m2: 1000, reused_share: 0.7143 });
  });

  it('refuses a bad reuse_within_months naming the field', async () => {
    const res = await county.app.request('/api/reports/monthly?month=2026-11&reuse_within_months=-1');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'reuse_within_months' });
  });
});
