// Which layer property a source column is, and which enum value a source value is. County files
// use Chinese column names and values; the explicit field map (option or dataset.json) wins,
// then the property's own name, then a Shapefile-truncated name, then the aliases below.
import { LAYERS, type LayerName, type PropDef } from '../layers/schema.ts';

/** Column aliases → property; only those that are properties of the layer being read apply. */
const COLUMN_ALIASES: Record<string, string[]> = {
  id: ['监测编号', '图斑编号', '编号', 'id', 'fid', '许可编号', '证号', 'code_id', 'bh'],
  batch: ['批次', '监测批次'],
  before_on: ['前时相', '前时相日期'],
  detected_on: ['后时相', '后时相日期', '监测日期'],
  change_type: ['变化类型'],
  township: ['乡镇', '乡镇街道', '所属乡镇', '镇街', '街道'],
  built_on: ['建成年月', '建成时间', '建成日期'],
  recorded_on: ['登记日期', '录入日期', '登记时间'],
  status: ['状态', '处置状态', '运行状态'],
  demolished_on: ['拆除日期', '拆除时间'],
  use: ['用途'],
  structure: ['结构', '建筑结构'],
  floors: ['层数', '楼层'],
  height_m: ['高度', '高度(米)', '高度（米）', 'height'],
  area_m2: ['建筑面积', '占地面积', '面积', 'area'],
  owner: ['当事人', '户主', '业主', '权利人'],
  address: ['地址', '坐落'],
  name: ['名称', '站名', '小区名称', '村名'],
  capacity_tpd: ['规模', '处理能力', '规模(吨/日)', '设计规模', 'capacity'],
  population: ['人口', '人口数', 'pop'],
  waste_tpd: ['产生量', '日产生量'],
  width_m: ['宽度', '宽度(米)', 'width'],
  service_radius_m: ['服务半径', 'radius'],
  issued_on: ['发证日期', '核发日期'],
  kind: ['类型', '许可类型'],
  code: ['代码', '行政代码', '区划代码'],
  capacity_m3: ['库容', '总库容'],
  remaining_m3: ['剩余库容'],
  violation_type: ['违建类型', '违法类型', '违建类别', '违法建设类型'],
  reuse: ['拆后利用', '拆后土地利用', '土地利用', '拆后用途'],
  reuse_on: ['利用日期', '拆后利用日期', '利用时间'],
};

/** Enum values as Chinese (and loose English) files write them. */
const VALUE_ALIASES: Record<string, Record<string, string>> = {
  status: {
    待处置: 'pending', 未处置: 'pending', 在办: 'pending', 已拆除: 'demolished', 拆除: 'demolished',
    保留: 'retained', 补办: 'permitted', 已补办: 'permitted', 暂缓: 'deferred', 缓拆: 'deferred',
    运行: 'operating', 运营: 'operating', 在用: 'operating', 改造: 'upgrading', 升级改造: 'upgrading',
    规划: 'planned', 拟建: 'planned', 关闭: 'closed', 停用: 'closed', 已关闭: 'closed', 封场: 'closed',
    封场中: 'closing', 正在封场: 'closing',
  },
  structure: {
    钢混: 'concrete', 框架: 'concrete', 钢筋混凝土: 'concrete', 混凝土: 'concrete', 钢结构: 'steel_frame',
    砖混: 'brick', 砖木: 'brick', 砖: 'brick', 钢棚: 'steel_shed', 彩钢棚: 'steel_shed', 木: 'timber',
    木结构: 'timber', 简易: 'simple', 简易结构: 'simple',
  },
  use: {
    住宅: 'residential', 居住: 'residential', 企业: 'enterprise', 厂房: 'enterprise', 工业: 'enterprise',
    商业: 'commercial', 商铺: 'commercial', 公共: 'public', 公共设施: 'public', 其他: 'other', 其它: 'other',
  },
  violation_type: {
    违法新建: 'new_building', 新建: 'new_building', 违法扩建: 'extension', 扩建: 'extension',
    违法加层: 'added_storey', 加层: 'added_storey', 违法搭建: 'lean_to', 搭建: 'lean_to',
  },
  reuse: {
    绿化: 'greening', 停车: 'parking', 停车场: 'parking', 公共空间: 'public_space', 复耕复绿: 'farmland',
    复耕: 'farmland', 复绿: 'farmland', 建设: 'construction', 闲置: 'idle',
  },
  change_type: {
    新建: 'construction', 新增建设: 'construction', 扩建: 'expansion', 拆除: 'removal', 推土: 'land_clearing',
    推填土: 'land_clearing', 平整土地: 'land_clearing',
  },
};

/** Lower case, no spaces/brackets/underscores, so 'Detected On' and 'detected_on' meet. */
const squash = (s: string) => s.toLowerCase().replace(/[\s_\-()（）]/g, '');

/** Resolves column names of one layer to property names (memoised: files repeat their columns). */
export class FieldResolver {
  private readonly props: readonly PropDef[];
  private readonly byName = new Map<string, PropDef>();
  private readonly cache = new Map<string, PropDef | null>();
  private readonly explicit: Record<string, string>;

  constructor(layer: LayerName, fieldMap: Record<string, string> = {}) {
    this.props = LAYERS[layer].props;
    for (const p of this.props) this.byName.set(p.name, p);
    this.explicit = fieldMap;
    for (const [src, target] of Object.entries(fieldMap)) {
      if (typeof target !== 'string') throw new Error(`field map entry ${JSON.stringify(src)} must name a property, got ${JSON.stringify(target)}`);
    }
  }

  /** The property a column holds, or null when it goes to `extra`. */
  resolve(column: string): PropDef | null {
    let hit = this.cache.get(column);
    if (hit !== undefined) return hit;
    hit = this.lookup(column);
    this.cache.set(column, hit);
    return hit;
  }

  private readonly slots = new Map<string, number>();

  /** Position of the column's property in the layer's props, or -1 for `extra` (memoised). */
  slot(column: string): number {
    let k = this.slots.get(column);
    if (k === undefined) {
      const def = this.resolve(column);
      k = def ? this.props.indexOf(def) : -1;
      this.slots.set(column, k);
    }
    return k;
  }

  /** Name in `extra` for an unmapped column, or the explicit target when it is not a property. */
  extraName(column: string): string {
    return this.explicit[column] ?? column;
  }

  private lookup(column: string): PropDef | null {
    if (Object.hasOwn(this.explicit, column)) return this.byName.get(this.explicit[column]) ?? null;
    const exact = this.byName.get(column);
    if (exact) return exact;
    const key = squash(column);
    for (const p of this.props) if (squash(p.name) === key) return p;
    // Shapefile .dbf names stop at 10 characters: a 10-character prefix of exactly one property.
    if (column.length === 10) {
      const matches = this.props.filter((p) => p.name.length > 10 && p.name.slice(0, 10).toLowerCase() === column.toLowerCase());
      if (matches.length === 1) return matches[0];
    }
    for (const p of this.props) {
      const aliases = COLUMN_ALIASES[p.name] ?? [];
      if (aliases.some((a) => squash(a) === key) || squash(p.title.zh) === key) return p;
    }
    return null;
  }
}

/** Maps an enum value ('已拆除', 'Steel Frame') to its schema value; unknown text is returned as is. */
export function normaliseEnum(prop: PropDef, value: string): { value: string; known: boolean } {
  const values = prop.values ?? [];
  const text = value.trim();
  if (values.includes(text)) return { value: text, known: true };
  const loose = text.toLowerCase().replace(/[\s-]+/g, '_');
  if (values.includes(loose)) return { value: loose, known: true };
  const alias = VALUE_ALIASES[prop.name]?.[text];
  if (alias && values.includes(alias)) return { value: alias, known: true };
  return { value: text, known: false };
}
