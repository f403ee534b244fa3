import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../service/layers/schema.ts';
import { FieldResolver, normaliseEnum } from '../../service/import/attribute-names.ts';

const prop = (layer: keyof typeof LAYERS, name: string) => LAYERS[layer].props.find((p) => p.name === name)!;

describe('FieldResolver', () => {
  it.each([
    ['patches', '监测编号', 'id'],
    ['patches', '图斑编号', 'id'],
    ['patches', '批次', 'batch'],
    ['patches', '前时相', 'before_on'],
    ['patches', '后时相', 'detected_on'],
    ['patches', '所属乡镇', 'township'],
    ['ledger', 'ID', 'id'],
    ['ledger', '建成时间', 'built_on'],
    ['ledger', '录入日期', 'recorded_on'],
    ['ledger', '处置状态', 'status'],
    ['ledger', '占地面积', 'area_m2'],
    ['ledger', '业主', 'owner'],
    ['ledger', '坐落', 'address'],
    ['ledger', 'recorded_o', 'recorded_on'],
    ['ledger', 'demolished', 'demolished_on'],
    ['ledger', 'Recorded On', 'recorded_on'],
    ['transfer_stations', '处理能力', 'capacity_tpd'],
    ['transfer_stations', '服务半径', 'service_radius_m'],
    ['fire_lanes', '宽度', 'width_m'],
    ['demand', '人口', 'population'],
    ['permits', '发证日期', 'issued_on'],
    ['townships', '代码', 'code'],
    ['townships', '名称', 'name'],
  ] as const)('%s: %s → %s', (layer, column, expected) => {
    expect(new FieldResolver(layer).resolve(column)?.name).toBe(expected);
  });

  it('sends unknown columns (and aliases of other layers) to extra', () => {
    const r = new FieldResolver('footprints');
    expect(r.resolve('备注')).toBeNull();
    expect(r.resolve('批次')).toBeNull();
  });

  it('a 10-character prefix shared by two properties is not guessed', () => {
    // service_radius_m is the only transfer_stations prop over 10 characters: its prefix maps…
    expect(new FieldResolver('transfer_stations').resolve('service_ra')?.name).toBe('service_radius_m');
    // …but a 10-character name that is no property's prefix stays unknown.
    expect(new FieldResolver('ledger').resolve('recorded_x')).toBeNull();
  });

  it('an explicit map wins, and may send a column to extra under a new name', () => {
    const r = new FieldResolver('ledger', { 编号: 'old_code', 内部编号: 'id' });
    expect(r.resolve('内部编号')?.name).toBe('id');
    expect(r.resolve('编号')).toBeNull();
    expect(r.extraName('编号')).toBe('old_code');
  });
});

describe('normaliseEnum', () => {
  it.each([
    ['ledger', 'status', '待处置', 'pending'],
    ['ledger', 'status', '已拆除', 'demolished'],
    ['ledger', 'status', '保留', 'retained'],
    ['ledger', 'status', '补办', 'permitted'],
    ['ledger', 'status', '暂缓', 'deferred'],
    ['transfer_stations', 'status', '运营', 'operating'],
    ['transfer_stations', 'status', '改造', 'upgrading'],
    ['transfer_stations', 'status', '规划', 'planned'],
    ['transfer_stations', 'status', '停用', 'closed'],
    ['landfills', 'status', '封场中', 'closing'],
    ['ledger', 'structure', '框架', 'concrete'],
    ['ledger', 'structure', '砖木', 'brick'],
    ['ledger', 'structure', '钢棚', 'steel_shed'],
    ['ledger', 'structure', 'Steel Frame', 'steel_frame'],
    ['ledger', 'use', '企业', 'enterprise'],
    ['ledger', 'use', '公共', 'public'],
  ] as const)('%s.%s: %s → %s', (layer, name, value, expected) => {
    expect(normaliseEnum(prop(layer, name), value)).toEqual({ value: expected, known: true });
  });

  it('keeps unknown text and says so', () => {
    expect(normaliseEnum(prop('ledger', 'use'), '仓库')).toEqual({ value: '仓库', known: false });
    // 运行 is a station status, not a ledger status.
    expect(normaliseEnum(prop('ledger', 'status'), '运行').known).toBe(false);
  });
});
