// The check thread: it keeps the columnar layers it was sent (their typed arrays are shared with
// the main thread, not copied) and the engine's features made from them, so a run whose layers
// did not change starts computing at once. Messages in: layer { col }, run { id, check, params,
// layers }; out: progress / done / failed, each with the run id.
import { parentPort } from 'node:worker_threads';
import type { CheckData } from '../checks/index.ts';
import type { LayerName } from '../layers/schema.ts';
import { runEngine } from '../runs/engine.ts';
import type { ColumnarLayer } from './columnar.ts';
import { checkFeatures } from './engine-input.ts';
import type { ToWorker } from './pool.ts';

const layers = new Map<LayerName, ColumnarLayer>();

parentPort!.on('message', (m: ToWorker) => {
  if (m.type === 'layer') {
    layers.set(m.col.layer, m.col);
    return;
  }
  try {
    const data: CheckData = {};
    for (const [layer, version] of Object.entries(m.layers) as [LayerName, number][]) {
      const col = layers.get(layer);
      if (!col || col.version !== version) throw new Error(`check thread has ${layer} version ${col?.version ?? 'none'}, not ${version}`);
      data[layer] = checkFeatures(col);
    }
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
