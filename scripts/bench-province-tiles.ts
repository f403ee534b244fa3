// What the per-request version check of result tiles costs a province node: the sample county in
// a throwaway cluster with a patches and a fire run, then warm tiles (already in the node's tile
// cache) requested in a loop through the app: a layer with results (the layer versions and the
// newest runs and verdict read per request, two statements) against a layer without (the layer
// versions only), plus each statement alone and the 304 answer to a conditional request.
//   tsx scripts/bench-province-tiles.ts [--requests 1200]
import { Command } from 'commander';
import { loadavg } from 'node:os';
import { startPgCluster } from '../test/kit/pg-cluster.ts';
import { PgStore } from '../service/store/pg/index.ts';
import { Q } from '../service/store/pg/queries.ts';
import { Store } from '../service/store/index.ts';
import { loadDataset } from '../service/datasets/load.ts';
import { CheckRunner } from '../service/runs/runner.ts';
import { runDocument } from '../service/runs/persist.ts';
import type { CheckName } from '../service/checks/registry/index.ts';
import { lonLatToTile } from '../service/tiles/index.ts';
import { loadDatasetPg } from '../service/province/load-dataset.ts';
import { createProvinceApp } from '../service/province/app.ts';
import { createRun, saveRunPg } from '../service/province/runs.ts';
import { TILE_RUNS } from '../service/province/tile-queries.ts';

const opts = new Command().option('--requests <n>', 'requests per measure', '1200').parse().opts<{ requests: string }>();
const REQUESTS = Number(opts.requests);
const A = '330723';

const cluster = await startPgCluster();
const store = await PgStore.open(cluster.url, { max: 4 });
try {
  await loadDatasetPg(store, 'data/sample', { county: A });
  const { app } = await createProvinceApp(store, {});
  // Real results to join: the DuckDB edition's documents stored as this county's runs.
  const duck = await Store.open(':memory:');
  await loadDataset(duck, 'data/sample');
  const runner = await CheckRunner.create(duck);
  for (const check of ['patches', 'fire'] as CheckName[]) {
    const { id, finished } = await runner.start(check, {}, null);
    await finished;
    const run = await createRun(store.pool, A, null, check, {}, null);
    await saveRunPg(store.pool, A, run, check, (await runDocument(duck, id))!, {});
  }
  await runner.close();
  const [patch] = await duck.query('patches', { limit: 1 });
  await duck.close();
  const { x, y } = lonLatToTile((patch.bbox[0] + patch.bbox[2]) / 2, (patch.bbox[1] + patch.bbox[3]) / 2, 14);

  const path = (layer: string) => `/c/${A}/tiles/${layer}/14/${x}/${y}.mvt`;
  const etags: Record<string, string> = {};
  for (const layer of ['patches', 'ledger', 'footprints']) {
    const res = await app.request(path(layer));
    await res.arrayBuffer();
    etags[layer] = res.headers.get('etag')!;
    // Footprints' columns are read in the background after the first tile: wait for them.
    await new Promise((r) => setTimeout(r, 2000));
  }

  const get = (layer: string, headers: Record<string, string> = {}) => async () => {
    const res = await app.request(path(layer), { headers });
    if (res.headers.get('x-cache') === 'miss' && res.status === 200) throw new Error(`${layer}: not warm`);
    await res.arrayBuffer();
  };
  const measures: Record<string, () => Promise<unknown>> = {
    'warm tile, footprints (layer versions only)': get('footprints'),
    'warm tile, patches (versions + runs and verdict)': get('patches'),
    'warm tile, ledger (versions + runs and verdict)': get('ledger'),
    '304, footprints': get('footprints', { 'if-none-match': etags.footprints }),
    '304, patches': get('patches', { 'if-none-match': etags.patches }),
    'statement: layer versions (metaAll)': () => store.reads.query(Q.metaAll.sql, [A]),
    'statement: newest runs and verdict (tileRuns)': () => store.reads.query(TILE_RUNS.sql, [A]),
  };
  const results = new Map<string, number[]>(Object.keys(measures).map((k) => [k, []]));
  // Round robin, one request of each measure at a time, so that the machine's other load falls
  // on every measure alike.
  for (let i = 0; i < REQUESTS; i++) {
    for (const [label, fn] of Object.entries(measures)) {
      const t = performance.now();
      await fn();
      results.get(label)!.push(performance.now() - t);
    }
  }
  const q = (ms: number[], p: number) => [...ms].sort((a, b) => a - b)[Math.floor(p * (ms.length - 1))];
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${REQUESTS} requests each; tile 14/${x}/${y}`);
  console.log('| measure | mean ms | p50 ms | p95 ms |\n|---|---|---|---|');
  for (const [label, ms] of results) {
    const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
    console.log(`| ${label} | ${mean.toFixed(3)} | ${q(ms, 0.5).toFixed(3)} | ${q(ms, 0.95).toFixed(3)} |`);
  }
} finally {
  await store.close();
  await cluster.stop();
}
