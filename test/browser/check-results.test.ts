// After the three checks ran on the real service, the map colours what they found and the popup
// says it in words. Expected results, worked out from fixture.ts and docs/spec/checks.md:
// - fire lane F-1 (4 m wide, y = 28.90008) runs through ledger records L-1 and L-3 (28.9–28.9004;
//   L-3 is permitted but still stands in the lane): both block it; L-2 is demolished and does not;
// - patch P-1 lies inside demolished record L-2 and on no permit: `rebuilt`; P-2, P-3, P-4 touch nothing: `new`;
// - demand D-1 is ~190 m from station S-1 (radius 1500 m): covered; D-2 is ~2.2 km away: not covered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, startHarness, waitForMapIdle, renderedProps, type Harness } from './harness.ts';
import { ADMIN, CLICK_TARGET } from './fixture.ts';

let harness: Harness;
let page: Page;

async function runCheck(url: string, token: string, check: string): Promise<void> {
  const started = await fetch(`${url}/api/checks/${check}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (started.status !== 202) throw new Error(`POST /api/checks/${check} answered ${started.status}: ${await started.text()}`);
  const { id } = (await started.json()) as { id: number };
  // Waits on the run's state; the test timeout bounds it.
  for (;;) {
    const run = (await (await fetch(`${url}/api/checks/runs/${id}`)).json()) as { status: string; error?: string };
    if (run.status === 'done') return;
    if (run.status === 'failed') throw new Error(`${check} check failed: ${run.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  harness = await startHarness();
  await mkdir(SCREENSHOTS, { recursive: true });
  const login = await fetch(`${harness.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: ADMIN.name, password: ADMIN.password }),
  });
  const { token } = (await login.json()) as { token: string };
  for (const check of ['patches', 'fire', 'coverage']) await runCheck(harness.url, token, check);
  page = await harness.browser.newPage({ viewport: { width: 1366, height: 820 } });
  await page.goto(harness.url + '/');
  await waitForMapIdle(page);
});

afterAll(async () => {
  await harness?.close();
});

describe('check results on the map', () => {
  it('outlines the ledger record that blocks the fire lane, and colours the lane as blocked', async () => {
    expect(await renderedProps(page, 'ledger-danger', 'blocked')).toEqual([
      ['L-1', true],
      ['L-3', true],
    ]);
    expect(await renderedProps(page, 'fire-lanes-line', 'blocked')).toEqual([['F-1', true]]);
  });

  it('classes the patches', async () => {
    expect(await renderedProps(page, 'patches-fill', 'class')).toEqual([
      ['P-1', 'rebuilt'],
      ['P-2', 'new'],
      ['P-3', 'new'],
      ['P-4', 'new'],
    ]);
  });

  it('marks covered and uncovered demand and the station load', async () => {
    expect(await renderedProps(page, 'demand-circle', 'covered')).toEqual([['D-1', true]]);
    expect(await renderedProps(page, 'demand-fill', 'covered')).toEqual([['D-2', false]]);
    const [[id, utilization]] = await renderedProps(page, 'stations-circle', 'utilization');
    expect(id).toBe('S-1');
    expect(typeof utilization).toBe('number');
  });

  it('says in the popup that the record blocks the fire lane', async () => {
    const { x, y } = await page.evaluate(([lo, la]) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.project([lo, la]), [CLICK_TARGET.lon, CLICK_TARGET.lat]);
    const canvas = await page.locator('.maplibregl-canvas').boundingBox();
    await page.mouse.click(canvas!.x + x, canvas!.y + y);
    const popup = page.locator('.maplibregl-popup .gt-popup');
    await popup.waitFor();
    expect(await popup.locator('h3').textContent()).toBe('违建台账 L-1');
    expect(await popup.locator('.gt-popup-checks').textContent()).toContain('占用消防车道');
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-check-results.png') });
  });
});
