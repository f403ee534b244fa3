// Serves data/sample (or the folder given as argv[2]) from a temporary database on a free port,
// with one user of each role (password "pw-<role>"), for measuring the viewer by hand:
// `npx tsx test/browser/tools/serve-sample.ts` prints the URL and keeps serving until killed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../../service/store/index.ts';
import { loadDataset } from '../../../service/datasets/load.ts';
import { startServer } from '../../../service/server.ts';
import { VIEWER_DIST } from '../harness.ts';

const data = process.argv[2] ?? fileURLToPath(new URL('../../../data/sample', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'groundtruth-sample-'));
const store = await Store.open(join(dir, 'sample.duckdb'));
await loadDataset(store, data);
for (const role of ['viewer', 'inspector', 'enforcer', 'planner', 'admin'] as const) await store.users.add(role, role, `pw-${role}`);
const server = await startServer({ store, port: Number(process.env.PORT ?? 0), viewerDist: VIEWER_DIST });
console.log(server.url);
// The temporary database goes with the process.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => {
      store.close();
      return rm(dir, { recursive: true, force: true });
    }).finally(() => process.exit(0));
  });
}
