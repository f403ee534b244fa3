// The bulletin as a workbook and as a printable page (A4 landscape, one table, zh + en headers).
import ExcelJS from 'exceljs';
import { MONTHLY_COLUMNS, MONTHLY_TITLES, type MonthlyBulletin } from './monthly.ts';

export async function monthlyWorkbook(b: MonthlyBulletin): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${b.month} 通报`);
  ws.columns = [
    { header: '排名', key: 'rank', width: 6 },
    { header: '乡镇街道', key: 'township', width: 14 },
    ...MONTHLY_COLUMNS.map((c) => ({ header: MONTHLY_TITLES[c].zh, key: c, width: 12 })),
  ];
  for (const r of b.rows) ws.addRow(r);
  ws.addRow({ township: '合计', ...b.totals });
  ws.getRow(1).font = { bold: true };
  ws.getRow(b.rows.length + 2).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function monthlyHtml(b: MonthlyBulletin): string {
  const head = ['排名<br><small>Rank</small>', '乡镇街道<br><small>Township</small>', ...MONTHLY_COLUMNS.map((c) => `${esc(MONTHLY_TITLES[c].zh)}<br><small>${esc(MONTHLY_TITLES[c].en)}</small>`)];
  const row = (cells: (string | number)[], cls = '') => `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(b.month)} 拆违工作月度通报</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 11pt; color: #000; }
  h1 { font-size: 16pt; margin: 0 0 4pt; } p { margin: 0 0 8pt; font-size: 9pt; color: #444; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 0.5pt solid #666; padding: 3pt 5pt; text-align: right; }
  th { background: #eee; font-weight: 600; } small { font-weight: 400; color: #555; }
  td:nth-child(2) { text-align: left; } tr.total td { font-weight: 700; background: #f6f6f6; }
  @media print { p.screen { display: none; } }
</style></head><body>
<h1>${esc(b.month)} 拆违工作月度通报 <small>Monthly teardown bulletin</small></h1>
<p>统计期 ${esc(b.from)} 至 ${esc(b.to)}；按拆除面积排名（相同时消防通道违建余量少者在前）。</p>
<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${b.rows.map((r) => row([r.rank, r.township, ...MONTHLY_COLUMNS.map((c) => r[c])])).join('\n')}
${row(['', '合计', ...MONTHLY_COLUMNS.map((c) => b.totals[c])], 'total')}
</tbody></table></body></html>`;
}
