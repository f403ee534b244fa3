// The before/after imagery compare in the review queue, in chromium. The imagery list and its
// tiles are served by the page's own routes (two plain colours, so each side can be told apart
// by its pixels): before = green, taken 2023-06-15; after = orange, taken 2024-03-20.
// Expected pick for P-3 (detected_on 2024-03-01, no before_on): the latest image before
// 2024-03-01 (2023-06-15) and the first on or after it (2024-03-20).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, startHarness, waitForMapIdle, type Harness } from './harness.ts';
import { ADMIN, USER } from './fixture.ts';
import { TOKEN_STORAGE_KEY } from './session.ts';
import { login, runCheckToEnd } from './service-calls.ts';
import gcoord from 'gcoord';
import { lonLatToPixel } from '../../viewer/src/lib/gcj02-tiles.ts';

const GREEN = { r: 34, g: 139, b: 34 };
const ORANGE = { r: 230, g: 140, b: 30 };
const IMAGES = [
  { name: 'dom-2023', date: '2023-06-15', colour: GREEN },
  { name: 'dom-2024', date: '2024-03-20', colour: ORANGE },
];

let harness: Harness;
let page: Page;
const tileRequests: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  await mkdir(SCREENSHOTS, { recursive: true });
  await runCheckToEnd(harness.url, await login(harness.url, ADMIN), 'patches');
  const tiles = Object.fromEntries(
    await Promise.all(IMAGES.map(async (i) => [i.name, await sharp({ create: { width: 256, height: 256, channels: 3, background: i.colour } }).webp().toBuffer()] as const)),
  );
  page = await harness.browser.newPage({ viewport: { width: 1366, height: 820 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.route('**/api/imagery', (route) =>
    route.fulfill({
      json: IMAGES.map((i) => ({
        name: i.name,
        date: i.date,
        bounds: [119.78, 28.88, 119.84, 28.93],
        minzoom: 0,
        maxzoom: 19,
        source: 'file',
        crs: 'EPSG:3857',
        tiles: [`/imagery/${i.name}/{z}/{x}/{y}.webp`],
        attribution: null,
      })),
    }),
  );
  await page.route('**/imagery/*/*/*/*.webp', (route) => {
    const name = new URL(route.request().url()).pathname.split('/')[2];
    tileRequests.push(name);
    return route.fulfill({ body: tiles[name], contentType: 'image/webp' });
  });
  const token = await login(harness.url, USER);
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [TOKEN_STORAGE_KEY, token]);
  await page.goto(harness.url + '/');
  await waitForMapIdle(page);
});

afterAll(async () => {
  await harness?.close();
});

/** Waits until both compare maps have drawn every tile. */
async function compareIdle(): Promise<void> {
  await page.waitForFunction(() => {
    const maps = (window as unknown as { __compare?: import('maplibre-gl').Map[] }).__compare;
    return !!maps && maps.every((m) => m.loaded() && m.areTilesLoaded() && !m.isMoving() && !!m.getSource('img'));
  });
}

/** The colour of the page at a point inside the compare, as fractions of its box. */
async function colourAt(fx: number, fy: number): Promise<{ r: number; g: number; b: number }> {
  const box = (await page.locator('.compare').boundingBox())!;
  const png = await page.screenshot();
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const x = Math.round(box.x + fx * box.width);
  const y = Math.round(box.y + fy * box.height);
  const i = (y * info.width + x) * info.channels;
  return { r: data[i], g: data[i + 1], b: data[i + 2] };
}

const near = (a: { r: number; g: number; b: number }, b: { r: number; g: number; b: number }) => Math.abs(a.r - b.r) + Math.abs(a.g - b.g) + Math.abs(a.b - b.b) < 40;

describe('imagery compare in the review queue', () => {
  it('shows the image before and after the current patch, with both dates by the verdict buttons', async () => {
    await page.locator('.current[data-id="P-3"]').waitFor();
    const dates = page.locator('.current .image-dates');
    await dates.waitFor();
    expect(await dates.getAttribute('data-before')).toBe('2023-06-15');
    expect(await dates.getAttribute('data-after')).toBe('2024-03-20');
    expect(await dates.textContent()).toMatch(/前时相\s*2023-06-15\s*后时相\s*2024-03-20/);
    await compareIdle();
    expect(await page.locator('.compare .stamp.left').textContent()).toBe('前时相 2023-06-15');
    expect(await page.locator('.compare .stamp.right').textContent()).toBe('后时相 2024-03-20');
    expect(tileRequests).toContain('dom-2023');
    expect(tileRequests).toContain('dom-2024');
    // The swipe sits in the middle: before on the left, after on the right.
    expect(near(await colourAt(0.2, 0.7), GREEN)).toBe(true);
    expect(near(await colourAt(0.8, 0.7), ORANGE)).toBe(true);
  });

  it('outlines the patch on top of both images, framed on it', async () => {
    const outlined = await page.evaluate(() => {
      const maps = (window as unknown as { __compare: import('maplibre-gl').Map[] }).__compare;
      return maps.map((m) => m.queryRenderedFeatures({ layers: ['outline'] }).length);
    });
    expect(outlined[0]).toBeGreaterThan(0);
    expect(outlined[1]).toBeGreaterThan(0);
    // The outline is the top layer on both maps.
    const top = await page.evaluate(() => (window as unknown as { __compare: import('maplibre-gl').Map[] }).__compare.map((m) => m.getStyle().layers.at(-1)?.id));
    expect(top).toEqual(['outline', 'outline']);
    // P-3 is a 0.0006° square at 119.795, 28.915: its middle is in the middle of the view.
    const center = await page.evaluate(() => (window as unknown as { __compare: import('maplibre-gl').Map[] }).__compare[0].getCenter().toArray());
    expect(center[0]).toBeCloseTo(119.7953, 4);
    expect(center[1]).toBeCloseTo(28.9153, 4);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-imagery-compare.png') });
  });

  it('swaps the sides with S and frames the patch again with F', async () => {
    await page.locator('.current h3').click();
    await page.keyboard.press('s');
    await page.locator('.compare[data-swapped="true"]').waitFor();
    expect(await page.locator('.compare .stamp.left').textContent()).toBe('后时相 2024-03-20');
    await compareIdle();
    expect(near(await colourAt(0.2, 0.7), ORANGE)).toBe(true);
    expect(near(await colourAt(0.8, 0.7), GREEN)).toBe(true);
    await page.evaluate(() => (window as unknown as { __compare: import('maplibre-gl').Map[] }).__compare[0].jumpTo({ center: [119.81, 28.9] }));
    await page.keyboard.press('f');
    const center = await page.evaluate(() => (window as unknown as { __compare: import('maplibre-gl').Map[] }).__compare[1].getCenter().toArray());
    expect(center[0]).toBeCloseTo(119.7953, 4);
    await page.keyboard.press('s');
    await page.locator('.compare[data-swapped="false"]').waitFor();
  });

  it('follows the queue: the next patch is framed with its own outline', async () => {
    await page.keyboard.press('ArrowRight');
    await page.locator('.current[data-id="P-2"]').waitFor();
    await compareIdle();
    // P-2 is a 0.0005° square at 119.81, 28.905.
    const center = await page.evaluate(() => (window as unknown as { __compare: import('maplibre-gl').Map[] }).__compare[0].getCenter().toArray());
    expect(center[0]).toBeCloseTo(119.81025, 4);
    expect(center[1]).toBeCloseTo(28.90525, 4);
  });
});

describe('GCJ-02 imagery (Gaode-style tiles) lines up with the vectors', () => {
  // Two spots inside P-3, in WGS 84. The fake provider draws a black square at each spot's
  // GCJ-02 position, as Gaode's tiles show the ground there; the viewer must move them back.
  const SPOTS: [number, number][] = [
    [119.79515, 28.91515],
    [119.79545, 28.91545],
  ];

  async function gcjTile(z: number, x: number, y: number): Promise<Buffer> {
    const raw = Buffer.alloc(256 * 256 * 3, 255);
    for (const spot of SPOTS) {
      const [gx, gy] = lonLatToPixel(...(gcoord.transform(spot, gcoord.WGS84, gcoord.GCJ02) as [number, number]), z);
      const [cx, cy] = [Math.round(gx - x * 256), Math.round(gy - y * 256)];
      for (let py = cy - 5; py <= cy + 5; py++) {
        for (let px = cx - 5; px <= cx + 5; px++) if (px >= 0 && py >= 0 && px < 256 && py < 256) raw.fill(0, (py * 256 + px) * 3, (py * 256 + px) * 3 + 3);
      }
    }
    return sharp(raw, { raw: { width: 256, height: 256, channels: 3 } }).png().toBuffer();
  }

  it('draws each spot where the WGS 84 outline says it is, on both sides', async () => {
    const gcjPage = await harness.browser.newPage({ viewport: { width: 1366, height: 820 } });
    gcjPage.on('pageerror', (e) => console.error('page error:', e.message));
    await gcjPage.route('**/api/imagery', (route) =>
      route.fulfill({
        json: ['2023-05-01', '2024-03-05'].map((date, i) => ({
          name: `gaode-${i}`, date, bounds: [119.7, 28.8, 119.9, 29.0], minzoom: 3, maxzoom: 19, source: 'xyz', crs: 'GCJ02',
          tiles: [`/gcj/${i}/{z}/{x}/{y}.png`], attribution: '© test',
        })),
      }),
    );
    await gcjPage.route('**/gcj/*/*/*/*.png', async (route) => {
      const [, , , z, x, y] = new URL(route.request().url()).pathname.replace('.png', '').split('/').map(Number);
      return route.fulfill({ body: await gcjTile(z, x, y), contentType: 'image/png' });
    });
    await gcjPage.addInitScript(([key, value]) => localStorage.setItem(key, value), [TOKEN_STORAGE_KEY, await login(harness.url, USER)]);
    await gcjPage.goto(harness.url + '/');
    await gcjPage.locator('.compare').waitFor();
    const prev = page;
    page = gcjPage;
    try {
      await compareIdle();
      await gcjPage.screenshot({ path: join(SCREENSHOTS, 'zh-imagery-gcj02.png') });
      const png = await gcjPage.screenshot();
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      const box = (await gcjPage.locator('.compare').boundingBox())!;
      for (const [i, spot] of SPOTS.entries()) {
        const p = await gcjPage.evaluate(([k, s]) => (window as unknown as { __compare: import('maplibre-gl').Map[] }).__compare[k].project(s as [number, number]), [i, spot] as const);
        const at = ((Math.round(box.y + p.y) * info.width + Math.round(box.x + p.x)) * info.channels);
        // Black within a pixel or two of where the vectors put the spot.
        expect(data[at] + data[at + 1] + data[at + 2], `spot ${i} at ${p.x.toFixed(1)}, ${p.y.toFixed(1)}`).toBeLessThan(120);
      }
    } finally {
      page = prev;
      await gcjPage.close();
    }
  });
});
