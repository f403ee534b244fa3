// Child of scripts/trial-kill.ts: writes to the database named on the command line forever, and
// prints a line after each commit, so the parent knows what must survive a kill -9.
//   imports: loads `footprints` again and again, each load a generation G<n> of distinct size;
//            prints "committed <gen> <count>" after each load returns.
//   verdicts: decides patches in turn (each naming the verdict it replaces); prints "seq <n>".
import { Store } from '../../service/store/index.ts';
import { decide } from '../../service/review/verdicts.ts';
import { createApp } from '../../service/app.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';

const [db, mode, tag] = process.argv.slice(2);
const store = await Store.open(db);
await createApp(store); // creates every part's tables
process.stdout.write('ready\n');

function square(lon: number, lat: number, s = 0.0001): LayerFeature['geometry'] {
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + s, lat], [lon + s, lat + s], [lon, lat + s], [lon, lat]]] };
}

export const sizeOf = (gen: number) => 3000 + (gen % 7) * 700;

if (mode === 'imports') {
  for (let k = 0; ; k++) {
    const gen = `${tag}-${k}`;
    const n = sizeOf(k);
    async function* features(): AsyncGenerator<LayerFeature> {
      for (let i = 0; i < n; i++) yield { index: i, geometry: square(119.7 + (i % 100) * 0.0002, 28.8 + Math.floor(i / 100) * 0.0002), props: { id: `${gen}#${i}` }, extra: {} };
    }
    const out = await store.load('footprints', features(), { file: gen, layer: 'footprints', read: n, loaded: 0, rejected: 0, repaired: 0, problems: [] });
    if (!out.committed) throw new Error('load not committed');
    process.stdout.write(`committed ${gen} ${n}\n`);
  }
} else {
  const patches = (await store.all(`SELECT batch, id FROM layer_patches ORDER BY id`)) as { batch: string; id: string }[];
  const verdicts = ['legal', 'illegal', 'false_change'] as const;
  for (let k = 0; ; k++) {
    const p = patches[k % patches.length];
    const cur = await store.all(`SELECT max(seq) AS s FROM patch_verdicts WHERE batch = ? AND id = ?`, [p.batch, p.id]);
    const base = cur[0].s === null ? null : Number(cur[0].s);
    const rec = await decide(store, { batch: p.batch, id: p.id, verdict: verdicts[k % 3], note: tag, baseSeq: base, user: 'trial' });
    process.stdout.write(`seq ${rec.seq}\n`);
  }
}
