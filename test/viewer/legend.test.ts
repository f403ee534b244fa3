import { describe, expect, it } from 'vitest';
import { DEMAND_COVERED, FIRE_LANE_BLOCKED, LEDGER_STATUS, PATCH_CLASS, STATION_UTILIZATION } from '../../viewer/src/lib/colors.ts';
import { legendFor } from '../../viewer/src/lib/legend.ts';
import { layerGroups } from '../../viewer/src/lib/style.ts';
import { LEDGER_STATUSES, LAYER_NAMES } from '../../service/layers/schema.ts';

const colorsOf = (items: { color: string }[]) => items.map((i) => i.color);

describe('colour tables and legend', () => {
  it('colour every ledger status of the schema, each differently', () => {
    expect(LEDGER_STATUS.entries.map((e) => e.value)).toEqual([...LEDGER_STATUSES]);
    const colors = LEDGER_STATUS.entries.map((e) => e.color);
    expect(new Set(colors).size).toBe(colors.length);
    expect(colors).not.toContain(LEDGER_STATUS.fallback.color);
  });

  it('colour the six patch classes of checks.md', () => {
    expect(PATCH_CLASS.entries.map((e) => e.value)).toEqual(['new', 'rebuilt', 'known_new', 'stock', 'legal', 'removal']);
    expect(PATCH_CLASS.entries.find((e) => e.value === 'new')?.label.zh).toBe('新增疑似违建');
  });

  it('list every table colour, in table order, in its layer legend', () => {
    const cases = [
      ['ledger', LEDGER_STATUS],
      ['patches', PATCH_CLASS],
      ['fire_lanes', FIRE_LANE_BLOCKED],
      ['demand', DEMAND_COVERED],
    ] as const;
    for (const [layer, table] of cases) {
      const legend = colorsOf(legendFor(layer));
      expect(legend.slice(0, table.entries.length + 1), layer).toEqual([...table.entries.map((e) => e.color), table.fallback.color]);
    }
    expect(colorsOf(legendFor('transfer_stations')).slice(0, 4)).toEqual([...STATION_UTILIZATION.colors, STATION_UTILIZATION.missing.color]);
  });

  it('give the utilization ramp one label per colour and one colour per band', () => {
    expect(STATION_UTILIZATION.colors.length).toBe(STATION_UTILIZATION.thresholds.length + 1);
    expect(STATION_UTILIZATION.labels.length).toBe(STATION_UTILIZATION.colors.length);
  });

  it('give every layer group of the style a legend with Chinese and English labels', () => {
    const groups = layerGroups();
    expect(groups.map((g) => g.key).sort()).toEqual([...LAYER_NAMES].sort());
    for (const g of groups) {
      expect(g.legend.length, g.key).toBeGreaterThan(0);
      for (const item of g.legend) {
        expect(item.color).toMatch(/^#[0-9a-f]{6}$/);
        expect(item.label.zh.length && item.label.en.length, `${g.key} ${item.label.en}`).toBeTruthy();
      }
    }
  });

  it('uses in the style exactly the colours its legend shows', () => {
    for (const g of layerGroups()) {
      const styleColors = new Set(JSON.stringify(g.layers).match(/#[0-9a-f]{6}/g) ?? []);
      // White symbol strokes and the footprints' grey edge are strokes around symbols, not legend entries.
      styleColors.delete('#ffffff');
      styleColors.delete('#6b7280');
      const legendColors = new Set(colorsOf(g.legend));
      for (const c of styleColors) expect(legendColors.has(c), `${g.key} paints ${c} which the legend lacks`).toBe(true);
      for (const c of legendColors) expect(styleColors.has(c), `${g.key} legend shows ${c} which the style never paints`).toBe(true);
    }
  });
});
