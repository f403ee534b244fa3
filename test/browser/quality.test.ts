// The data-quality workspace against the real service on the hand-made county (fixture.ts):
// after a quality run, L-1 (pending, 0.0004° square, nothing standing or seen over it) has two
// findings, not_seen and large_unverified; L-2 and L-3 have none, so the one township group (no
// township filled in) has 1 of 3 records with findings. An enforcer filters, sees L-1 over the
// registered image, dismisses large_unverified with a reason and writes L-1 off with a patch as
// evidence; the service keeps both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, startHarness, waitForMapIdle, type Harness } from './harness.ts';
import { ADMIN, ENFORCER } from './fixture.ts';
import { TOKEN_STORAGE_KEY } from './session.ts';

let harness: Harness;
let page: Page;
let token: string;

async function signIn(who: { name: string; password: string }): Promise<string> {
  const login = await fetch(`${harness.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: who.name, password: who.password }) });
  return ((await login.json()) as { token: string }).token;
}

async function call(method: string, path: string, body?: unknown, as = token) {
  const r = await fetch(harness.url + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${as}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

const mapEval = <T>(fn: (map: import('maplibre-gl').Map) => T) =>
  page.evaluate(`(${fn.toString()})(window.__map)`) as Promise<T>;

beforeAll(async () => {
  harness = await startHarness();
  await mkdir(SCREENSHOTS, { recursive: true });
  token = await signIn(ENFORCER);
  // An image over the county (its tiles need not exist: the record is drawn over its layer).
  await call('POST', '/api/imagery', { name: 'county-2024', date: '2024-03-10', url: `${harness.url}/no-such-tiles/{z}/{x}/{y}.png`, crs: 'EPSG:3857', bounds: [119.79, 28.89, 119.83, 28.92] }, await signIn(ADMIN));
  const { id } = await call('POST', '/api/checks/quality', {});
  for (let i = 0; i < 400; i++) {
    const run = await call('GET', `/api/checks/runs/${id}`);
    if (run.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  page = await harness.browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [TOKEN_STORAGE_KEY, token]);
  await page.goto(harness.url + '/');
  await waitForMapIdle(page);
  await page.locator('[role=tab][data-workspace=quality]').click();
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

describe('data-quality workspace', () => {
  it('ranks the townships with a bar per kind and lists the findings', async () => {
    await page.locator('.ranking li').first().waitFor();
    expect(await page.locator('[role=tab][data-workspace=quality]').textContent()).toBe('数据质量');
    expect(await page.locator('.ranking li').count()).toBe(1);
    expect(await page.locator('.ranking li .share').textContent()).toBe('1/3 条（33.3%）');
    expect(await page.locator('.ranking li rect.seg').evaluateAll((els) => els.map((e) => (e as SVGElement).dataset.kind))).toEqual(['not_seen', 'large_unverified']);
    expect(await page.locator('.findings li').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.id} ${(e as HTMLElement).dataset.kind}`))).toEqual(['L-1 large_unverified', 'L-1 not_seen']);
    await page.locator('select[name=kind]').selectOption('not_seen');
    expect(await page.locator('.findings li').count()).toBe(1);
    await page.locator('select[name=kind]').selectOption({ index: 0 });
    expect(await page.locator('.findings li').count()).toBe(2);
  });

  it('shows a not_seen record over the image, outlined', async () => {
    await page.locator('.findings li[data-kind=not_seen] button').click();
    await page.locator('.detail[data-kind=not_seen]').waitFor();
    expect(await page.locator('.detail .imagery').textContent()).toBe('影像：county-2024（2024-03-10）');
    // The image's tiles do not exist, so the map never idles: wait for the layer itself.
    await page.waitForFunction(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.getLayer('quality-image') !== undefined);
    const state = await mapEval((map) => ({
      image: map.getLayer('quality-image') !== undefined,
      ledger: JSON.stringify(map.getFilter('hl-ledger')),
      imageBelowRecord: map.getStyle().layers.findIndex((l) => l.id === 'quality-image') < map.getStyle().layers.findIndex((l) => l.id === 'hl-ledger'),
    }));
    expect(state.image).toBe(true);
    expect(state.ledger).toContain('L-1');
    expect(state.imageBelowRecord).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-quality-not-seen.png') });
  });

  it('dismisses the large_unverified finding with a reason', async () => {
    await page.locator('.findings li[data-kind=large_unverified] button').click();
    await page.locator('.detail[data-kind=large_unverified] button.dismiss').click();
    await page.locator('.action-form[data-mode=dismiss] input[name=reason]').fill('已有现场核实照片');
    await page.locator('.action-form[data-mode=dismiss] button[type=submit]').click();
    await page.locator('.findings li[data-kind=large_unverified]').waitFor({ state: 'detached' });
    const { dismissals } = await call('GET', '/api/quality/dismissals');
    expect(dismissals).toMatchObject([{ ledger_id: 'L-1', kind: 'large_unverified', reason: '已有现场核实照片', dismissed_by: ENFORCER.name }]);
  });

  it('writes off the not_seen record with a patch as evidence', async () => {
    await page.locator('.findings li[data-kind=not_seen] button').click();
    await page.locator('.detail[data-kind=not_seen] button.write-off').click();
    const form = page.locator('.action-form[data-mode=writeOff]');
    await form.locator('input[name=reason]').fill('现场已无建筑');
    await form.locator('input[name=patch]').fill('2024Q1/P-1');
    await form.locator('button[type=submit]').click();
    await page.locator('.message[role=status]').waitFor();
    const { history } = await call('GET', '/api/ledger/L-1/history');
    expect(history).toMatchObject([{ status: 'demolished', written_off: true, reason: '现场已无建筑', evidence_patch: '2024Q1/P-1' }]);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-quality-written-off.png') });
  });
});
