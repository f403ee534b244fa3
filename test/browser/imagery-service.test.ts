// The compare on imagery the service itself holds: two GeoTIFFs in EPSG:4549 (the county's
// Gauss-Krüger zone), uploaded through PUT /api/imagery, reprojected to Web Mercator tiles by the
// service and shown in the review queue on either side of the swipe.
// Before = green, 2023-06-15; after = orange, 2024-03-20. P-3 (detected 2024-03-01, no before_on)
// gets the latest image before its detection and the first one on or after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import proj4 from 'proj4';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, startHarness, waitForMapIdle, type Harness } from './harness.ts';
import { ADMIN, USER } from './fixture.ts';
import { TOKEN_STORAGE_KEY } from './session.ts';
import { login, runCheckToEnd } from './service-calls.ts';
import { geoTiff } from '../imagery/make-tiff.ts';
import { gaussKrugerZone } from '../../service/geo/gauss-kruger.ts';

const GREEN: [number, number, number] = [34, 139, 34];
const ORANGE: [number, number, number] = [230, 140, 30];

let harness: Harness;
let page: Page;

/** A solid image over the whole hand-made county, 20 m pixels, in EPSG:4549. */
function countyImage(colour: [number, number, number]): Buffer {
  const toGk = proj4('WGS84', gaussKrugerZone(4549)!.proj4);
  const [x0, y0] = toGk.forward([119.77, 28.94]);
  const [x1, y1] = toGk.forward([119.85, 28.87]);
  const res = 20;
  return geoTiff({ width: Math.ceil((x1 - x0) / res), height: Math.ceil((y0 - y1) / res), originX: x0, originY: y0, res, epsg: 4549, paint: () => colour });
}

beforeAll(async () => {
  harness = await startHarness();
  await mkdir(SCREENSHOTS, { recursive: true });
  const admin = await login(harness.url, ADMIN);
  await runCheckToEnd(harness.url, admin, 'patches');
  for (const [name, date, colour] of [['dom-2023', '2023-06-15', GREEN], ['dom-2024', '2024-03-20', ORANGE]] as const) {
    const res = await fetch(`${harness.url}/api/imagery/${name}?date=${date}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'image/tiff' },
      body: new Uint8Array(countyImage([...colour])),
    });
    if (!res.ok) throw new Error(`PUT imagery ${name}: ${res.status} ${await res.text()}`);
  }
  page = await harness.browser.newPage({ viewport: { width: 1366, height: 820 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [TOKEN_STORAGE_KEY, await login(harness.url, USER)]);
  await page.goto(harness.url + '/');
  await waitForMapIdle(page);
});

afterAll(async () => {
  await harness?.close();
});

async function colourAt(fx: number, fy: number): Promise<[number, number, number]> {
  const box = (await page.locator('.compare').boundingBox())!;
  const { data, info } = await sharp(await page.screenshot()).raw().toBuffer({ resolveWithObject: true });
  const i = (Math.round(box.y + fy * box.height) * info.width + Math.round(box.x + fx * box.width)) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}
const near = (a: number[], b: number[]) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) < 40;

describe('imagery compare on the service own tiles', () => {
  it('shows both dates either side of the swipe, the patch outline on top', async () => {
    await page.locator('.current[data-id="P-3"]').waitFor();
    const dates = page.locator('.current .image-dates');
    await dates.waitFor();
    expect(await dates.getAttribute('data-before')).toBe('2023-06-15');
    expect(await dates.getAttribute('data-after')).toBe('2024-03-20');
    await page.waitForFunction(() => {
      const maps = (window as unknown as { __compare?: import('maplibre-gl').Map[] }).__compare;
      return !!maps && maps.every((m) => m.loaded() && m.areTilesLoaded() && !m.isMoving() && !!m.getSource('img'));
    });
    expect(near(await colourAt(0.2, 0.7), GREEN)).toBe(true);
    expect(near(await colourAt(0.8, 0.7), ORANGE)).toBe(true);
    const top = await page.evaluate(() => (window as unknown as { __compare: import('maplibre-gl').Map[] }).__compare.map((m) => m.getStyle().layers.at(-1)?.id));
    expect(top).toEqual(['outline', 'outline']);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-imagery-compare-service.png') });
  });
});
