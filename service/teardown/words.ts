// The Chinese words of the paper that goes to crews and upward: danger reasons, structures,
// unscheduled reasons. Work orders are read on site, so they are in Chinese.
import type { Reason } from './types.ts';

export const REASON_ZH: Record<Reason, string> = {
  blocked: '堵塞消防车道',
  encroach: '占用消防车道',
  spacing: '防火间距不足',
};

export const STRUCTURE_ZH: Record<string, string> = {
  concrete: '钢筋混凝土',
  steel_frame: '钢结构',
  brick: '砖混',
  steel_shed: '钢棚',
  timber: '木结构',
  simple: '简易结构',
};

export const UNSCHEDULED_ZH: Record<string, string> = {
  'no notice': '未送达限期拆除公告',
  'no deadline': '公告未定期限',
  'deadline after the plan': '期限在计划之后',
  'no crew for its township': '无负责该乡镇的拆除组',
  'no capacity left in the plan': '计划内拆除能力已满',
};

export const reasonsZh = (reasons: readonly Reason[]) => reasons.map((r) => REASON_ZH[r]).join('、');
export const structureZh = (s: unknown) => (typeof s === 'string' ? (STRUCTURE_ZH[s] ?? s) : '');
