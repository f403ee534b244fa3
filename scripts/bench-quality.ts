// Times the quality check through the service on a dataset directory: load it into a fresh
// store, then run the check as a stored run (read layers from DuckDB, compute, save rows and the
// document) a few times. CPU seconds beside wall seconds: on a shared machine the wall clock also
// counts other work. The engine runs in this thread (GROUNDTRUTH_INLINE_CHECKS=1) so that its
// CPU is counted; the service normally runs it in a worker thread.
//   npx tsx scripts/bench-quality.ts [--dir data/sample] [--runs 3]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Store } from '../service/store/index.ts';
import { loadDataset } from '../service/datasets/load.ts';
import { CheckRunner } from '../service/runs/runner.ts';

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'data/sample' }, runs: { type: 'string', default: '3' } } });
process.env.GROUNDTRUTH_INLINE_CHECKS = '1';
const tmp = await mkdtemp(join(tmpdir(), 'bench-quality-'));
const store = await Store.open(join(tmp, 'bench.duckdb'));
try {
  const t0 = performance.now();
  await loadDataset(store, values.dir!, {});
  console.log(`loaded ${values.dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const runner = await CheckRunner.create(store);
  console.log('run  wall s  cpu s  findings');
  for (let k = 1; k <= Number(values.runs); k++) {
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    const { finished } = await runner.start('quality', {}, 'bench');
    const doc = (await finished) as { findings: unknown[] };
    const cpu = process.cpuUsage(cpu0);
    console.log(`${k}    ${((performance.now() - w0) / 1000).toFixed(2).padStart(6)}  ${((cpu.user + cpu.system) / 1e6).toFixed(2).padStart(5)}  ${doc.findings.length}`);
  }
} finally {
  store.close();
  await rm(tmp, { recursive: true, force: true });
}
