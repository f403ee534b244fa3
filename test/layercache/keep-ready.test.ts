// A runner that keeps the checks' layers ready reads them once per layer version before any run:
// runs then read nothing from DuckDB, give the documents the GeoJSON path gives, and still report
// a truthful reading phase; a changed layer is read again (once) and used at its new version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { loadDataset, loadLayerFile } from '../../service/datasets/load.ts';
import { loadCheckData } from '../../service/runs/data.ts';
import { runEngine } from '../../service/runs/engine.ts';
import { CheckRunner, type RunProgress } from '../../service/runs/runner.ts';
import { EventHub } from '../../service/events.ts';
import { checkOf } from '../../service/checks/registry/index.ts';
import { resolveParams } from '../../service/checks/index.ts';

const SAMPLE = new URL('../../data/sample/', import.meta.url).pathname;
const CHECKED = ['patches', 'fire', 'coverage'] as const;
// The union of the three checks' layers (docs/spec/checks.md): read once each when kept ready.
const KEPT = new Set(CHECKED.flatMap((c) => checkOf(c).layers));

let store: Store;
let events: EventHub;
let runner: CheckRunner;

/** The document without what the runner adds about empty layers (the sample has no roads). */
function engineFields(doc: object): object {
  const { empty_layers: _e, warnings: _w, ...rest } = doc as Record<string, unknown>;
  return rest;
}

beforeAll(async () => {
  store = await Store.open(':memory:');
  await loadDataset(store, SAMPLE);
  events = new EventHub();
  runner = await CheckRunner.create(store, events);
  runner.keepReady();
  await runner.ready();
}, 600_000);
afterAll(async () => {
  await runner?.close();
  store?.close();
});

describe('layers kept ready', () => {
  it('reads each layer of the three checks once, before any run', () => {
    expect(KEPT.size).toBe(10);
    expect(runner.layers.reads).toBe(KEPT.size);
  });

  it.each(CHECKED)('%s reads nothing and gives the GeoJSON path’s document', async (check) => {
    const before = runner.layers.reads;
    const seen: RunProgress[] = [];
    const off = events.on('run-progress', (p) => seen.push(p));
    const { id, finished } = await runner.start(check, {}, null);
    const doc = await finished;
    off();
    expect(runner.layers.reads).toBe(before);
    const params = resolveParams((await store.datasetParams()) as never);
    expect(engineFields(doc)).toEqual(engineFields(runEngine(check, await loadCheckData(store, check), params)));
    const mine = seen.filter((p) => p.id === id);
    const n = checkOf(check).layers.length;
    // Reading still counts the layers (from memory now), then computing, saving, done.
    expect(mine.filter((p) => p.phase === 'reading').at(-1)).toMatchObject({ done: n, total: n });
    expect([...new Set(mine.map((p) => p.phase))]).toEqual(['reading', 'computing', 'saving', 'done']);
  });

  it('reads a changed layer again, once, and runs on its new version', async () => {
    const before = runner.layers.reads;
    const oldVersion = (await store.versions()).fire_lanes;
    await loadLayerFile(store, `${SAMPLE}fire_lanes.geojson`, { layer: 'fire_lanes' });
    const version = (await store.versions()).fire_lanes;
    expect(version).toBeGreaterThan(oldVersion);
    events.emit('layer-changed', { layer: 'fire_lanes' });
    await new Promise((r) => setTimeout(r, 1500));
    await runner.ready();
    expect(runner.layers.reads).toBe(before + 1);
    expect(runner.layers.peek('fire_lanes', version)).toBeDefined();
    const { finished } = await runner.start('fire', {}, null);
    const doc = await finished;
    expect(runner.layers.reads).toBe(before + 1);
    const params = resolveParams((await store.datasetParams()) as never);
    expect(engineFields(doc)).toEqual(engineFields(runEngine('fire', await loadCheckData(store, 'fire'), params)));
  });
});
