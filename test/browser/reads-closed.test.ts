// The viewer with reads closed to visitors (serve --reads-need-auth): it asks for a sign-in,
// then draws the service's tiles (sent with the token), runs a check and follows its progress,
// downloads the verdict history, and shows a field photo, all with the token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { SCREENSHOTS, startHarness, waitForMapIdle, type Harness } from './harness.ts';
import { ENFORCER, USER } from './fixture.ts';
import { TOKEN_STORAGE_KEY } from './session.ts';
import { login } from './service-calls.ts';

let harness: Harness;
let page: Page;
const serviceRequests: Request[] = [];
const refused: string[] = [];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  harness = await startHarness({ readsNeedAuth: true });
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await harness?.close();
});

describe('reads closed to visitors', () => {
  it('are closed: tiles and features answer 401 without a token', async () => {
    expect((await fetch(`${harness.url}/api/layers`)).status).toBe(401);
    expect((await fetch(`${harness.url}/tiles/14/13646/6669.mvt`)).status).toBe(401);
  });

  it('asks a visitor to sign in, then draws the layers from tiles sent with the token', async () => {
    page = await harness.browser.newPage({ viewport: { width: 1366, height: 820 }, acceptDownloads: true });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    page.on('request', (r) => {
      if (r.url().startsWith(harness.url)) serviceRequests.push(r);
    });
    page.on('response', (r) => {
      if (r.status() === 401 && r.url().startsWith(harness.url)) refused.push(new URL(r.url()).pathname);
    });
    await page.goto(harness.url + '/');
    const dialog = page.locator('.dialog');
    await dialog.waitFor();
    await dialog.locator('input[name=name]').fill(USER.name);
    await dialog.locator('input[name=password]').fill(USER.password);
    await dialog.locator('button[type=submit]').click();
    await page.locator('.user').waitFor();
    // From here on nothing may be refused.
    refused.length = 0;
    // Signing in reloads the layers and the tiles; the map fits the data it can now read.
    await page.waitForFunction(() => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      return map.queryRenderedFeatures({ layers: ['ledger-fill'] }).length > 0;
    });
    await waitForMapIdle(page);
    // Every tile the map drew came with the token.
    const drawn = [];
    for (const r of serviceRequests) {
      if (!new URL(r.url()).pathname.startsWith('/tiles/')) continue;
      const res = await r.response();
      if (res?.status() === 200) drawn.push(r);
    }
    expect(drawn.length).toBeGreaterThan(0);
    for (const r of drawn) expect(await r.headerValue('authorization'), r.url()).toMatch(/^Bearer \S+$/);
    expect(refused).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-reads-closed.png') });
  });

  it('runs the patches check from the queue, following its progress with the token', async () => {
    await page.locator('.review .no-run').waitFor();
    await page.locator('.run-check button').click();
    await page.locator('.queue li').nth(3).waitFor();
    const polls = serviceRequests.filter((r) => /^\/api\/checks\/runs\/\d+$/.test(new URL(r.url()).pathname));
    expect(polls.length).toBeGreaterThan(0);
    for (const r of polls) expect(await r.headerValue('authorization')).toMatch(/^Bearer /);
  });

  it('downloads the verdict history with the token', async () => {
    await page.locator('.current h3').click();
    await page.keyboard.press('2');
    await page.locator('.saving').waitFor({ state: 'detached' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a.history').click()]);
    expect(download.suggestedFilename()).toBe('verdicts-2024Q1.csv');
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('P-3');
    expect(refused).toEqual([]);
  });

  it('shows a field photo fetched with the token', async () => {
    const enforcer = await harness.browser.newPage({ viewport: { width: 1366, height: 820 } });
    await enforcer.addInitScript(([key, value]) => localStorage.setItem(key, value), [TOKEN_STORAGE_KEY, await login(harness.url, ENFORCER)]);
    await enforcer.goto(harness.url + '/');
    await enforcer.locator('.user').waitFor();
    await enforcer.locator('[role=tab][data-workspace=teardown]').click();
    await enforcer.locator('tr[data-id="L-1"]').click();
    const form = enforcer.locator('.ledger-update[data-id="L-1"] form');
    await form.locator('select[name=status]').selectOption('deferred');
    await form.locator('input[name=photos]').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: PNG });
    await form.locator('button[type=submit]').click();
    const img = enforcer.locator('.ledger-update[data-id="L-1"] .history img');
    await img.waitFor();
    expect(await img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).toBe(1);
    expect(await img.getAttribute('data-src')).toMatch(/^\/api\/ledger\/photos\/\d+\/1$/);
    await enforcer.close();
  });

  it('refused nothing the signed-in user may read', () => {
    expect(refused).toEqual([]);
  });
});
