// The ledger's violation_type, reuse and reuse_on on import: Chinese terms read as the schema's
// values, an unknown reuse refused with the property and the value, month-only reuse dates.
import { describe, expect, it } from 'vitest';
import { PropTyper } from '../../service/import/props.ts';

const typer = new PropTyper('ledger', undefined, false);
const base = { 编号: 'L1', 登记日期: '2020-01-01', 状态: '已拆除' };

describe('ledger field attributes on import', () => {
  it.each([
    ['违法新建', 'new_building'],
    ['违法扩建', 'extension'],
    ['违法加层', 'added_storey'],
    ['违法搭建', 'lean_to'],
    ['added_storey', 'added_storey'],
    ['棚户改造', '棚户改造'], // other text is kept as given
  ])('违建类型 %s → %s', (raw, value) => {
    const t = typer.type({ ...base, 违建类型: raw });
    expect(t.problems).toEqual([]);
    expect(t.props.violation_type).toBe(value);
  });

  it.each([
    ['绿化', 'greening'],
    ['停车', 'parking'],
    ['公共空间', 'public_space'],
    ['复耕复绿', 'farmland'],
    ['建设', 'construction'],
    ['闲置', 'idle'],
    ['public space', 'public_space'],
  ])('拆后利用 %s → %s', (raw, value) => {
    const t = typer.type({ ...base, 拆后利用: raw, 利用日期: '2021年3月' });
    expect(t.problems).toEqual([]);
    expect(t.props.reuse).toBe(value);
    expect(t.props.reuse_on).toBe('2021-03-01');
  });

  it('refuses an unknown reuse, naming the property and the value', () => {
    const t = typer.type({ ...base, reuse: '养殖' });
    expect(t.problems).toEqual([{ field: 'reuse', message: expect.stringMatching(/"reuse" has unknown value "养殖"/) }]);
  });

  it('refuses a reuse_on that is not a date', () => {
    const t = typer.type({ ...base, reuse_on: 'soon' });
    expect(t.problems).toEqual([{ field: 'reuse_on', message: expect.stringMatching(/"reuse_on" is not a date: "soon"/) }]);
  });

  it('absent means not stated', () => {
    const t = typer.type(base);
    expect([t.props.violation_type, t.props.reuse, t.props.reuse_on]).toEqual([null, null, null]);
  });
});
