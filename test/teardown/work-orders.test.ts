// Work orders and the plan workbook: a PDF per crew-day whose text (read back by pdftotext) keeps
// the Chinese addresses, owners and reasons; an xlsx read back with exceljs; a clear error when no
// CJK font is found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { makeCounty, isoDay, type County } from './county.ts';
import { findCjkFont } from '../../service/teardown/cjk-font.ts';

let county: County;
let planId: number;
let firstDay: { date: string; crew: string };
let dir: string;

beforeAll(async () => {
  county = await makeCounty();
  dir = mkdtempSync(join(tmpdir(), 'gt-wo-'));
  const res = await county.send('POST', '/api/teardown/plans', 'enforcer', { from: isoDay(0), weeks: 2, weekdays: ['thu'], crews: [{ name: '一组', m2_per_day: 300 }] });
  const plan = await res.json();
  planId = plan.id;
  firstDay = plan.days[0];
});
afterAll(() => {
  county.store.close();
  rmSync(dir, { recursive: true, force: true });
});

function pdftotext(): string {
  try {
    return execFileSync('which', ['pdftotext'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('pdftotext is missing: apt-get install poppler-utils (scripts/ensure-chromium.sh installs it)');
  }
}

describe('work order PDF', () => {
  it('holds the day in Chinese, readable back as text', async () => {
    const res = await county.app.request(`/api/teardown/plans/${planId}/days/${firstDay.date}/${encodeURIComponent(firstDay.crew)}/work-order.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, 'wo.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync(pdftotext(), ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['拆违工作单', '一组', '武义县熟溪街道消防通道旁1号', '王某某', '堵塞消防车道', 'T-01', 'T-02', '钢棚']) expect(text).toContain(s);
    // T-03 is on the second day, not this one.
    expect(text).not.toContain('T-03');
  });

  it('answers 404 for a day the plan does not have', async () => {
    expect((await county.app.request(`/api/teardown/plans/${planId}/days/2001-01-01/${encodeURIComponent('一组')}/work-order.pdf`)).status).toBe(404);
  });

  it('says how to get a CJK font when none is found', () => {
    expect(() => findCjkFont({ GROUNDTRUTH_CJK_FONT: '/nonexistent/font.ttc' })).toThrow(/fonts-noto-cjk/);
  });
});

describe('plan workbook', () => {
  it('lists every planned record with Chinese intact, and the unscheduled with their reason', async () => {
    const res = await county.app.request(`/api/teardown/plans/${planId}/workbook.xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet('拆除计划')!;
    const rows = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(rows.map((r) => r[3])).toEqual(['T-01', 'T-02', 'T-03']);
    expect(rows[0]).toEqual([firstDay.date, '一组', 1, 'T-01', '熟溪街道', '武义县熟溪街道消防通道旁1号', '王某某', 120, '钢棚', '堵塞消防车道', '堵塞消防车道', '']);
    const left = wb.getWorksheet('未排期')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(left.map((r) => [r[0], r[5]]).sort()).toEqual([['T-04', '未送达限期拆除公告'], ['T-05', '计划内拆除能力已满']]);
  });
});
