// Figures for the report, against a running service with the sample county (serve-sample.ts):
// time from page open to the first map `idle`, and the verdict round trip (key press → saved and
// the next patch shown) over N patches. Usage:
//   npx tsx test/browser/tools/measure-viewer.ts http://127.0.0.1:PORT [N]
// It signs in as the user "inspector" (password pw-inspector) and runs the patches check first
// when there is no result yet. The verdicts it gives stay in that (temporary) database.
import { chromium } from 'playwright-core';
import { CHROMIUM, SCREENSHOTS as SHOTS, waitForMapIdle } from '../harness.ts';

const url = process.argv[2];
const n = Number(process.argv[3] ?? 10);
if (!url) throw new Error('usage: measure-viewer.ts <service url> [verdicts]');
const ARGS = ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });

async function openToIdle(): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  const t0 = Date.now();
  await page.goto(url + '/');
  await waitForMapIdle(page);
  const ms = Date.now() - t0;
  await page.close();
  return ms;
}

const idle: number[] = [];
for (let i = 0; i < 3; i++) idle.push(await openToIdle());
console.log('page open → first map idle (ms), 3 cold pages:', idle.join(', '));

const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'inspector', password: 'pw-inspector' }) });
const { token } = (await login.json()) as { token: string };
const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
await page.addInitScript((t) => localStorage.setItem('groundtruth.token', t), token);
await page.goto(url + '/');
await page.locator('.user').waitFor();
if (await page.locator('.review .no-run').count()) await page.locator('.run-check button').click();
await page.locator('.queue li').first().waitFor({ timeout: 120_000 });
await page.locator('.current h3').click();
const trips: number[] = [];
for (let i = 0; i < n; i++) {
  const before = await page.locator('.current').getAttribute('data-id');
  const t0 = Date.now();
  await page.keyboard.press(String((i % 3) + 1));
  await page.waitForFunction((id) => document.querySelector('.current')?.getAttribute('data-id') !== id, before);
  await page.locator('.saving').waitFor({ state: 'detached' });
  trips.push(Date.now() - t0);
}
trips.sort((a, b) => a - b);
console.log(`verdict round trip (ms) over ${n}: median ${trips[Math.floor(n / 2)]}, min ${trips[0]}, max ${trips[n - 1]}`);
await page.screenshot({ path: `${SHOTS}/sample-review.png` });

// One look at each other work space on the sample county, as the role that works there.
for (const [user, workspace, ready] of [
  ['enforcer', 'teardown', 'table.rows tbody tr[data-id]'],
  ['planner', 'facilities', '.facilities table, .facilities .no-run'],
] as const) {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: user, password: `pw-${user}` }) });
  const t = ((await r.json()) as { token: string }).token;
  const p = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  await p.addInitScript((tk) => localStorage.setItem('groundtruth.token', tk), t);
  await p.goto(url + '/');
  await p.locator('.user').waitFor();
  await p.locator(`[role=tab][data-workspace=${workspace}]`).click();
  const t0 = Date.now();
  await p.locator(ready).first().waitFor({ timeout: 60_000 });
  console.log(`${workspace} ready after ${Date.now() - t0} ms`);
  await p.waitForTimeout(1500);
  await p.screenshot({ path: `${SHOTS}/sample-${workspace}.png` });
  await p.close();
}
await browser.close();
