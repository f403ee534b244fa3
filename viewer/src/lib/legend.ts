// Legend entries per layer, made from the colour tables in colors.ts: the style reads the same
// tables, so a colour changed there changes map and legend together.
import type { LayerName } from '../../../service/layers/schema.ts';
import {
  DEMAND_COVERED,
  FIRE_LANE_BLOCKED,
  LEDGER_STATUS,
  PATCH_CLASS,
  PLAIN,
  STATION_UTILIZATION,
  type CategoryTable,
  type StepTable,
} from './colors.ts';
import type { Bilingual } from './vocabulary.ts';

export type Swatch = 'fill' | 'outline' | 'line' | 'dashed' | 'circle' | 'ring';

export interface LegendItem {
  swatch: Swatch;
  color: string;
  label: Bilingual;
}

const item = (swatch: Swatch, color: string, zh: string, en: string): LegendItem => ({ swatch, color, label: { zh, en } });

export function categoryItems(table: CategoryTable, swatch: Swatch): LegendItem[] {
  return [
    ...table.entries.map((e) => ({ swatch, color: e.color, label: e.label })),
    { swatch, color: table.fallback.color, label: table.fallback.label },
  ];
}

export function stepItems(table: StepTable, swatch: Swatch): LegendItem[] {
  return [
    ...table.colors.map((color, i) => ({ swatch, color, label: table.labels[i] })),
    { swatch, color: table.missing.color, label: table.missing.label },
  ];
}

export function legendFor(layer: LayerName): LegendItem[] {
  switch (layer) {
    case 'townships':
      return [item('dashed', PLAIN.townships, '乡镇街道界线', 'Township boundary')];
    case 'footprints':
      return [item('fill', PLAIN.footprints, '建筑物', 'Building')];
    case 'permits':
      return [item('dashed', PLAIN.permits, '许可范围', 'Permitted area')];
    case 'ledger':
      return [
        ...categoryItems(LEDGER_STATUS, 'fill'),
        item('outline', PLAIN.danger, '占用消防车道或防火间距不足', 'Blocks a fire lane or too close'),
      ];
    case 'patches':
      return categoryItems(PATCH_CLASS, 'fill');
    case 'fire_lanes':
      return categoryItems(FIRE_LANE_BLOCKED, 'line');
    case 'roads':
      return [item('line', PLAIN.roads, '道路', 'Road')];
    case 'landfills':
      return [
        item('fill', PLAIN.landfills, '填埋场', 'Landfill'),
        item('dashed', PLAIN.setback, '防护距离（默认 500 米）', 'Setback (500 m by default)'),
      ];
    case 'demand':
      return categoryItems(DEMAND_COVERED, 'circle');
    case 'transfer_stations':
      return [
        ...stepItems(STATION_UTILIZATION, 'circle'),
        item('ring', PLAIN.stationRadius, '服务半径（圆大小 = 规模）', 'Service radius (dot size = capacity)'),
      ];
    case 'candidates':
      return [item('ring', PLAIN.candidates, '候选站址', 'Candidate site')];
  }
}
