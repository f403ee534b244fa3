// Times reading one layer of a database into the layer cache's columns, and the engine's
// features made from them: npx tsx scripts/bench/read-columns.ts <db> [layer]
import { Store } from '../../service/store/index.ts';
import { LayerCache } from '../../service/layercache/cache.ts';
import { checkFeatures } from '../../service/layercache/engine-input.ts';
import { boxIndex } from '../../service/layercache/box-index.ts';
import type { LayerName } from '../../service/layers/schema.ts';

const store = await Store.open(process.argv[2]);
const layer = (process.argv[3] ?? 'footprints') as LayerName;
const cache = new LayerCache(store);
let t = performance.now();
let cpu = process.cpuUsage();
const lap = (what: string) => {
  const now = performance.now();
  const used = process.cpuUsage(cpu);
  console.log(`${what}: ${((now - t) / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s cpu, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  t = now;
  cpu = process.cpuUsage();
};
const col = await cache.get(layer);
lap(`read ${col.size} ${layer}`);
boxIndex(col);
lap('box index');
checkFeatures(col);
lap('engine features');
store.close();
