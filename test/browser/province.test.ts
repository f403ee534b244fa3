// The viewer against a province node (PostgreSQL, two counties) in real chromium: the county
// switcher lists both, the map draws the chosen county's tiles from /c/<county>/tiles, and
// switching shows the other county's data; checks run for one county on a worker colour that
// county's map as the county edition's do (expected results: test/browser/check-results.test.ts).
// Screenshots go to test-results/screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, SCREENSHOTS, VIEWER_DIST, requireChromium, waitForMapIdle, renderedProps } from './harness.ts';
import { writeCounty } from './fixture.ts';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import type { PgStore } from '../../service/store/pg/index.ts';
import { fc, ledgerFeature } from '../province/nodes.ts';

let cluster: PgCluster;
let store: PgStore;
let server: { url: string; close(): Promise<void> };
let modules: { close(): Promise<void> };
let worker: { stop(): Promise<void> };
let adminToken: string;
let browser: Browser;
let page: Page;
let dir: string;
const tileRequests: string[] = [];

/** Ledger ids drawn on the map. */
function drawnLedger(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
    const ids = map.querySourceFeatures('groundtruth', { sourceLayer: 'ledger' }).map((f) => String(f.properties?.id));
    return [...new Set(ids)].sort();
  });
}

beforeAll(async () => {
  requireChromium();
  cluster = await startPgCluster();
  const { PgStore } = await import('../../service/store/pg/index.ts');
  const { loadDataset, loadLayerFile } = await import('../../service/datasets/load.ts');
  const { startProvinceServer } = await import('../../service/province/server.ts');
  store = await PgStore.open(cluster.url);
  dir = await mkdtemp(join(tmpdir(), 'groundtruth-province-'));
  const wuyi = await store.addCounty('330723', '武义县');
  const loaded = await loadDataset(wuyi, await writeCounty(join(dir, 'county')));
  expect(loaded.layers.every((l) => l.committed)).toBe(true);
  const lanxi = await store.addCounty('330781', '兰溪市');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(dir, 'lanxi-ledger.geojson'), fc([ledgerFeature('LX-1', 119.46, 29.21), ledgerFeature('LX-2', 119.4605, 29.2105)]));
  expect((await loadLayerFile(lanxi, join(dir, 'lanxi-ledger.geojson'), { layer: 'ledger' })).committed).toBe(true);
  const { openNodeRoutes } = await import('../../service/province/node-routes.ts');
  const { startWorker } = await import('../../service/province/worker.ts');
  const node = await openNodeRoutes(store, cluster.url, { maxUploadBytes: 1 << 20 });
  modules = node;
  server = await startProvinceServer({ store, port: 0, viewerDist: VIEWER_DIST, extraRoutes: node.routes });
  worker = await startWorker(cluster.url, { pollSeconds: 0.5 });
  adminToken = await store.users.add('admin', 'admin');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'] });
  await mkdir(SCREENSHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  page.on('request', (r) => r.url().includes('.mvt') && tileRequests.push(new URL(r.url()).pathname));
  await page.goto(server.url + '/');
  await waitForMapIdle(page);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await server?.close();
  await modules?.close();
  await store?.close();
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('viewer on a province node', () => {
  it('lists both counties in the switcher, in Chinese, with the first chosen', async () => {
    const select = page.locator('label.county select');
    expect(await select.locator('option').allTextContents()).toEqual(['武义县 · 330723', '兰溪市 · 330781']);
    expect(await select.inputValue()).toBe('330723');
    expect(await page.locator('label.county span').textContent()).toBe('区县');
  });

  it('draws the chosen county\'s tiles, fetched under /c/<county>/tiles', async () => {
    expect(tileRequests.length).toBeGreaterThan(0);
    expect(tileRequests.every((p) => p.startsWith('/c/330723/tiles/'))).toBe(true);
    const ids = await drawnLedger(page);
    expect(ids).toContain('L-1');
    expect(ids).not.toContain('LX-1');
    await page.screenshot({ path: join(SCREENSHOTS, 'province-330723.png') });
  });

  it('switches to the other county and draws its data instead', async () => {
    tileRequests.length = 0;
    await Promise.all([page.waitForURL(/county=330781/), page.locator('label.county select').selectOption('330781')]);
    await waitForMapIdle(page);
    await page.locator('button[title="缩放至数据"]').click();
    await waitForMapIdle(page);
    expect(await page.locator('label.county select').inputValue()).toBe('330781');
    expect(tileRequests.every((p) => p.startsWith('/c/330781/tiles/'))).toBe(true);
    expect(await drawnLedger(page)).toEqual(['LX-1', 'LX-2']);
    await page.screenshot({ path: join(SCREENSHOTS, 'province-330781.png') });
  });

  it('says County in English', async () => {
    await page.locator('button.lang').click();
    expect(await page.locator('label.county span').textContent()).toBe('County');
  });

  it('runs checks of one county on a worker and colours that county\'s map with their results', async () => {
    for (const check of ['patches', 'fire']) await runCountyCheck('330723', check);
    await Promise.all([page.waitForURL(/county=330723/), page.locator('label.county select').selectOption('330723')]);
    await waitForMapIdle(page);
    await page.locator('button[title="Zoom to data"]').click();
    await waitForMapIdle(page);
    expect(await renderedProps(page, 'ledger-danger', 'blocked')).toEqual([
      ['L-1', true],
      ['L-3', true],
    ]);
    expect(await renderedProps(page, 'fire-lanes-line', 'blocked')).toEqual([['F-1', true]]);
    expect(await renderedProps(page, 'patches-fill', 'class')).toEqual([
      ['P-1', 'rebuilt'],
      ['P-2', 'new'],
      ['P-3', 'new'],
      ['P-4', 'new'],
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'province-330723-results.png') });
    // The other county ran nothing: its records carry no finding.
    const other = await fetch(`${server.url}/c/330781/api/checks/fire/latest`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: string }).error).toMatch(/no finished fire run in county 330781/);
  });
});

/** Starts a check for one county as the viewer does and waits for a worker to finish it. */
async function runCountyCheck(code: string, check: string): Promise<void> {
  const started = await fetch(`${server.url}/c/${code}/api/checks/${check}`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
  if (started.status !== 202) throw new Error(`POST /c/${code}/api/checks/${check} answered ${started.status}: ${await started.text()}`);
  const { id } = (await started.json()) as { id: number };
  for (;;) {
    const run = (await (await fetch(`${server.url}/c/${code}/api/checks/runs/${id}`)).json()) as { status: string; error?: string };
    if (run.status === 'done') return;
    if (run.status === 'failed') throw new Error(`${check} check of ${code} failed: ${run.error}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
