// The whole plan as an Excel workbook: one sheet of every planned record by day and crew, one of
// the days (area against capacity, route), one of what was left out and why. Chinese headers,
// since the bureau files it as is.
import ExcelJS from 'exceljs';
import type { StoredPlan } from './plans-store.ts';
import type { WorkOrderRow } from './work-order-data.ts';
import { reasonsZh, structureZh, UNSCHEDULED_ZH } from './words.ts';

const DANGER_ZH = { blocked: '堵塞消防车道', fire: '消防隐患', other: '其他' } as const;

export async function planWorkbook(plan: StoredPlan, rows: Map<string, WorkOrderRow>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Groundtruth';
  const items = wb.addWorksheet('拆除计划');
  items.columns = [
    { header: '日期', key: 'date', width: 12 },
    { header: '拆除组', key: 'crew', width: 10 },
    { header: '顺序', key: 'order', width: 6 },
    { header: '台账编号', key: 'id', width: 14 },
    { header: '乡镇街道', key: 'township', width: 12 },
    { header: '地址', key: 'address', width: 32 },
    { header: '当事人', key: 'owner', width: 12 },
    { header: '面积(m²)', key: 'area', width: 10 },
    { header: '结构', key: 'structure', width: 10 },
    { header: '危险等级', key: 'danger', width: 12 },
    { header: '危险原因', key: 'reasons', width: 28 },
    { header: '人工调整', key: 'manual', width: 8 },
  ];
  for (const d of plan.days) {
    for (const it of d.items) {
      const r = rows.get(it.ledger_id);
      items.addRow({
        date: d.date, crew: d.crew, order: it.order, id: it.ledger_id, township: it.township ?? '', address: r?.address ?? '', owner: r?.owner ?? '',
        area: it.area_m2, structure: structureZh(r?.structure), danger: DANGER_ZH[it.danger], reasons: reasonsZh(it.reasons), manual: it.manual ? '是' : '',
      });
    }
  }
  items.getRow(1).font = { bold: true };
  items.views = [{ state: 'frozen', ySplit: 1 }];

  const days = wb.addWorksheet('拆除日');
  days.columns = [
    { header: '日期', key: 'date', width: 12 },
    { header: '拆除组', key: 'crew', width: 10 },
    { header: '处数', key: 'n', width: 8 },
    { header: '面积(m²)', key: 'area', width: 10 },
    { header: '能力(m²)', key: 'cap', width: 10 },
    { header: '路线(米)', key: 'route', width: 10 },
  ];
  for (const d of plan.days) days.addRow({ date: d.date, crew: d.crew, n: d.items.length, area: d.area_m2, cap: d.capacity_m2, route: d.route_m });
  days.getRow(1).font = { bold: true };

  const left = wb.addWorksheet('未排期');
  left.columns = [
    { header: '台账编号', key: 'id', width: 14 },
    { header: '乡镇街道', key: 'township', width: 12 },
    { header: '面积(m²)', key: 'area', width: 10 },
    { header: '危险等级', key: 'danger', width: 12 },
    { header: '危险原因', key: 'reasons', width: 28 },
    { header: '原因', key: 'reason', width: 24 },
  ];
  for (const u of plan.unscheduled) {
    left.addRow({ id: u.ledger_id, township: u.township ?? '', area: u.area_m2, danger: DANGER_ZH[u.danger], reasons: reasonsZh(u.reasons), reason: UNSCHEDULED_ZH[u.reason] ?? u.reason });
  }
  left.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
