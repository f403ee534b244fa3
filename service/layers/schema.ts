// The data contract of docs/spec/layers.md as data: every layer, its geometry types and its
// typed properties. Importers validate against it, the store makes one table per layer from it,
// the API and tiles describe layers with it.

export type PropType = 'string' | 'date' | 'number' | 'integer';

export interface PropDef {
  name: string;
  type: PropType;
  /** Must be present (non-empty) on every feature. */
  required?: boolean;
  /** Must be > 0 where given (capacity_tpd, width_m). */
  positive?: boolean;
  /** Known values; other text is kept as is unless `strictEnum`. */
  values?: readonly string[];
  strictEnum?: boolean;
  title: { zh: string; en: string };
}

export type GeometryKind = 'Point' | 'Polygon' | 'MultiPolygon' | 'LineString' | 'MultiLineString';

export interface LayerDef {
  name: LayerName;
  title: { zh: string; en: string };
  geometry: readonly GeometryKind[];
  /** The property that identifies a feature (unique within the layer; within a batch for patches). */
  idProp: 'id' | 'name';
  props: readonly PropDef[];
}

export const LAYER_NAMES = [
  'townships',
  'patches',
  'ledger',
  'permits',
  'footprints',
  'fire_lanes',
  'transfer_stations',
  'landfills',
  'demand',
  'candidates',
  'roads',
] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

const POLY = ['Polygon', 'MultiPolygon'] as const;
const s = (name: string, zh: string, en: string, extra: Partial<PropDef> = {}): PropDef => ({
  name,
  type: 'string',
  title: { zh, en },
  ...extra,
});
const d = (name: string, zh: string, en: string, extra: Partial<PropDef> = {}): PropDef => ({
  name,
  type: 'date',
  title: { zh, en },
  ...extra,
});
const n = (name: string, zh: string, en: string, extra: Partial<PropDef> = {}): PropDef => ({
  name,
  type: 'number',
  title: { zh, en },
  ...extra,
});
const REQ = { required: true };

export const LEDGER_STATUSES = ['pending', 'demolished', 'retained', 'permitted', 'deferred'] as const;
export const BUILDING_USES = ['residential', 'enterprise', 'commercial', 'public', 'other'] as const;
export const STRUCTURES = ['concrete', 'steel_frame', 'brick', 'steel_shed', 'timber', 'simple'] as const;
export const STATION_STATUSES = ['operating', 'upgrading', 'planned', 'closed'] as const;
export const LANDFILL_STATUSES = ['operating', 'closing', 'closed'] as const;
/** What was built illegally (违法新建, 违法扩建, 违法加层, 违法搭建); other text is kept. */
export const VIOLATION_TYPES = ['new_building', 'extension', 'added_storey', 'lean_to'] as const;
/** Land use after a teardown (拆后土地利用); nothing else is accepted. */
export const REUSES = ['greening', 'parking', 'public_space', 'farmland', 'construction', 'idle'] as const;
export const ROAD_CLASSES = ['expressway', 'national', 'provincial', 'county', 'township', 'village', 'urban'] as const;

export const LAYERS: Record<LayerName, LayerDef> = {
  townships: {
    name: 'townships',
    title: { zh: '乡镇街道', en: 'Townships' },
    geometry: POLY,
    idProp: 'name',
    props: [s('name', '名称', 'Name', REQ), s('code', '代码', 'Code')],
  },
  patches: {
    name: 'patches',
    title: { zh: '卫片图斑', en: 'Satellite patches' },
    geometry: POLY,
    idProp: 'id',
    props: [
      s('id', '图斑编号', 'Patch id', REQ),
      s('batch', '批次', 'Batch', REQ),
      d('detected_on', '后时相', 'Later image', REQ),
      d('before_on', '前时相', 'Earlier image'),
      s('change_type', '变化类型', 'Change type', {
        values: ['construction', 'expansion', 'removal', 'land_clearing'],
      }),
      s('township', '乡镇街道', 'Township'),
    ],
  },
  ledger: {
    name: 'ledger',
    title: { zh: '违建台账', en: 'Illegal-building ledger' },
    geometry: POLY,
    idProp: 'id',
    props: [
      s('id', '编号', 'Id', REQ),
      d('recorded_on', '登记日期', 'Recorded on', REQ),
      d('built_on', '建成年月', 'Built on'),
      s('status', '状态', 'Status', { ...REQ, values: LEDGER_STATUSES, strictEnum: true }),
      d('demolished_on', '拆除日期', 'Demolished on'),
      s('use', '用途', 'Use', { values: BUILDING_USES }),
      s('structure', '结构', 'Structure', { values: STRUCTURES }),
      n('floors', '层数', 'Floors'),
      n('height_m', '高度(米)', 'Height (m)'),
      n('area_m2', '建筑面积(平方米)', 'Declared area (m²)'),
      s('owner', '当事人', 'Owner'),
      s('address', '地址', 'Address'),
      s('township', '乡镇街道', 'Township'),
      s('violation_type', '违建类型', 'Violation type', { values: VIOLATION_TYPES }),
      s('reuse', '拆后利用', 'Reuse after teardown', { values: REUSES, strictEnum: true }),
      d('reuse_on', '利用日期', 'Reused on'),
      d('notice_on', '限拆公告日期', 'Notice served on'),
      d('deadline_on', '限期拆除期限', 'Demolition deadline'),
    ],
  },
  permits: {
    name: 'permits',
    title: { zh: '规划许可', en: 'Permits' },
    geometry: POLY,
    idProp: 'id',
    props: [s('id', '许可编号', 'Permit id', REQ), d('issued_on', '发证日期', 'Issued on'), s('kind', '类型', 'Kind')],
  },
  footprints: {
    name: 'footprints',
    title: { zh: '建筑物轮廓', en: 'Building footprints' },
    geometry: POLY,
    idProp: 'id',
    props: [
      s('id', '编号', 'Id', REQ),
      s('use', '用途', 'Use', { values: BUILDING_USES }),
      s('structure', '结构', 'Structure', { values: STRUCTURES }),
      n('floors', '层数', 'Floors'),
      n('height_m', '高度(米)', 'Height (m)'),
    ],
  },
  fire_lanes: {
    name: 'fire_lanes',
    title: { zh: '消防车道', en: 'Fire lanes' },
    geometry: ['LineString', 'MultiLineString'],
    idProp: 'id',
    props: [s('id', '编号', 'Id', REQ), n('width_m', '宽度(米)', 'Width (m)', { positive: true })],
  },
  transfer_stations: {
    name: 'transfer_stations',
    title: { zh: '垃圾转运站', en: 'Transfer stations' },
    geometry: ['Point'],
    idProp: 'id',
    props: [
      s('id', '编号', 'Id', REQ),
      s('name', '名称', 'Name'),
      n('capacity_tpd', '规模(吨/日)', 'Capacity (t/d)', { ...REQ, positive: true }),
      s('status', '状态', 'Status', { ...REQ, values: STATION_STATUSES, strictEnum: true }),
      n('service_radius_m', '服务半径(米)', 'Service radius (m)'),
    ],
  },
  landfills: {
    name: 'landfills',
    title: { zh: '填埋场', en: 'Landfills' },
    geometry: POLY,
    idProp: 'id',
    props: [
      s('id', '编号', 'Id', REQ),
      s('name', '名称', 'Name'),
      s('status', '状态', 'Status', { ...REQ, values: LANDFILL_STATUSES, strictEnum: true }),
      n('capacity_m3', '库容(立方米)', 'Capacity (m³)'),
      n('remaining_m3', '剩余库容(立方米)', 'Remaining (m³)'),
    ],
  },
  demand: {
    name: 'demand',
    title: { zh: '产废单元', en: 'Demand units' },
    geometry: ['Point', 'Polygon', 'MultiPolygon'],
    idProp: 'id',
    props: [
      s('id', '编号', 'Id', REQ),
      n('population', '人口', 'Population', REQ),
      n('waste_tpd', '产生量(吨/日)', 'Waste (t/d)'),
      s('name', '名称', 'Name'),
      s('township', '乡镇街道', 'Township'),
    ],
  },
  candidates: {
    name: 'candidates',
    title: { zh: '候选站址', en: 'Candidate sites' },
    geometry: ['Point'],
    idProp: 'id',
    props: [
      s('id', '编号', 'Id', REQ),
      n('capacity_tpd', '规模(吨/日)', 'Capacity (t/d)', { ...REQ, positive: true }),
      s('name', '名称', 'Name'),
    ],
  },
  roads: {
    name: 'roads',
    title: { zh: '道路', en: 'Roads' },
    geometry: ['LineString', 'MultiLineString'],
    idProp: 'id',
    props: [
      s('id', '编号', 'Id', REQ),
      s('class', '道路等级', 'Class', { values: ROAD_CLASSES }),
      n('speed_kmh', '限速(公里/时)', 'Speed (km/h)', { positive: true }),
      s('oneway', '单行', 'One-way'),
      s('name', '名称', 'Name'),
    ],
  },
};

export function isLayerName(name: string): name is LayerName {
  return (LAYER_NAMES as readonly string[]).includes(name);
}

/** A property value after import: dates are ISO `YYYY-MM-DD` strings, numbers are numbers. */
export type PropValue = string | number | null;

/**
 * One feature as the importers hand it to the store: geometry in WGS84 lon/lat (GeoJSON),
 * properties typed by the schema, everything else kept in `extra`.
 */
export interface LayerFeature {
  /** 0-based position of the feature in its source file (for messages). */
  index: number;
  geometry: import('geojson').Geometry;
  props: Record<string, PropValue>;
  extra: Record<string, unknown>;
}
