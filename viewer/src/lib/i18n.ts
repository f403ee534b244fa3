// The viewer's words in Chinese and English. One dictionary per language with the same keys
// (the type makes a missing English key a compile error); Chinese is the default because the
// users are county bureaus. Layer and property titles come from service/layers/schema.ts, enum
// values and check results from vocabulary.ts.

import { WS_EN, WS_ZH } from './words-workspaces.ts';
import { TOOLS_EN, TOOLS_ZH } from './words-map-tools.ts';
import { FAC_EN, FAC_ZH } from './words-facilities.ts';
import { PLAN_EN, PLAN_ZH } from './words-plan.ts';
import { QUALITY_EN, QUALITY_ZH } from './words-quality.ts';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];
export const DEFAULT_LANG: Lang = 'zh';
export const LANG_STORAGE_KEY = 'groundtruth.lang';

const zh = {
  ...WS_ZH,
  ...TOOLS_ZH,
  ...FAC_ZH,
  ...PLAN_ZH,
  ...QUALITY_ZH,
  'app.title': 'Groundtruth 实地核查',
  'tab.review': '卫片核查',
  'tab.teardown': '拆违',
  'tab.facilities': '设施',
  'tab.data': '数据',
  'tab.map': '地图',
  'workspace.signInToAct': '登录后可在此工作区操作。',
  'workspace.viewOnly': '当前角色（{role}）在此工作区只能查看。',
  'lang.switch': 'English',
  'county.label': '区县',
  'panel.layers': '图层',
  'panel.legend': '图例',
  'panel.toggle': '图层面板',
  'panel.opacity': '透明度',
  'offline.title': '离线地图 (PMTiles)',
  'offline.url': 'PMTiles 地址',
  'offline.file': '本地 PMTiles 文件',
  'offline.open': '打开',
  'offline.live': '回到在线图层',
  'map.fit': '缩放至数据',
  'map.loading': '正在加载地图…',
  'map.noData': '服务中还没有任何图层数据。',
  'map.loadFailed': '地图数据加载失败（{source}）：{message}',
  'search.placeholder': '按编号或地址搜索',
  'search.go': '搜索',
  'search.none': '没有找到匹配“{q}”的要素。',
  'search.results': '搜索结果',
  'auth.signIn': '登录',
  'auth.signOut': '退出',
  'auth.name': '用户名',
  'auth.password': '密码',
  'auth.submit': '登录',
  'auth.cancel': '取消',
  'auth.signedInAs': '{name}（{role}）',
  'auth.expired': '登录已失效，请重新登录。',
  'auth.readsClosed': '此服务的数据需登录后才能查看，请先登录。',
  'role.viewer': '查看员',
  'role.inspector': '核查员',
  'role.enforcer': '执法员',
  'role.planner': '规划员',
  'role.admin': '管理员',
  'settings.title': '设置',
  'settings.open': '设置',
  'settings.basemap': '底图',
  'settings.basemap.none': '无底图（默认）',
  'settings.basemap.tianditu': '天地图',
  'settings.basemap.xyz': '自定义 XYZ 瓦片地址',
  'settings.tianditu.key': '天地图密钥 (tk)',
  'settings.tianditu.kind': '天地图类型',
  'settings.tianditu.vec': '矢量',
  'settings.tianditu.img': '影像',
  'settings.xyz.url': '瓦片地址（含 {z} {x} {y}）',
  'settings.save': '保存',
  'settings.close': '关闭',
  'settings.invalid': '设置无效：{message}',
  'data.title': '图层数据',
  'data.layer': '图层',
  'data.count': '要素数',
  'data.version': '版本',
  'data.updated': '更新时间',
  'data.load': '导入数据',
  'data.loadComing': '导入功能即将推出',
  'data.notAllowed': '您的角色不能导入此图层',
  'popup.checks': '核查结果',
  'popup.properties': '属性',
  'popup.empty': '（空）',
  'error.network': '无法连接服务：{message}',
  'error.http': '服务返回错误 {status}：{message}',
  'error.badBody': '服务返回了无法识别的内容（{status}）',
  'common.yes': '是',
  'common.no': '否',
  'common.close': '关闭',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  ...WS_EN,
  ...TOOLS_EN,
  ...FAC_EN,
  ...PLAN_EN,
  ...QUALITY_EN,
  'app.title': 'Groundtruth',
  'tab.review': 'Review',
  'tab.teardown': 'Teardown',
  'tab.facilities': 'Facilities',
  'tab.data': 'Data',
  'tab.map': 'Map',
  'workspace.signInToAct': 'Sign in to work in this workspace.',
  'workspace.viewOnly': 'Your role ({role}) can only view this workspace.',
  'lang.switch': '中文',
  'county.label': 'County',
  'panel.layers': 'Layers',
  'panel.legend': 'Legend',
  'panel.toggle': 'Layer panel',
  'panel.opacity': 'Opacity',
  'offline.title': 'Offline map (PMTiles)',
  'offline.url': 'PMTiles URL',
  'offline.file': 'Local PMTiles file',
  'offline.open': 'Open',
  'offline.live': 'Back to live layers',
  'map.fit': 'Zoom to data',
  'map.loading': 'Loading the map…',
  'map.noData': 'The service holds no layer data yet.',
  'map.loadFailed': 'Map data failed to load ({source}): {message}',
  'search.placeholder': 'Search by id or address',
  'search.go': 'Search',
  'search.none': 'Nothing matches “{q}”.',
  'search.results': 'Search results',
  'auth.signIn': 'Sign in',
  'auth.signOut': 'Sign out',
  'auth.name': 'User name',
  'auth.password': 'Password',
  'auth.submit': 'Sign in',
  'auth.cancel': 'Cancel',
  'auth.signedInAs': '{name} ({role})',
  'auth.expired': 'Your sign-in has expired; please sign in again.',
  'auth.readsClosed': 'This service shows its data to signed-in users only: please sign in.',
  'role.viewer': 'Viewer',
  'role.inspector': 'Inspector',
  'role.enforcer': 'Enforcer',
  'role.planner': 'Planner',
  'role.admin': 'Administrator',
  'settings.title': 'Settings',
  'settings.open': 'Settings',
  'settings.basemap': 'Basemap',
  'settings.basemap.none': 'No basemap (default)',
  'settings.basemap.tianditu': 'Tianditu',
  'settings.basemap.xyz': 'Custom XYZ tile URL',
  'settings.tianditu.key': 'Tianditu key (tk)',
  'settings.tianditu.kind': 'Tianditu kind',
  'settings.tianditu.vec': 'Vector',
  'settings.tianditu.img': 'Imagery',
  'settings.xyz.url': 'Tile URL (with {z} {x} {y})',
  'settings.save': 'Save',
  'settings.close': 'Close',
  'settings.invalid': 'Invalid settings: {message}',
  'data.title': 'Layer data',
  'data.layer': 'Layer',
  'data.count': 'Features',
  'data.version': 'Version',
  'data.updated': 'Updated',
  'data.load': 'Load data',
  'data.loadComing': 'Loading from the viewer is coming soon',
  'data.notAllowed': 'Your role may not load this layer',
  'popup.checks': 'Check results',
  'popup.properties': 'Properties',
  'popup.empty': '(empty)',
  'error.network': 'Cannot reach the service: {message}',
  'error.http': 'The service answered {status}: {message}',
  'error.badBody': 'The service sent something unreadable ({status})',
  'common.yes': 'yes',
  'common.no': 'no',
  'common.close': 'Close',
};

export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh, en };

/** The message for `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function translate(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = DICTIONARIES[lang][key];
  if (template === undefined) throw new Error(`no ${lang} message for key "${key}"`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function isLang(value: unknown): value is Lang {
  return value === 'zh' || value === 'en';
}

/** The remembered language, or the default when nothing (or nonsense) is stored. */
export function loadLang(storage: Pick<Storage, 'getItem'> | undefined): Lang {
  const stored = storage?.getItem(LANG_STORAGE_KEY);
  return isLang(stored) ? stored : DEFAULT_LANG;
}

export function saveLang(storage: Pick<Storage, 'setItem'> | undefined, lang: Lang): void {
  storage?.setItem(LANG_STORAGE_KEY, lang);
}
