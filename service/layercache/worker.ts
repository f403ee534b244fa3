// The check thread: it keeps the columnar layers it was sent (their typed arrays are shared with
// the main thread, not copied) and the engine's features made from them, so a run whose layers
// did not change starts computing at once. Messages in: layer { col }, run { id, check, params,
// layers }, warm { id, layers, checks, metricCrs }; out: progress / done / failed, each with the
// run id (a warm answers done without a document).
import { parentPort } from 'node:worker_threads';
import type { CheckData } from '../checks/index.ts';
import type { LayerName } from '../layers/schema.ts';
import { runEngine } from '../runs/engine.ts';
import type { ColumnarLayer } from './columnar.ts';
import { checkFeatures, projectAll } from './engine-input.ts';
import type { ToWorker } from './pool.ts';

const layers = new Map<LayerName, ColumnarLayer>();

function dataOf(versions: Partial<Record<LayerName, number>>): CheckData {
  const data: CheckData = {};
  for (const [layer, version] of Object.entries(versions) as [LayerName, number][]) {
    const col = layers.get(layer);
    if (!col || col.version !== version) throw new Error(`check thread has ${layer} version ${col?.version ?? 'none'}, not ${version}`);
    data[layer] = checkFeatures(col);
  }
  return data;
}

parentPort!.on('message', (m: ToWorker) => {
  if (m.type === 'layer') {
    layers.set(m.col.layer, m.col);
    return;
  }
  try {
    if (m.type === 'warm') {
      // Features and each check's metric projection made ahead of the first run of that version.
      for (const layersOfCheck of m.checks) {
        const data = dataOf(Object.fromEntries(layersOfCheck.map((l) => [l, m.layers[l]!])));
        projectAll(data, m.metricCrs);
      }
      parentPort!.postMessage({ type: 'done', id: m.id, doc: null });
      return;
    }
    const data = dataOf(m.layers);
    let last = 0;
    const doc = runEngine(m.check, data, m.params, (done, total) => {
      const now = Date.now();
      if (now - last > 100 || done === total) {
        last = now;
        parentPort!.postMessage({ type: 'progress', id: m.id, done, total });
      }
    });
    parentPort!.postMessage({ type: 'done', id: m.id, doc });
  } catch (err) {
    parentPort!.postMessage({ type: 'failed', id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
