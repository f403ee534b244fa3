// The viewer in a real browser against the real service: every layer draws, a click opens a
// popup in words, the language switch works, sign-in shows the role, the panel folds on a
// tablet. Screenshots go to test-results/screenshots for a human to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, startHarness, waitForMapIdle, type Harness } from './harness.ts';
import { CLICK_TARGET, COUNTY, USER } from './fixture.ts';
import { layerGroups } from '../../viewer/src/lib/style.ts';
import type { LayerName } from '../../service/layers/schema.ts';

let harness: Harness;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  await mkdir(SCREENSHOTS, { recursive: true });
  page = await harness.browser.newPage({ viewport: { width: 1366, height: 820 } });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(harness.url + '/');
  await waitForMapIdle(page);
});

afterAll(async () => {
  await harness?.close();
});

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name) });

/** Rendered features per source layer, for the given style layers. */
function renderedBySourceLayer(p: Page, layerIds: string[]): Promise<Record<string, string[]>> {
  return p.evaluate((ids) => {
    const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
    const out: Record<string, string[]> = {};
    for (const f of map.queryRenderedFeatures({ layers: ids.filter((id) => map.getLayer(id)) })) {
      const key = f.sourceLayer ?? f.source;
      const id = String(f.properties?.id ?? f.properties?.name ?? '');
      (out[key] ??= []).includes(id) || out[key].push(id);
    }
    return out;
  }, layerIds);
}

async function clickAt(lon: number, lat: number): Promise<void> {
  const { x, y } = await page.evaluate(([lo, la]) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.project([lo, la]), [lon, lat]);
  const canvas = await page.locator('.maplibregl-canvas').boundingBox();
  await page.mouse.click(canvas!.x + x, canvas!.y + y);
}

describe('viewer in chromium', () => {
  it('starts in Chinese with the four workspaces', async () => {
    expect(await page.locator('[role=tab]').allTextContents()).toEqual(['卫片核查', '拆违', '数据质量', '设施', '数据']);
    expect(await page.locator('.role-note').textContent()).toBe('登录后可在此工作区操作。');
    expect(await page.locator('h1').textContent()).toContain('实地核查');
  });

  it('draws features of every layer from the service tiles', async () => {
    // Permits are off by default: switching them on goes through the layer panel.
    await page.locator('.group[data-layer="permits"] input[type=checkbox]').check();
    await waitForMapIdle(page);
    const ids = layerGroups().flatMap((g) => g.layers.map((l) => l.id));
    const rendered = await renderedBySourceLayer(page, ids);
    for (const layer of Object.keys(COUNTY) as LayerName[]) {
      const expected = COUNTY[layer].map((f) => String(f.props.id ?? f.props.name));
      expect(rendered[layer]?.sort(), `rendered ${layer}`).toEqual(expected.sort());
    }
    // The 500 m setback ring of the one operating landfill, computed in the browser.
    expect(rendered['landfill-setback']).toEqual(['LF-1']);
    await shot('zh-map.png');
  });

  it('hides a layer switched off in the panel', async () => {
    await page.locator('.group[data-layer="footprints"] input[type=checkbox]').uncheck();
    await waitForMapIdle(page);
    expect((await renderedBySourceLayer(page, ['footprints-fill'])).footprints).toBeUndefined();
    await page.locator('.group[data-layer="footprints"] input[type=checkbox]').check();
    await waitForMapIdle(page);
    expect((await renderedBySourceLayer(page, ['footprints-fill'])).footprints?.length).toBe(5);
  });

  it('opens a popup with the clicked record in Chinese words', async () => {
    await clickAt(CLICK_TARGET.lon, CLICK_TARGET.lat);
    const popup = page.locator('.maplibregl-popup .gt-popup');
    await popup.waitFor();
    expect(await popup.locator('h3').textContent()).toBe('违建台账 L-1');
    const text = (await popup.textContent()) ?? '';
    expect(text).toContain('状态待处置');
    expect(text).toContain('结构砖混');
    expect(text).toContain('地址熟溪街道城南路 12 号');
    await shot('zh-popup.png');
  });

  it('switches to English, remembers it, and words the popup in English', async () => {
    await page.locator('button.lang').click();
    expect(await page.locator('[role=tab]').allTextContents()).toEqual(['Review', 'Teardown', 'Data quality', 'Facilities', 'Data']);
    expect(await page.locator('.maplibregl-popup').count()).toBe(0);
    await page.reload();
    await waitForMapIdle(page);
    expect(await page.locator('[role=tab]').first().textContent()).toBe('Review');
    await clickAt(CLICK_TARGET.lon, CLICK_TARGET.lat);
    const popup = page.locator('.maplibregl-popup .gt-popup');
    await popup.waitFor();
    expect(await popup.locator('h3').textContent()).toBe('Illegal-building ledger L-1');
    expect(await popup.textContent()).toContain('StatusPending');
    await shot('en-popup.png');
  });

  it('shows a wrong password in words and a good sign-in with the role', async () => {
    await page.locator('.tools button.primary').click();
    await page.locator('input[name=name]').fill(USER.name);
    await page.locator('input[name=password]').fill('wrong');
    await page.locator('.dialog button[type=submit]').click();
    const alert = page.locator('.dialog .error');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^The service answered 401: .+/);
    await page.locator('input[name=password]').fill(USER.password);
    await page.locator('.dialog button[type=submit]').click();
    await page.locator('.user').waitFor();
    expect(await page.locator('.user').textContent()).toBe('li (Inspector)');
    // The token survives a reload and is checked against /api/auth/me.
    await page.reload();
    await page.locator('.user').waitFor();
    expect(await page.locator('.user').getAttribute('data-role')).toBe('inspector');
    await waitForMapIdle(page);
    // An inspector reviews patches but only looks at the teardown list.
    expect(await page.locator('.role-note').count()).toBe(0);
    await page.locator('[data-workspace=teardown]').first().click();
    expect(await page.locator('.role-note').textContent()).toBe('Your role (Inspector) can only view this workspace.');
    await shot('en-signed-in.png');
    await page.locator('[data-workspace=review]').first().click();
  });

  it('lists the service layers in the Data workspace, load enabled only by role', async () => {
    await page.locator('[data-workspace=data]').first().click();
    const row = page.locator('tr[data-layer=ledger]');
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('3');
    // An inspector loads patches, not the ledger (service/http/auth.ts LAYER_WRITERS).
    expect(await row.locator('.may-load').getAttribute('data-may-load')).toBe('false');
    expect(await page.locator('tr[data-layer=patches] .may-load').getAttribute('data-may-load')).toBe('true');
    await shot('en-data.png');
    await page.locator('[data-workspace=review]').first().click();
  });

  it('folds the side panel on a tablet and keeps the map', async () => {
    const tablet = await harness.browser.newPage({ viewport: { width: 820, height: 1180 } });
    await tablet.goto(harness.url + '/');
    await waitForMapIdle(tablet);
    expect(await tablet.locator('aside.panel').count()).toBe(0);
    await tablet.locator('button.fold').click();
    expect(await tablet.locator('aside.panel').count()).toBe(1);
    const rendered = await renderedBySourceLayer(tablet, ['ledger-fill']);
    expect(rendered.ledger?.length).toBe(3);
    await tablet.screenshot({ path: join(SCREENSHOTS, 'zh-tablet.png') });
    await tablet.close();
  });

  it('finds a record by address and zooms to it', async () => {
    await page.locator('input[type=search]').fill('城南路 20 号');
    await page.locator('form[role=search] button[type=submit]').click();
    // One hit zooms straight to it: wait until the map shows L-2 in the middle.
    await page.waitForFunction(() => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      const c = map.getCenter();
      return Math.abs(c.lng - 119.8022) < 1e-4 && Math.abs(c.lat - 28.9002) < 1e-4 && map.getZoom() > 16;
    });
    await waitForMapIdle(page);
    const rendered = await renderedBySourceLayer(page, ['ledger-fill']);
    expect(rendered.ledger).toContain('L-2');
    await shot('en-search.png');
  });

  it('adds a basemap from the settings, remembers it, shows its failures, and removes it', async () => {
    // Port 9 (discard) refuses connections; MapLibre reports that, unlike a 404 (an empty tile).
    const template = 'http://127.0.0.1:9/{z}/{x}/{y}.png';
    await page.locator('button[title=Settings]').click();
    await page.locator('.dialog input[value=xyz]').check();
    await page.locator('.dialog input:not([type=radio])').fill(template);
    await page.locator('.dialog button[type=submit]').click();
    const tiles = () =>
      page.evaluate(() => {
        // From the style, not the source object: a raster source fills its own `tiles` asynchronously.
        const source = (window as unknown as { __map: import('maplibre-gl').Map }).__map.getStyle().sources.basemap as { tiles?: string[] } | undefined;
        return source?.tiles ?? null;
      });
    // The settings reach the map through an effect: wait for the source to appear.
    await page.waitForFunction(() => Boolean((window as unknown as { __map: import('maplibre-gl').Map }).__map.getSource('basemap')));
    expect(await tiles()).toEqual([template]);
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem('groundtruth.basemap')))!)).toEqual({ kind: 'xyz', url: template });
    // The user reads why the basemap is blank.
    await page.locator('.error-banner').waitFor();
    expect(await page.locator('.error-banner').textContent()).toMatch(/^Map data failed to load \(basemap\): .+/);
    await page.locator('.error-banner button').click();
    await page.locator('button[title=Settings]').click();
    await page.locator('.dialog input[value=none]').check();
    await page.locator('.dialog button[type=submit]').click();
    await page.waitForFunction(() => !(window as unknown as { __map: import('maplibre-gl').Map }).__map.getSource('basemap'));
    expect(await tiles()).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('groundtruth.basemap'))).toBe('{"kind":"none"}');
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
