// What every browser test needs: Debian's chromium (failing loudly when it is missing), the
// built viewer, and the real service on a free port with the small test county loaded.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeCounty, USERS } from './fixture.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const VIEWER_DIST = fileURLToPath(new URL('../../viewer/dist', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

/** These render WebGL2 through SwiftShader in headless Debian chromium. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--ignore-gpu-blocklist',
];

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `browser tests need Debian chromium at ${CHROMIUM} and CJK fonts; install them with ` +
        '`scripts/ensure-chromium.sh` (runs `apt-get install -y chromium fonts-noto-cjk`)',
    );
  }
  if (!existsSync(join(VIEWER_DIST, 'index.html'))) {
    throw new Error(`no built viewer at ${VIEWER_DIST}; run \`npm run build:viewer\` (vite build --config viewer/vite.config.ts) first`);
  }
}

export interface Harness {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** `readsNeedAuth` closes every read to visitors without a token, as `serve --reads-need-auth`. */
export async function startHarness({ readsNeedAuth = false }: { readsNeedAuth?: boolean } = {}): Promise<Harness> {
  requireChromium();
  const dir = await mkdtemp(join(tmpdir(), 'groundtruth-browser-'));
  // Imported here, not at the top, so a missing chromium is reported before any service error.
  const { Store } = await import('../../service/store/index.ts');
  const { loadDataset } = await import('../../service/datasets/load.ts');
  const { startServer } = await import('../../service/server.ts');
  const store = await Store.open(join(dir, 'test.duckdb'));
  const loaded = await loadDataset(store, await writeCounty(join(dir, 'county')));
  const failed = loaded.layers.filter((l) => !l.committed);
  if (failed.length) throw new Error(`test county did not load: ${JSON.stringify(failed.map((l) => l.problems))}`);
  for (const u of USERS) await store.users.add(u.name, u.role, u.password);
  const server = await startServer({ store, port: 0, viewerDist: VIEWER_DIST, readsNeedAuth });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
      store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the viewer has fetched the layer list, fitted the map and drawn every tile. */
export async function waitForMapIdle(page: Page): Promise<void> {
  await page.waitForSelector('.maplibregl-map[data-data-loaded="true"]');
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
        if (map.loaded() && map.areTilesLoaded() && !map.isMoving()) resolve();
        else map.once('idle', () => resolve());
      }),
  );
}

/** [id, property] of the features one style layer draws, sorted by id. */
export function renderedProps(page: Page, layerId: string, prop: string): Promise<[string, unknown][]> {
  return page.evaluate(
    ([id, p]) => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      const seen = new Map<string, unknown>();
      for (const f of map.queryRenderedFeatures({ layers: [id] })) seen.set(String(f.properties.id), f.properties[p]);
      return [...seen.entries()].sort();
    },
    [layerId, prop],
  );
}
