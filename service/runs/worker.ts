// A check in its own thread, so that the server keeps answering (and streaming progress) while
// a long check computes. Messages: in { check, data, params }; out progress / done / failed.
import { parentPort, workerData } from 'node:worker_threads';
import { runEngine } from './engine.ts';

const { check, data, params } = workerData;
try {
  let last = 0;
  const doc = runEngine(check, data, params, (done, total) => {
    const now = Date.now();
    if (now - last > 100 || done === total) {
      last = now;
      parentPort!.postMessage({ type: 'progress', done, total });
    }
  });
  parentPort!.postMessage({ type: 'done', doc });
} catch (err) {
  parentPort!.postMessage({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
}
