// The planning workspace's pure logic: crews typed in a line, the calendar by week, capacity
// with a dragged record, colours by day on the map, bars per bulletin column.
import { describe, expect, it } from 'vitest';
import { calendar, columnBars, dayColour, DAY_COLOURS, parseCrews, planFeatures, used, usedWith, type Plan, type PlanDay } from '../../viewer/src/lib/plan.ts';

const day = (date: string, crew: string, area: number, ids: string[] = []): PlanDay => ({
  date, crew, capacity_m2: 1000, area_m2: area, route_m: 0,
  items: ids.map((id, i) => ({ ledger_id: id, order: i + 1, area_m2: 10, danger: 'other', township: null, reasons: [], xy: [0, 0] })),
});

describe('plan workspace logic', () => {
  it('reads crews from one line, Chinese punctuation too', () => {
    expect(parseCrews('一组:3000，二组：2000:王宅镇|履坦镇')).toEqual([
      { name: '一组', m2_per_day: 3000 },
      { name: '二组', m2_per_day: 2000, townships: ['王宅镇', '履坦镇'] },
    ]);
    // A bad capacity is passed on for the service to refuse by field.
    expect(parseCrews('A:x')[0].m2_per_day).toBeNaN();
  });

  it('groups crew-days by date and Monday-based week', () => {
    // 2026-12-03 Thu, 2026-12-07 Mon (next week), 2026-12-10 Thu.
    const cal = calendar([day('2026-12-10', 'A', 0), day('2026-12-03', 'A', 0), day('2026-12-03', 'B', 0), day('2026-12-07', 'A', 0)]);
    expect(cal.map((w) => [w.week, w.dates.map((d) => `${d.date}:${d.days.map((x) => x.crew).join('')}`)])).toEqual([
      ['2026-11-30', ['2026-12-03:AB']],
      ['2026-12-07', ['2026-12-07:A', '2026-12-10:A']],
    ]);
  });

  it('shows capacity used, with a dragged record added', () => {
    expect(used(day('2026-12-03', 'A', 750))).toBe(0.75);
    expect(usedWith(day('2026-12-03', 'A', 750), 500)).toBe(1.25);
  });

  it('colours records by the date of their day', () => {
    const plan = { days: [day('2026-12-10', 'A', 10, ['L2']), day('2026-12-03', 'A', 10, ['L1']), day('2026-12-17', 'A', 0)] } as unknown as Plan;
    const sq = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    const ledger = { type: 'FeatureCollection' as const, features: ['L1', 'L2'].map((id) => ({ type: 'Feature' as const, geometry: sq, properties: { id } })) };
    const fc = planFeatures(plan, ledger);
    expect(fc.features.map((f) => [f.properties?.id, f.properties?.colour])).toEqual([
      ['L2', DAY_COLOURS[1]],
      ['L1', DAY_COLOURS[0]],
    ]);
    expect(dayColour(['2026-12-03'], '2027-01-01')).toBe('#999999');
  });

  it('scales each bulletin column to its own largest value', () => {
    expect(columnBars([{ township: '甲', demolished: 4 }, { township: '乙', demolished: 1 }], 'demolished')).toEqual([
      { township: '甲', value: 4, share: 1 },
      { township: '乙', value: 1, share: 0.25 },
    ]);
    expect(columnBars([{ township: '甲', x: 0 }], 'x')[0].share).toBe(0);
  });
});
