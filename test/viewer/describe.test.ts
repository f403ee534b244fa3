import { describe, expect, it } from 'vitest';
import { checkSentences, describeFeature } from '../../viewer/src/lib/describe.ts';

describe('popup description', () => {
  const ledger = { id: 'L-007', status: 'pending', use: 'residential', floors: 2, recorded_on: '2023-04-01', blocked: true, spacing_violation: true, spacing_m: 3.04, required_m: 6 };

  it('titles a ledger record with its layer and id and uses the schema property titles', () => {
    const zh = describeFeature('ledger', ledger, 'zh');
    expect(zh.title).toBe('违建台账 L-007');
    expect(zh.rows).toContainEqual({ label: '状态', value: '待处置' });
    expect(zh.rows).toContainEqual({ label: '用途', value: '住宅' });
    expect(zh.rows).toContainEqual({ label: '层数', value: '2' });
    const en = describeFeature('ledger', ledger, 'en');
    expect(en.title).toBe('Illegal-building ledger L-007');
    expect(en.rows).toContainEqual({ label: 'Status', value: 'Pending' });
    expect(en.rows).toContainEqual({ label: 'Fire-spacing violation', value: 'yes' });
  });

  it('says the check results in words', () => {
    expect(checkSentences('ledger', ledger, 'zh')).toEqual(['占用消防车道', '防火间距不足：间距 3 米，要求 6 米']);
    expect(checkSentences('ledger', ledger, 'en')).toEqual(['Stands in a fire lane', 'Fire spacing too small: 3 m apart, 6 m required']);
    expect(checkSentences('patches', { class: 'rebuilt', overlap: 0.62 }, 'zh')).toEqual(['核查分类：拆后重建（反弹），重叠 62%']);
    expect(checkSentences('fire_lanes', { blocked: 'true', remaining_width_m: 2.5 }, 'en')).toEqual(['Lane blocked, 2.5 m left']);
    expect(checkSentences('transfer_stations', { utilization: 1.25 }, 'zh')).toEqual(['负荷率 125%，超负荷']);
    expect(checkSentences('demand', { covered: false, in_landfill_setback: true }, 'zh')).toEqual([
      '不在任何转运站服务范围内',
      '位于填埋场防护距离内',
    ]);
    expect(checkSentences('ledger', { class: 'stock', blocked: true, encroach_area_m2: 12.34, spacing_violation: true, spacing_deficit_m: 1.5 }, 'zh')).toEqual([
      '台账分类：存量违建',
      '占用消防车道（12.3 平方米）',
      '防火间距不足：差 1.5 米',
    ]);
    expect(checkSentences('fire_lanes', { blocked: false, encroached: true }, 'en')).toEqual(['Encroached, but wide enough']);
    expect(checkSentences('fire_lanes', { blocked: false, encroached: false }, 'zh')).toEqual(['消防车道畅通']);
    expect(checkSentences('demand', { covered: true, station_id: 'S3', distance_m: 812.4 }, 'en')).toEqual(['Covered by station S3 (812 m)']);
  });

  it('says nothing about checks that have not run, and skips empty properties', () => {
    const d = describeFeature('ledger', { id: 'L-1', status: 'retained', owner: '' }, 'zh');
    expect(d.checks).toEqual([]);
    expect(d.rows.map((r) => r.label)).toEqual(['编号', '状态']);
  });

  it('keeps values it has no words for as they are', () => {
    const d = describeFeature('patches', { id: 'P1', change_type: 'pond_filling', batch: '2024Q1' }, 'zh');
    expect(d.rows).toContainEqual({ label: '变化类型', value: 'pond_filling' });
  });

  it('names townships by their name', () => {
    expect(describeFeature('townships', { name: '城关镇' }, 'zh').title).toBe('乡镇街道 城关镇');
  });

  it('throws for a layer outside the schema', () => {
    expect(() => describeFeature('rivers', {}, 'zh')).toThrow(/unknown layer "rivers"/);
  });
});
