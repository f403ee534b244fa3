// GET /style.json is a valid MapLibre Style Spec v8 document (checked by the spec's own
// validator), built from the viewer's layer groups, with every URL on this service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { layerGroups } from '../../viewer/src/lib/style.ts';
import { LEDGER_STATUS } from '../../viewer/src/lib/colors.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
beforeAll(async () => {
  store = await Store.open(':memory:');
  ({ app } = await createApp(store, { trustProxy: true }));
});
afterAll(() => store.close());

const urls = (v: unknown): string[] =>
  typeof v === 'string' ? (/^[a-z]+:\/\//i.test(v) ? [v] : []) : v && typeof v === 'object' ? Object.values(v).flatMap(urls) : [];

describe('/style.json', () => {
  it('validates against the Style Spec', async () => {
    const style = await (await app.request('http://gis.example:8787/style.json')).json();
    expect(style.version).toBe(8);
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('has the viewer layers and colours, and absolute tile URLs on this service only', async () => {
    const style = await (await app.request('http://gis.example:8787/style.json')).json();
    const viewerIds = layerGroups().flatMap((g) => g.layers.map((l) => l.id)).filter((id) => id !== 'landfills-setback');
    expect(style.layers.map((l: { id: string }) => l.id)).toEqual(['background', ...viewerIds]);
    expect(style.sources.groundtruth.tiles[0]).toMatch(/^http:\/\/gis\.example:8787\/tiles\/[a-z_,]+\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
    for (const u of urls(style.sources)) expect(u.startsWith('http://gis.example:8787/')).toBe(true);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    const ledger = style.layers.find((l: { id: string }) => l.id === 'ledger-fill');
    expect(JSON.stringify(ledger.paint['fill-color'])).toContain(LEDGER_STATUS.entries[0].color);
    expect(ledger.metadata['groundtruth:title']).toEqual({ zh: '违建台账', en: 'Illegal-building ledger' });
  });

  it('keeps a proxy path prefix in the tile URL', async () => {
    const res = await app.request('http://127.0.0.1/style.json', { headers: { 'x-forwarded-host': 'gis.example', 'x-forwarded-proto': 'https', 'x-forwarded-prefix': '/gt' } });
    const style = await res.json();
    expect(style.sources.groundtruth.tiles[0]).toMatch(/^https:\/\/gis\.example\/gt\/tiles\//);
  });
});
