// Words for the values the user sees: enum values of the schema and the results the checks add
// to features (spec/checks.md). Keyed by `layer.prop` because `status` means different things
// in the ledger, the stations and the landfills.
import type { Lang } from './i18n.ts';

export interface Bilingual {
  zh: string;
  en: string;
}

const b = (zh: string, en: string): Bilingual => ({ zh, en });

const BUILDING_USE = {
  residential: b('住宅', 'Residential'),
  enterprise: b('企业', 'Enterprise'),
  commercial: b('商业', 'Commercial'),
  public: b('公共', 'Public'),
  other: b('其他', 'Other'),
};
const STRUCTURE = {
  concrete: b('钢筋混凝土', 'Concrete'),
  steel_frame: b('钢框架', 'Steel frame'),
  brick: b('砖混', 'Brick'),
  steel_shed: b('彩钢棚', 'Steel shed'),
  timber: b('木结构', 'Timber'),
  simple: b('简易结构', 'Simple'),
};

export const VALUE_LABELS: Record<string, Record<string, Bilingual>> = {
  'ledger.status': {
    pending: b('待处置', 'Pending'),
    demolished: b('已拆除', 'Demolished'),
    retained: b('保留', 'Retained'),
    permitted: b('已补办手续', 'Permitted'),
    deferred: b('暂缓', 'Deferred'),
  },
  'ledger.use': BUILDING_USE,
  'ledger.structure': STRUCTURE,
  'footprints.use': BUILDING_USE,
  'footprints.structure': STRUCTURE,
  'ledger.class': {
    stock: b('存量违建', 'Stock (pre-baseline)'),
    new: b('新增违建', 'New (after baseline)'),
  },
  'patches.change_type': {
    construction: b('新建', 'Construction'),
    expansion: b('扩建', 'Expansion'),
    removal: b('拆除', 'Removal'),
    land_clearing: b('推填土', 'Land clearing'),
  },
  'patches.class': {
    new: b('新增疑似违建', 'Suspected new violation'),
    rebuilt: b('拆后重建（反弹）', 'Rebuilt after teardown'),
    known_new: b('已登记新增违建', 'Known new violation'),
    stock: b('存量违建', 'Stock (pre-baseline)'),
    legal: b('合法（有许可）', 'Legal (permitted)'),
    removal: b('拆除图斑', 'Removal'),
  },
  'transfer_stations.status': {
    operating: b('运行中', 'Operating'),
    upgrading: b('改造中', 'Upgrading'),
    planned: b('规划中', 'Planned'),
    closed: b('已关闭', 'Closed'),
  },
  'landfills.status': {
    operating: b('运行中', 'Operating'),
    closing: b('封场中', 'Closing'),
    closed: b('已封场', 'Closed'),
  },
};

/** Titles of the properties the checks add to features (not in the schema). */
export const CHECK_PROP_TITLES: Record<string, Bilingual> = {
  class: b('核查分类', 'Class'),
  overlap: b('重叠比例', 'Overlap'),
  blocked: b('消防车道被占', 'Lane blocked'),
  remaining_width_m: b('剩余宽度(米)', 'Remaining width (m)'),
  spacing_violation: b('防火间距不足', 'Fire-spacing violation'),
  spacing_deficit_m: b('间距差(米)', 'Spacing short by (m)'),
  encroach_area_m2: b('占用车道面积(平方米)', 'Area in fire lane (m²)'),
  encroached: b('有建筑占用', 'Encroached'),
  verdict: b('核查结论', 'Verdict'),
  spacing_m: b('实际间距(米)', 'Spacing (m)'),
  required_m: b('要求间距(米)', 'Required spacing (m)'),
  violations: b('违反间距的相邻建筑数', 'Neighbours too close'),
  utilization: b('负荷率', 'Utilization'),
  assigned_tpd: b('分配量(吨/日)', 'Assigned (t/d)'),
  overloaded: b('超负荷', 'Overloaded'),
  covered: b('在服务范围内', 'Covered'),
  station_id: b('服务转运站', 'Serving station'),
  distance_m: b('距离(米)', 'Distance (m)'),
  demand_tpd: b('产生量(吨/日)', 'Demand (t/d)'),
  in_landfill_setback: b('位于填埋场防护距离内', 'Inside landfill setback'),
};

export function valueLabel(layer: string, prop: string, value: string, lang: Lang): string {
  return VALUE_LABELS[`${layer}.${prop}`]?.[value]?.[lang] ?? value;
}
