// Map tools in chromium: the measuring tool (length and area, figures in words, no popups while
// measuring) and Chinese that really renders (its glyphs are neither the fallback box nor all
// alike). Expected figures come from the points the map itself puts under the clicks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, startHarness, waitForMapIdle, type Harness } from './harness.ts';
import { CLICK_TARGET } from './fixture.ts';
import { pathLength, ringArea } from '../../viewer/src/lib/measure.ts';

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

async function canvasBox() {
  const box = await page.locator('.maplibregl-canvas').boundingBox();
  if (!box) throw new Error('no map canvas');
  return box;
}

/** Clicks at canvas pixels and returns the lon/lat the map has there. */
async function clickPixels(pixels: [number, number][], last: 'click' | 'dblclick') {
  const box = await canvasBox();
  const lonLats: [number, number][] = [];
  for (const [i, [x, y]] of pixels.entries()) {
    if (i === pixels.length - 1 && last === 'dblclick') await page.mouse.dblclick(box.x + x, box.y + y);
    else await page.mouse.click(box.x + x, box.y + y);
    await page.waitForTimeout(350);
    lonLats.push(await page.evaluate(([px, py]) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.unproject([px, py]).toArray() as [number, number], [x, y]));
  }
  return lonLats;
}

const tool = () => page.locator('.measure');

describe('measuring tool', () => {
  it('measures a two-leg path in metres, in Chinese, without opening popups', async () => {
    await page.locator('[data-measure=length]').click();
    // The last point sits on ledger record L-1: measuring must not open its popup.
    const target = await page.evaluate(([lo, la]) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.project([lo, la]), [CLICK_TARGET.lon, CLICK_TARGET.lat]);
    const points = await clickPixels([[300, 300], [500, 320], [target.x, target.y]], 'dblclick');
    await page.locator('.measure[data-points="3"]').waitFor();
    const shown = Number(await tool().getAttribute('data-length'));
    expect(shown).toBeGreaterThan(0);
    // Within a tenth of a percent: the mouse lands on whole pixels (~5 m here).
    expect(Math.abs(shown - pathLength(points)) / shown).toBeLessThan(1e-3);
    const text = await tool().locator('.figure').textContent();
    expect(text).toMatch(/^长度 [\d,.]+ (米|公里)$/);
    expect(await page.locator('.maplibregl-popup').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-measure-length.png') });
  });

  it('measures an area with its perimeter, and says it in English', async () => {
    await page.locator('[data-measure=area]').click();
    const points = await clickPixels([[350, 250], [650, 250], [650, 500], [350, 500]], 'dblclick');
    await page.locator('.measure[data-points="4"]').waitFor();
    expect(Number(await tool().getAttribute('data-area'))).toBeCloseTo(ringArea(points), 0);
    await page.locator('button.lang').click();
    expect(await tool().locator('.figure').textContent()).toMatch(/^Area [\d,.]+ (m²|ha)$/);
    expect(await tool().locator('.result').textContent()).toMatch(/Perimeter [\d,.]+ (m|km)/);
    await page.screenshot({ path: join(SCREENSHOTS, 'en-measure-area.png') });
    await page.locator('button.lang').click();
  });

  it('takes a point back with Backspace and leaves with Esc, then clicks open popups again', async () => {
    await page.keyboard.press('Backspace');
    await page.locator('.measure[data-points="3"]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.measure[data-mode=""]').waitFor();
    const target = await page.evaluate(([lo, la]) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.project([lo, la]), [CLICK_TARGET.lon, CLICK_TARGET.lat]);
    const box = await canvasBox();
    await page.mouse.click(box.x + target.x, box.y + target.y);
    await page.locator('.maplibregl-popup').waitFor();
  });
});

describe('Chinese text', () => {
  /** Raw RGBA of an element's screenshot, with its size. */
  async function pixels(selector: string) {
    const png = await page.locator(selector).screenshot();
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  }

  /** Share of pixels that differ between two same-sized crops. */
  function difference(a: { data: Buffer; width: number; height: number }, b: { data: Buffer; width: number; height: number }): number {
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    let differ = 0;
    for (let i = 0; i < a.data.length; i += 4) {
      if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) > 60) differ++;
    }
    return differ / (a.width * a.height);
  }

  it('draws the tab label 卫片核查 with real glyphs, not fallback boxes', async () => {
    // Copies of the review tab, same style, holding: the label itself, four characters no font
    // has (U+0378 is unassigned, so it is always the fallback box), and one character repeated.
    await page.evaluate(() => {
      const tab = document.querySelector<HTMLElement>('[role=tab][data-workspace=review]')!;
      const strip = document.createElement('div');
      strip.className = 'glyph-strip';
      strip.style.cssText = 'position:fixed;left:0;bottom:0;z-index:99;display:flex;flex-direction:column;background:#1e293b';
      for (const [name, text] of [['label', '卫片核查'], ['boxes', '\u0378\u0378\u0378\u0378'], ['same', '卫卫卫卫']]) {
        const copy = tab.cloneNode() as HTMLElement;
        copy.textContent = text;
        copy.dataset.copy = name;
        copy.removeAttribute('role');
        copy.style.cssText += ';width:120px;height:32px;line-height:20px;overflow:hidden;box-sizing:border-box';
        strip.append(copy);
      }
      tab.closest('.tabs')!.append(strip);
    });
    const label = await pixels('[data-copy=label]');
    const boxes = await pixels('[data-copy=boxes]');
    const same = await pixels('[data-copy=same]');
    // With no CJK font every character is the same box: all three crops would be alike.
    expect(difference(label, boxes)).toBeGreaterThan(0.02);
    expect(difference(label, same)).toBeGreaterThan(0.02);
    // And the characters have different widths from the box in the browser's own measure.
    const widths = await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-copy=label]')!;
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = getComputedStyle(el).font;
      return { label: ctx.measureText('卫片核查').width, boxes: ctx.measureText('\u0378\u0378\u0378\u0378').width };
    });
    expect(widths.label).not.toBeCloseTo(widths.boxes, 1);
    await page.evaluate(() => document.querySelector('.glyph-strip')?.remove());
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
