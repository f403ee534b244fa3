// The three work spaces against the real service on the hand-made county (fixture.ts).
// Expected values worked out from fixture.ts and docs/spec/checks.md:
// - review queue of batch 2024Q1 after the patches run: class `new` first, largest first —
//   P-3 (0.0006° square), P-2 (0.0005°), P-4 (0.0002°) — then `rebuilt` P-1 (inside demolished L-2);
// - teardown: standing records L-1 (pending) and L-3 (permitted), both block fire lane F-1;
//   L-2 is demolished and not listed;
// - siting with k = 1: C-1 is the only candidate, far from every footprint and ledger record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SCREENSHOTS, startHarness, waitForMapIdle, type Harness } from './harness.ts';
import { ADMIN, CLICK_TARGET, ENFORCER, PLANNER, USER, VIEWER } from './fixture.ts';
import { TOKEN_STORAGE_KEY } from './session.ts';

let harness: Harness;
const timings: Record<string, number[]> = {};

async function token(user: { name: string; password: string }): Promise<string> {
  const r = await fetch(`${harness.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: user.name, password: user.password }),
  });
  if (!r.ok) throw new Error(`login ${user.name}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** A page signed in as `user` (token in localStorage, as the sign-in dialog leaves it). */
async function pageAs(browser: Browser, user: { name: string; password: string }, workspace: string): Promise<Page> {
  const t = await token(user);
  const page = await browser.newPage({ viewport: { width: 1366, height: 820 }, acceptDownloads: true });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [TOKEN_STORAGE_KEY, t]);
  await page.goto(harness.url + '/');
  await waitForMapIdle(page);
  await page.locator('.user').waitFor();
  await page.locator(`[role=tab][data-workspace=${workspace}]`).click();
  return page;
}

async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(harness.url + path);
  if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

beforeAll(async () => {
  harness = await startHarness();
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  if (Object.keys(timings).length) console.log('workspace timings (ms):', JSON.stringify(timings));
  await harness?.close();
});

describe('review queue', () => {
  let page: Page;
  const queueIds = () => page.locator('.queue li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));

  it('runs the patches check from the queue and lists the batch by class, largest first', async () => {
    page = await pageAs(harness.browser, USER, 'review');
    await page.locator('.review .no-run').waitFor();
    await page.locator('.run-check button').click();
    await page.locator('.queue li').nth(3).waitFor();
    expect(await queueIds()).toEqual(['P-3', 'P-2', 'P-4', 'P-1']);
    expect(await page.locator('.current').getAttribute('data-id')).toBe('P-3');
    expect(await page.locator('.progress').getAttribute('data-done')).toBe('0');
    expect(await page.locator('.progress').getAttribute('data-total')).toBe('4');
  });

  it('decides three patches with the keys, moving on at once; typing a note decides nothing', async () => {
    await page.locator('textarea[name=note]').click();
    await page.keyboard.type('墙 1 2 3');
    expect(await page.locator('.current').getAttribute('data-id')).toBe('P-3');
    await page.locator('.current h3').click();
    for (const [key, next] of [['2', 'P-2'], ['1', 'P-4'], ['3', 'P-1']] as const) {
      const started = Date.now();
      await page.keyboard.press(key);
      await page.locator(`.current[data-id="${next}"]`).waitFor();
      const shown = Date.now() - started;
      await page.locator('.saving').waitFor({ state: 'detached' });
      (timings.verdictShownNext ??= []).push(shown);
      (timings.verdictSaved ??= []).push(Date.now() - started);
    }
    await page.locator('.progress[data-done="3"]').waitFor();
    const { verdicts } = await getJson<{ verdicts: { id: string; verdict: string; note: string | null; decided_by: string }[] }>('/api/patches/verdicts?batch=2024Q1');
    const byId = Object.fromEntries(verdicts.map((v) => [v.id, v]));
    expect(Object.keys(byId).sort()).toEqual(['P-2', 'P-3', 'P-4']);
    expect(byId['P-3']).toMatchObject({ verdict: 'illegal', note: '墙 1 2 3', decided_by: USER.name });
    expect(byId['P-2']).toMatchObject({ verdict: 'legal', note: null });
    expect(byId['P-4']).toMatchObject({ verdict: 'false_change' });
    const { history } = await getJson<{ history: { id: string; verdict: string; previous_verdict: string | null }[] }>('/api/patches/verdicts/history?batch=2024Q1');
    expect(history.map((h) => [h.id, h.verdict, h.previous_verdict])).toEqual([
      ['P-3', 'illegal', null],
      ['P-2', 'legal', null],
      ['P-4', 'false_change', null],
    ]);
    // The export link is the service's CSV history.
    const href = await page.locator('a.history').getAttribute('href');
    const bytes = new Uint8Array(await (await fetch(harness.url + href)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).trim().split(/\r?\n/)).toHaveLength(4);
  });

  it('outlines the records the current patch matched', async () => {
    // P-1 (rebuilt) matched demolished record L-2.
    const filter = await page.evaluate(() => (window as unknown as { __map: import('maplibre-gl').Map }).__map.getFilter('hl-ledger'));
    expect(JSON.stringify(filter)).toContain('"L-2"');
    expect(await page.locator('.current').textContent()).toContain('L-2');
    await page.waitForTimeout(2000);
    await waitForMapIdle(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-review.png') });
  });

  it('still shows the verdicts after a reload', async () => {
    await page.reload();
    await waitForMapIdle(page);
    await page.locator('.queue li').nth(3).waitFor();
    const shown = await page.locator('.queue li').evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.id, (e as HTMLElement).dataset.verdict]));
    expect(shown).toEqual([
      ['P-3', 'illegal'],
      ['P-2', 'legal'],
      ['P-4', 'false_change'],
      ['P-1', ''],
    ]);
    await page.close();
  });

  it('shows a conflict when someone else decided the patch since the page read it', async () => {
    const inspector = await pageAs(harness.browser, USER, 'review');
    await inspector.locator('.current[data-id="P-3"][data-verdict="illegal"]').waitFor();
    // Another inspector (the admin) changes P-3 behind this page's back.
    const { verdicts } = await getJson<{ verdicts: { id: string; seq: number }[] }>('/api/patches/verdicts?batch=2024Q1');
    const seen = verdicts.find((v) => v.id === 'P-3')!.seq;
    const put = await fetch(`${harness.url}/api/patches/P-3/verdict`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(ADMIN)}` },
      body: JSON.stringify({ batch: '2024Q1', verdict: 'legal', base_seq: seen }),
    });
    expect(put.status).toBe(200);
    await inspector.locator('.current h3').click();
    await inspector.keyboard.press('3');
    const conflict = inspector.locator('.conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain(`${ADMIN.name} 已在`);
    expect(await conflict.textContent()).toContain('“合法”');
    await conflict.locator('button').click();
    await inspector.locator('.queue li[data-id="P-3"][data-verdict="legal"]').waitFor();
    const after = await getJson<{ verdicts: { id: string; verdict: string }[] }>('/api/patches/verdicts?batch=2024Q1');
    expect(after.verdicts.find((v) => v.id === 'P-3')?.verdict).toBe('legal');
    await inspector.close();
  });

  it('lets a viewer look but not decide', async () => {
    const viewer = await pageAs(harness.browser, VIEWER, 'review');
    await viewer.locator('.queue li').nth(3).waitFor();
    expect(await viewer.locator('button.verdict:disabled').count()).toBe(3);
    await viewer.locator('.viewer-note').waitFor();
    await viewer.locator('.current h3').click();
    await viewer.keyboard.press('ArrowRight');
    await viewer.locator('.current[data-id="P-2"]').waitFor();
    await viewer.keyboard.press('2');
    await viewer.waitForTimeout(500);
    expect(await viewer.locator('.current').getAttribute('data-id')).toBe('P-2');
    const { verdicts } = await getJson<{ verdicts: { id: string; verdict: string }[] }>('/api/patches/verdicts?batch=2024Q1');
    expect(verdicts.find((v) => v.id === 'P-2')?.verdict).toBe('legal');
    await viewer.close();
  });
});

/** A 1×1 PNG, for the photo upload. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function runCheckAs(user: { name: string; password: string }, check: string): Promise<void> {
  const t = await token(user);
  const started = await fetch(`${harness.url}/api/checks/${check}`, { method: 'POST', headers: { authorization: `Bearer ${t}` } });
  if (started.status !== 202) throw new Error(`POST /api/checks/${check}: ${started.status} ${await started.text()}`);
  const { id } = (await started.json()) as { id: number };
  for (;;) {
    const run = await getJson<{ status: string; error: string | null }>(`/api/checks/runs/${id}`);
    if (run.status === 'done') return;
    if (run.status === 'failed') throw new Error(`${check} failed: ${run.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('teardown list', () => {
  let page: Page;
  const rowIds = () => page.locator('table.rows tbody tr[data-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));

  beforeAll(async () => {
    await runCheckAs(ADMIN, 'fire');
    page = await pageAs(harness.browser, ENFORCER, 'teardown');
    await page.locator('table.rows tbody tr[data-id]').first().waitFor();
  });

  it('lists the standing records with their danger, and sorts by a column both ways', async () => {
    expect((await rowIds()).sort()).toEqual(['L-1', 'L-3']);
    expect(await page.locator('tr[data-id="L-1"] .danger').textContent()).toBe('堵塞消防通道');
    await page.locator('th button[data-sort=id]').click();
    expect(await rowIds()).toEqual(['L-1', 'L-3']);
    await page.locator('th button[data-sort=id]').click();
    expect(await rowIds()).toEqual(['L-3', 'L-1']);
    await page.locator('th button[data-sort=status]').click();
    // pending < permitted as text: ascending puts L-1 first.
    expect(await rowIds()).toEqual(['L-1', 'L-3']);
    await page.locator('select[name=status]').first().selectOption('permitted');
    expect(await rowIds()).toEqual(['L-3']);
    await page.locator('select[name=status]').first().selectOption({ index: 0 });
    await page.locator('th button[data-sort=id]').click();
    await page.locator('th button[data-sort=id]').click();
    expect(await rowIds()).toEqual(['L-3', 'L-1']);
  });

  it('exports the list as CSV with a BOM and as GeoJSON', async () => {
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.locator('button.export-csv').click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^teardown-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await csvDownload.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('id,township,address,status,class,area_m2,danger');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^L-3,.*,城南路 28 号,permitted,.*,blocked$/);
    expect(lines[2]).toMatch(/^L-1,.*,熟溪街道城南路 12 号,pending,.*,blocked$/);
    const [geoDownload] = await Promise.all([page.waitForEvent('download'), page.locator('button.export-geojson').click()]);
    const fc = JSON.parse(await readFile((await geoDownload.path())!, 'utf8')) as { features: { id: string; geometry: { type: string } }[] };
    // The features API serves polygon layers as MultiPolygon, one geometry type per collection.
    expect(fc.features.map((f) => [f.id, f.geometry.type])).toEqual([
      ['L-3', 'MultiPolygon'],
      ['L-1', 'MultiPolygon'],
    ]);
  });

  it('selects the row of a ledger record clicked on the map', async () => {
    const { x, y } = await page.evaluate(([lo, la]) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.project([lo, la]), [CLICK_TARGET.lon, CLICK_TARGET.lat]);
    const canvas = (await page.locator('.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(canvas.x + x, canvas.y + y);
    await page.locator('tr[data-id="L-1"][aria-selected="true"]').waitFor();
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-teardown.png') });
  });

  it('records a demolition with a note and a photo, kept in the history', async () => {
    await page.locator('tr[data-id="L-1"]').click();
    const form = page.locator('.ledger-update[data-id="L-1"] form');
    await form.locator('select[name=status]').selectOption('demolished');
    await form.locator('input[name=demolished_on]').fill('2024-05-06');
    await form.locator('input[name=note]').fill('已拆除，现场核实');
    await form.locator('input[name=photos]').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: PNG });
    await form.locator('button[type=submit]').click();
    await page.locator('.ledger-update[data-id="L-1"] .history li').first().waitFor();
    const { history } = await getJson<{ history: { status: string; demolished_on: string; note: string; photos: number; updated_by: string }[] }>('/api/ledger/L-1/history');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: 'demolished', demolished_on: '2024-05-06', note: '已拆除，现场核实', photos: 1, updated_by: ENFORCER.name });
    // Demolished records leave the list of standing ones.
    await page.waitForFunction(() => !document.querySelector('table.rows tr[data-id="L-1"]'));
    expect(await rowIds()).toEqual(['L-3']);
    // The map fetched fresh tiles: L-1 is drawn as demolished now.
    await page.waitForFunction(() => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      return map.queryRenderedFeatures({ layers: ['ledger-fill'] }).some((f) => f.properties.id === 'L-1' && f.properties.status === 'demolished');
    }, undefined, { timeout: 10_000 });
    await page.close();
  });
});

describe('facilities', () => {
  it('runs siting with k = 1 and shows the chosen candidate in the table and on the map', async () => {
    const page = await pageAs(harness.browser, PLANNER, 'facilities');
    await page.locator('.facilities .no-run').waitFor();
    await page.locator('input[name=k]').fill('1');
    await page.locator('.run-check button').click();
    await page.locator('table.chosen tr[data-id="C-1"]').waitFor();
    expect(await page.locator('table.chosen tbody tr').count()).toBe(1);
    // D-1 (2000 people) is covered, D-2 (500) is not: 80.0 %.
    expect(await page.locator('[data-figure=population]').textContent()).toBe('80.0%');
    expect(await page.locator('table.stations tr[data-id="S-1"]').count()).toBe(1);
    await waitForMapIdle(page);
    const ringed = await page.evaluate(() => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      return map.queryRenderedFeatures({ layers: ['hl-candidates'] }).map((f) => f.properties.id);
    });
    expect([...new Set(ringed)]).toEqual(['C-1']);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-facilities.png') });
    await page.close();
  });

  it('draws service areas along the road and compares two siting runs', async () => {
    const page = await pageAs(harness.browser, PLANNER, 'facilities');
    // Done when the service lists one more finished coverage run (a short run may start and end
    // between two looks at the button) and the button is back.
    const finished = async () => (await getJson<{ runs: { status: string }[] }>('/api/checks/runs?check=coverage')).runs.filter((r) => r.status !== 'running').length;
    const runToEnd = async () => {
      const before = await finished();
      await page.locator('.run-check button').click();
      for (let i = 0; i < 600 && (await finished()) === before; i++) await page.waitForTimeout(100);
      await page.locator('.run-check[data-running="false"]').waitFor({ timeout: 60_000 });
    };
    await page.locator('input[name=k]').fill('1');
    await runToEnd();
    await page.locator('table.chosen tr[data-id="C-1"]').waitFor();
    // S-1 enters road R-1 about 1 km south of it and reaches 1.5 km each way: 3.0 km of road.
    await page.locator('input[name=service-areas]').check();
    await page.locator('[data-areas]').filter({ hasText: '3.0' }).waitFor();
    await waitForMapIdle(page);
    const areas = await page.evaluate(() => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      return map.queryRenderedFeatures({ layers: ['service-areas-fill'] }).map((f) => f.properties.station_id);
    });
    expect([...new Set(areas)]).toEqual(['S-1']);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-facilities-service-areas.png') });

    // A second run by road distance, then the two runs side by side.
    await page.locator('input[name=k]').fill('1');
    await page.locator('select[name=distance]').selectOption('network');
    await runToEnd();
    // The newest run is compared with the one before: its column says road distance.
    await page.locator('table.compare').filter({ hasText: '道路距离' }).waitFor();
    expect(await page.locator('table.compare thead th').count()).toBe(3);
    expect(await page.locator('[data-siting-method]').getAttribute('data-siting-method')).toBe('exact');

    // What if S-1 may close? With k = 1 over S-1 (covers D-1, 2 t/d) and C-1 (3 km: D-1 and D-2,
    // 2.5 t/d), C-1 wins and S-1 closes; the two maps show the runs side by side.
    await page.locator('select[name=distance]').selectOption('straight');
    await page.locator('select[name=siting_existing]').selectOption('relocate');
    await runToEnd();
    await page.locator('table.compare td[data-closed]').filter({ hasText: 'S-1' }).waitFor();
    expect(await page.locator('table.compare td[data-closed]').allTextContents()).toEqual(['—', 'S-1']);
    expect(await page.locator('[data-closed]').first().textContent()).toContain('S-1');
    const maps = page.locator('[data-compare-maps]');
    await maps.locator('figure').nth(1).scrollIntoViewIfNeeded();
    await page.locator('[data-compare-maps][data-ready=yes]').waitFor({ timeout: 30_000 });
    expect(await maps.locator('canvas').count()).toBe(2);
    expect(await maps.locator('figure').nth(0).getAttribute('data-sites')).toBe('S-1:station C-1:chosen');
    expect(await maps.locator('figure').nth(1).getAttribute('data-sites')).toBe('S-1:closed C-1:chosen');
    // Both maps frame the same sites: equal views.
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-facilities-compare.png') });
    await page.close();
  });
});
