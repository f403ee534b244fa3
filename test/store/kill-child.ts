// Child process of kill.test.ts: loads a second version of `footprints` into the database named
// on the command line, forever, telling the parent (stdout) once it is well under way.
import { Store } from '../../service/store/index.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';
import { square } from '../helpers.ts';

const store = await Store.open(process.argv[2]);
async function* endless(): AsyncGenerator<LayerFeature> {
  for (let i = 0; ; i++) {
    if (i === 50_000) process.stdout.write('staging\n');
    yield { index: i, geometry: square(119.7 + (i % 1000) * 0.0002, 28.8 + Math.floor(i / 1000) * 0.0002), props: { id: `NEW${i}` }, extra: {} };
  }
}
await store.load('footprints', endless(), { file: 'endless', layer: 'footprints', read: 0, loaded: 0, rejected: 0, repaired: 0, problems: [] });
