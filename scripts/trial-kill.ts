// Kill -9 trials: a child process writes to a DuckDB file — layer imports, or verdicts — and is
// killed with SIGKILL at a random moment; the parent then opens the file and checks that nothing
// committed was lost and that every layer is whole (one load's rows, no mixture, counts in
// layer_meta matching the table). Prints the figures; exits non-zero on any loss.
//   npx tsx scripts/trial-kill.ts [--trials 100] [--db var/trial-kill.duckdb]
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Store } from '../service/store/index.ts';
import { createApp } from '../service/app.ts';
import type { LayerFeature } from '../service/layers/schema.ts';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '100' }, db: { type: 'string', default: 'var/trial-kill.duckdb' } } });
const TRIALS = Number(values.trials);
const DB = values.db!;
const CHILD = new URL('./trial/kill-child.ts', import.meta.url).pathname;
const sizeOf = (gen: number) => 3000 + (gen % 7) * 700;

rmSync(DB, { force: true });
rmSync(`${DB}.wal`, { force: true });
{
  const store = await Store.open(DB);
  await createApp(store); // creates every part's tables
  async function* patches(): AsyncGenerator<LayerFeature> {
    for (let i = 0; i < 200; i++) {
      const s = 0.0001, lon = 119.8 + (i % 20) * 0.001, lat = 28.9 + Math.floor(i / 20) * 0.001;
      yield { index: i, geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + s, lat], [lon + s, lat + s], [lon, lat + s], [lon, lat]]] }, props: { id: `P${i}`, batch: '2024Q1', detected_on: '2024-03-01' }, extra: {} };
    }
  }
  await store.load('patches', patches(), { file: 'patches', layer: 'patches', read: 200, loaded: 0, rejected: 0, repaired: 0, problems: [] });
  store.close();
}

interface Trial { mode: 'imports' | 'verdicts'; committed: string[]; ms: number }

function runChild(mode: Trial['mode'], tag: string): Promise<Trial> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, DB, mode, tag], { stdio: ['ignore', 'pipe', 'pipe'] });
    const committed: string[] = [];
    let buf = '';
    let err = '';
    const delay = 300 + Math.random() * (mode === 'imports' ? 2500 : 1500);
    let started = 0;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line === 'ready') {
          started = Date.now();
          setTimeout(() => child.kill('SIGKILL'), delay);
        } else committed.push(line);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (${code}): ${err.slice(0, 2000)}`));
      resolve({ mode, committed, ms: Date.now() - started });
    });
  });
}

let lost = 0, broken = 0, lastGen: string | null = null, totalCommits = 0, killedMidWrite = 0;
const seqs = new Set<number>();
const t0 = Date.now();
for (let t = 0; t < TRIALS; t++) {
  const mode: Trial['mode'] = t % 2 === 0 ? 'imports' : 'verdicts';
  const trial = await runChild(mode, `T${t}`);
  totalCommits += trial.committed.length;
  const store = await Store.open(DB);
  try {
    await createApp(store); // creates every part's tables // marks interrupted runs, like a restart would
    if (mode === 'imports') {
      const last: string | null = trial.committed.at(-1)?.split(' ')[1] ?? lastGen;
      const rows = await store.all(`SELECT split_part(id, '#', 1) AS gen, count(*) AS n FROM layer_footprints GROUP BY 1`);
      const meta = (await store.layers()).find((l) => l.name === 'footprints')!;
      const total = rows.reduce((s, r) => s + Number(r.n), 0);
      if (rows.length > 1 || total !== meta.count) {
        broken++;
        console.error(`trial ${t}: footprints mixes ${rows.length} loads or count ${total} ≠ meta ${meta.count}`);
      }
      if (rows.length === 1) {
        const gen = rows[0].gen as string;
        const k = Number(gen.split('-')[1]);
        if (Number(rows[0].n) !== sizeOf(k)) {
          broken++;
          console.error(`trial ${t}: generation ${gen} has ${rows[0].n} rows, not ${sizeOf(k)}`);
        }
        // The newest committed load must be there (or one after it that committed just before the kill).
        if (last && gen !== last) {
          const [lt, lk] = last.split('-');
          const [gt, gk] = gen.split('-');
          if (!(gt === lt && Number(gk) === Number(lk) + 1)) {
            lost++;
            console.error(`trial ${t}: expected generation ${last} (or the next), found ${gen}`);
          } else killedMidWrite++;
        }
        lastGen = gen;
      } else if (last) {
        lost++;
      }
    } else {
      for (const line of trial.committed) seqs.add(Number(line.split(' ')[1]));
      const have = new Set((await store.all('SELECT seq FROM patch_verdicts')).map((r) => Number(r.seq)));
      for (const s of seqs) if (!have.has(s)) lost++;
    }
    for (const l of await store.layers()) {
      const [{ n }] = await store.all(`SELECT count(*) AS n FROM "layer_${l.name}"`);
      if (Number(n) !== l.count) {
        broken++;
        console.error(`trial ${t}: ${l.name} has ${n} rows, meta says ${l.count}`);
      }
    }
  } finally {
    store.close();
  }
  process.stderr.write(`\rtrial ${t + 1}/${TRIALS} (${mode}, killed after ${trial.ms} ms, ${trial.committed.length} commits)   `);
}
process.stderr.write('\n');
console.log(JSON.stringify({ trials: TRIALS, commits_acknowledged: totalCommits, verdicts_acknowledged: seqs.size, committed_rows_lost: lost, layers_not_whole: broken, loads_committed_between_ack_and_kill: killedMidWrite, seconds: Math.round((Date.now() - t0) / 1000) }, null, 2));
process.exit(lost || broken ? 1 : 0);
