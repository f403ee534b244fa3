// The teardown planning page against the real service on the hand-made county (fixture.ts): after
// a fire run, L-1 (pending, blocking fire lane F-1) is the only record to plan. An enforcer makes
// a two-week plan without the notice step, sees L-1 on the first Thursday, drags it to the second
// (a manual move the service keeps), prints that day's work order, and reads the bulletin of
// March 2024 (the fixture's four patches).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, startHarness, waitForMapIdle, type Harness } from './harness.ts';
import { ENFORCER } from './fixture.ts';
import { TOKEN_STORAGE_KEY } from './session.ts';

let harness: Harness;
let page: Page;
let token: string;

async function call(method: string, path: string, body?: unknown) {
  const r = await fetch(harness.url + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

beforeAll(async () => {
  harness = await startHarness();
  await mkdir(SCREENSHOTS, { recursive: true });
  const login = await fetch(`${harness.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: ENFORCER.name, password: ENFORCER.password }) });
  token = ((await login.json()) as { token: string }).token;
  const { id } = await call('POST', '/api/checks/fire', {});
  for (let i = 0; i < 400; i++) {
    const run = await call('GET', `/api/checks/runs/${id}`);
    if (run.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  page = await harness.browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.addInitScript(([key, value]) => {
    localStorage.setItem(key, value);
    // Headless printing has no dialog; the test prints with page.pdf() instead.
    window.print = () => undefined;
  }, [TOKEN_STORAGE_KEY, token]);
  await page.goto(harness.url + '/');
  await waitForMapIdle(page);
  await page.locator('[role=tab][data-workspace=teardown]').click();
  await page.locator('.modes [data-mode=plan]').click();
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

describe('teardown planning page', () => {
  it('makes a plan with the blocking record on the first day', async () => {
    await page.locator('input[name=weeks]').fill('2');
    await page.locator('input[name=crews]').fill('一组:3000');
    await page.locator('input[name=require_notice]').uncheck();
    await page.locator('.params button[type=submit]').click();
    await page.locator('.summary[data-plan]').waitFor();
    const days = page.locator('.day');
    expect(await days.count()).toBe(2);
    expect(await days.nth(0).locator('li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id))).toEqual(['L-1']);
    expect(await days.nth(0).locator('li').textContent()).toContain('堵塞消防车道');
    // Progress: nothing torn down yet.
    await days.nth(0).locator('.done').waitFor();
    expect(await days.nth(0).locator('.done').textContent()).toBe('已拆 0/1');
    await waitForMapIdle(page);
    expect(await page.evaluate(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.getLayer('plan-days-fill') !== undefined)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-teardown-plan.png') });
  });

  it('drags a record to another day and the service keeps the move', async () => {
    const days = page.locator('.day');
    await days.nth(0).locator('li[data-id="L-1"]').dragTo(days.nth(1));
    await days.nth(1).locator('li[data-id="L-1"].manual').waitFor();
    expect(await days.nth(0).locator('li').count()).toBe(0);
    const planId = await page.locator('.summary').getAttribute('data-plan');
    const plan = await call('GET', `/api/teardown/plans/${planId}`);
    expect(plan.overrides).toEqual([{ ledger_id: 'L-1', date: plan.days[1].date, crew: '一组' }]);
  });

  it('prints the day as a work order with its map and table', async () => {
    await page.locator('.day').nth(1).locator('button.print').click();
    const sheet = page.locator('.work-order-print');
    await sheet.waitFor({ state: 'attached' });
    expect(await sheet.getAttribute('data-day')).toMatch(/\|一组$/);
    await page.emulateMedia({ media: 'print' });
    expect(await sheet.isVisible()).toBe(true);
    expect(await sheet.locator('svg path').count()).toBe(1);
    expect(await sheet.locator('tbody tr').textContent()).toContain('熟溪街道城南路 12 号');
    const pdfPath = join(SCREENSHOTS, 'zh-work-order-print.pdf');
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', pdfPath, join(SCREENSHOTS, 'zh-work-order-print')]);
    const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('拆违工作单');
    expect(text).toContain('熟溪街道城南路 12 号');
    // Only the work order prints: the planning form and the layer panel do not.
    expect(text).not.toContain('生成计划');
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows the monthly bulletin with a chart per column', async () => {
    await page.locator('.modes [data-mode=bulletin]').click();
    await page.locator('input[name=month]').fill('2024-03');
    await page.locator('.bulletin-form button[type=submit]').click();
    await page.locator('table.bulletin tbody tr').first().waitFor();
    // The fixture's patches and ledger records carry no township: they count under "not filled
    // in", which ranks second (same area demolished, 0, but two fire-lane records left: L-1, L-3).
    expect(await page.locator('table.bulletin tbody tr td:nth-child(2)').allTextContents()).toEqual(['熟溪街道', '（未填乡镇）']);
    expect(await page.locator('table.bulletin tbody tr:nth-child(2) td:nth-child(3)').textContent()).toBe('4');
    expect(await page.locator('.charts figure').count()).toBe(9);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-bulletin.png') });
  });
});
