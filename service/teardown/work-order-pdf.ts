// A crew-day's work order as an A4 PDF: a header, a map of the day's records drawn as vector
// paths (outlines coloured by danger, the visiting route, numbered stops, a scale bar; no tiles,
// so it prints offline), and the table crews work from. Text is set in a CJK font.
import PDFDocument from 'pdfkit';
import type { Position } from 'geojson';
import { parseGaussKruger } from '../geo/gauss-kruger.ts';
import { gaussKrugerForward } from '../checks/metric-context.ts';
import type { CjkFont } from './cjk-font.ts';
import type { WorkOrderRow } from './work-order-data.ts';
import type { Danger, PlanDay } from './types.ts';
import { reasonsZh, structureZh } from './words.ts';
import { weekdayOf } from './calendar.ts';

const PAGE = { w: 595.28, h: 841.89, margin: 40 };
const MAP = { x: 40, y: 118, w: 515, h: 300 };
export const DANGER_COLOUR: Record<Danger, string> = { blocked: '#d7301f', fire: '#fc8d59', other: '#969696' };
const WEEKDAY_ZH = { mon: '星期一', tue: '星期二', wed: '星期三', thu: '星期四', fri: '星期五', sat: '星期六', sun: '星期日' } as const;
const COLUMNS = [
  { title: '序', w: 24 },
  { title: '编号', w: 62 },
  { title: '地址', w: 150 },
  { title: '当事人', w: 62 },
  { title: '面积(m²)', w: 52 },
  { title: '结构', w: 50 },
  { title: '危险原因', w: 115 },
];

function ringsOf(g: WorkOrderRow['geometry']): Position[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

function niceLength(m: number): number {
  const p = 10 ** Math.floor(Math.log10(m));
  return [5, 2, 1].map((k) => k * p).find((v) => v <= m) ?? p;
}

function drawMap(doc: PDFKit.PDFDocument, rows: WorkOrderRow[], metricCrs: string) {
  const zone = parseGaussKruger(metricCrs);
  if (!zone) throw new Error(`plan metric CRS ${metricCrs} is not a Gauss-Krüger zone`);
  const project = gaussKrugerForward(zone.proj4);
  const shapes = rows.map((r) => ringsOf(r.geometry).map((ring) => ring.map(([lon, lat]) => [...project(lon, lat)] as [number, number])));
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const grow = (x: number, y: number) => {
    minX = Math.min(minX, x), minY = Math.min(minY, y), maxX = Math.max(maxX, x), maxY = Math.max(maxY, y);
  };
  shapes.flat(2).forEach(([x, y]) => grow(x, y));
  rows.forEach((r) => grow(r.xy[0], r.xy[1]));
  doc.save().rect(MAP.x, MAP.y, MAP.w, MAP.h).lineWidth(0.5).strokeColor('#444').stroke();
  if (!Number.isFinite(minX)) {
    doc.restore();
    return;
  }
  // At least 60 m across, plus a margin, so a single small record is not drawn page-wide.
  const span = Math.max(maxX - minX, ((maxY - minY) * MAP.w) / MAP.h, 60) * 1.2;
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  const k = MAP.w / span;
  const px = (x: number) => MAP.x + MAP.w / 2 + (x - cx) * k;
  const py = (y: number) => MAP.y + MAP.h / 2 - (y - cy) * k;
  doc.rect(MAP.x, MAP.y, MAP.w, MAP.h).clip();
  shapes.forEach((rings, i) => {
    for (const ring of rings) {
      ring.forEach(([x, y], j) => (j ? doc.lineTo(px(x), py(y)) : doc.moveTo(px(x), py(y))));
      doc.closePath();
    }
    doc.fillOpacity(0.55).lineWidth(0.8).fillAndStroke(DANGER_COLOUR[rows[i].danger], '#333').fillOpacity(1);
  });
  rows.forEach((r, j) => (j ? doc.lineTo(px(r.xy[0]), py(r.xy[1])) : doc.moveTo(px(r.xy[0]), py(r.xy[1]))));
  if (rows.length > 1) doc.lineWidth(1.4).dash(4, { space: 3 }).strokeColor('#1f5fbf').stroke().undash();
  doc.fontSize(7);
  rows.forEach((r) => {
    const x = px(r.xy[0]), y = py(r.xy[1]);
    doc.circle(x, y, 7).fillAndStroke('#ffffff', '#1f5fbf');
    doc.fillColor('#1f5fbf').text(String(r.order), x - 7, y - 3.5, { width: 14, align: 'center', lineBreak: false });
  });
  const bar = niceLength(span / 4);
  const bx = MAP.x + 10, by = MAP.y + MAP.h - 14;
  doc.lineWidth(2).strokeColor('#000').moveTo(bx, by).lineTo(bx + bar * k, by).stroke();
  doc.fillColor('#000').fontSize(7).text(bar >= 1000 ? `${bar / 1000} km` : `${bar} m`, bx, by - 10, { lineBreak: false });
  doc.fontSize(9).text('北 N ↑', MAP.x + MAP.w - 40, MAP.y + 6, { lineBreak: false });
  doc.restore();
}

function tableHeader(doc: PDFKit.PDFDocument, y: number): number {
  let x = PAGE.margin;
  doc.rect(PAGE.margin, y, 515, 16).fill('#e8e8e8').fillColor('#000').fontSize(8);
  for (const c of COLUMNS) {
    doc.text(c.title, x + 2, y + 4, { width: c.w - 4, lineBreak: false });
    x += c.w;
  }
  return y + 16;
}

export interface WorkOrderMeta {
  planId: number;
  metricCrs: string;
}

export function renderWorkOrderPdf(meta: WorkOrderMeta, day: PlanDay, rows: WorkOrderRow[], font: CjkFont): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: PAGE.margin, info: { Title: `拆违工作单 ${day.date} ${day.crew}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.family as string);
  doc.font('cjk');

  doc.fontSize(18).fillColor('#000').text('拆违工作单', PAGE.margin, PAGE.margin, { continued: true }).fontSize(10).text('  Teardown work order');
  doc.fontSize(10).text(`日期 ${day.date}（${WEEKDAY_ZH[weekdayOf(day.date)]}）    拆除组 ${day.crew}    计划 #${meta.planId}`, PAGE.margin, 68);
  const over = day.area_m2 > day.capacity_m2 ? '（超出能力）' : '';
  doc.text(`共 ${day.items.length} 处，面积 ${day.area_m2.toFixed(0)} / ${day.capacity_m2} m²${over}，路线直线距离 ${(day.route_m / 1000).toFixed(2)} km`, PAGE.margin, 84);
  doc.fontSize(7).fillColor('#555').text(`坐标 ${meta.metricCrs}；红：堵塞消防车道  橙：占用消防车道或防火间距不足  灰：其他`, PAGE.margin, 100);

  drawMap(doc, rows, meta.metricCrs);

  let y = tableHeader(doc, MAP.y + MAP.h + 14);
  for (const r of rows) {
    const cells = [
      String(r.order),
      r.ledger_id + (r.manual ? ' *' : ''),
      r.address ?? '',
      r.owner ?? '',
      r.area_m2.toFixed(0),
      structureZh(r.structure),
      reasonsZh(r.reasons) || '—',
    ];
    doc.fontSize(8);
    const h = Math.max(...cells.map((t, i) => doc.heightOfString(t, { width: COLUMNS[i].w - 4 }))) + 6;
    if (y + h > PAGE.h - PAGE.margin - 30) {
      doc.addPage();
      y = tableHeader(doc, PAGE.margin);
    }
    let x = PAGE.margin;
    doc.fillColor('#000');
    cells.forEach((t, i) => {
      doc.text(t, x + 2, y + 3, { width: COLUMNS[i].w - 4 });
      x += COLUMNS[i].w;
    });
    doc.moveTo(PAGE.margin, y + h).lineTo(PAGE.margin + 515, y + h).lineWidth(0.3).strokeColor('#999').stroke();
    y += h;
  }
  doc.fontSize(9).fillColor('#000').text('* 人工调整    现场负责人签字：__________    完成日期：__________', PAGE.margin, Math.min(y + 14, PAGE.h - PAGE.margin - 12), { lineBreak: false });
  doc.end();
  return done;
}
