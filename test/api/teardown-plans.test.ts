// Teardown plans through the API: roles, bad input naming the field, a plan from the stored
// ledger and the latest fire run, listing and reading plans, a manual move.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCounty, isoDay, type County } from '../teardown/county.ts';

let county: County;
beforeAll(async () => {
  county = await makeCounty();
});
afterAll(() => county.store.close());

const body = (over: Record<string, unknown> = {}) => ({ from: isoDay(0), weeks: 2, weekdays: ['thu'], crews: [{ name: 'A', m2_per_day: 300 }], ...over });

describe('POST /api/teardown/plans', () => {
  it('needs an enforcer or admin', async () => {
    expect((await county.send('POST', '/api/teardown/plans', null, body())).status).toBe(401);
    expect((await county.send('POST', '/api/teardown/plans', 'viewer', body())).status).toBe(403);
  });

  it('refuses bad input naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ from: isoDay(-400) }, 'from'],
      [{ weekdays: [] }, 'weekdays'],
      [{ crews: [{ name: 'A' }] }, 'crews[0].m2_per_day'],
      [{ crews: [{ name: 'A', m2_per_day: 300, townships: ['不存在镇'] }] }, 'crews[0].townships'],
    ];
    for (const [over, field] of cases) {
      const res = await county.send('POST', '/api/teardown/plans', 'enforcer', body(over));
      expect(res.status).toBe(400);
      const err = await res.json();
      expect(err.field).toBe(field);
      expect(err.error).toContain(field);
    }
    expect((await (await county.app.request('/api/teardown/plans')).json()).plans).toEqual([]);
  });

  it('plans the lane-blocking record first and accounts for every pending record', async () => {
    const heard: string[] = [];
    const off = county.ctx.events.on('plan-changed', ({ plan }) => heard.push(plan));
    const res = await county.send('POST', '/api/teardown/plans', 'enforcer', body());
    off();
    expect(res.status).toBe(201);
    const plan = await res.json();
    expect(plan.id).toBeGreaterThan(0);
    expect(heard).toEqual([String(plan.id)]);
    expect(plan.metric_crs).toBe('EPSG:4549');
    const first = plan.days.find((d: { items: unknown[] }) => d.items.length);
    expect(first.items[0]).toMatchObject({ ledger_id: 'T-01', order: 1, danger: 'blocked', reasons: ['blocked'], township: '熟溪街道' });
    // 300 m² a day: T-01 (120) seeds, then its nearest that fit — T-02 (80, ~45 m) — T-03 (200) waits.
    expect(first.items.map((i: { ledger_id: string }) => i.ledger_id)).toEqual(['T-01', 'T-02']);
    expect(first.route_m).toBeGreaterThan(30);
    expect(first.route_m).toBeLessThan(60);
    const placed = plan.days.flatMap((d: { items: { ledger_id: string }[] }) => d.items.map((i) => i.ledger_id));
    const left = plan.unscheduled.map((u: { ledger_id: string }) => u.ledger_id);
    expect([...placed, ...left].sort()).toEqual(['T-01', 'T-02', 'T-03', 'T-04', 'T-05']);
    expect(plan.unscheduled.find((u: { ledger_id: string }) => u.ledger_id === 'T-04').reason).toBe('no notice');
  });

  it('limits a crew to its townships', async () => {
    const res = await county.send('POST', '/api/teardown/plans', 'admin', body({ crews: [{ name: '王宅组', m2_per_day: 1000, townships: ['王宅镇'] }] }));
    const plan = await res.json();
    expect(plan.days.flatMap((d: { items: { ledger_id: string }[] }) => d.items.map((i) => i.ledger_id))).toEqual(['T-05']);
    expect(plan.unscheduled.filter((u: { reason: string }) => u.reason === 'no crew for its township').map((u: { ledger_id: string }) => u.ledger_id).sort()).toEqual(['T-01', 'T-02', 'T-03']);
  });
});

describe('reading and changing plans', () => {
  it('lists plans and reads one back', async () => {
    const { plans } = await (await county.app.request('/api/teardown/plans')).json();
    expect(plans).toHaveLength(2);
    // Two Thursdays of 300 m²: T-01 + T-02, then T-03 (200); T-05 (150) no longer fits, T-04 has no notice.
    expect(plans[1]).toMatchObject({ created_by: 'u_enforcer', scheduled: 3, unscheduled: 2 });
    const one = await (await county.app.request(`/api/teardown/plans/${plans[1].id}`)).json();
    expect(one.params.crews).toEqual([{ name: 'A', m2_per_day: 300 }]);
    expect((await county.app.request('/api/teardown/plans/999')).status).toBe(404);
  });

  it('moves a record to another day by hand and keeps the move', async () => {
    const { plans } = await (await county.app.request('/api/teardown/plans')).json();
    const id = plans[1].id;
    const plan = await (await county.app.request(`/api/teardown/plans/${id}`)).json();
    const second = plan.days[1].date;
    expect((await county.send('PATCH', `/api/teardown/plans/${id}`, 'viewer', { ledger_id: 'T-02', date: second, crew: 'A' })).status).toBe(403);
    const bad = await county.send('PATCH', `/api/teardown/plans/${id}`, 'enforcer', { ledger_id: 'T-02', date: '2020-01-01', crew: 'A' });
    expect(bad.status).toBe(400);
    const res = await county.send('PATCH', `/api/teardown/plans/${id}`, 'enforcer', { ledger_id: 'T-02', date: second, crew: 'A' });
    expect(res.status).toBe(200);
    const moved = await res.json();
    expect(moved.days[0].items.map((i: { ledger_id: string }) => i.ledger_id)).toEqual(['T-01']);
    expect(moved.days[1].items.find((i: { ledger_id: string }) => i.ledger_id === 'T-02')).toMatchObject({ manual: true });
    expect(moved.overrides).toEqual([{ ledger_id: 'T-02', date: second, crew: 'A' }]);
    const again = await (await county.app.request(`/api/teardown/plans/${id}`)).json();
    expect(again.overrides).toHaveLength(1);
    expect(again.updated_at).not.toBeNull();
  });
});
