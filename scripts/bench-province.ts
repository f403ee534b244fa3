// The province edition measured: N generated counties (the sample generator, one seed and county
// code each) imported into a throwaway PostgreSQL cluster, the three checks run on every county
// through POST /api/province/runs and the queue with 1, 2 and 4 worker processes, every county's
// documents compared with the DuckDB edition's, then a kill -9 loop: workers killed mid-run K
// times while runs go on, after which every run must be done with exactly its own rows.
//   npx tsx scripts/bench-province.ts [--counties 12] [--footprints 100000] [--kills 20] [--workers 1,2,4]
// Wall seconds beside CPU seconds of the worker processes and of PostgreSQL (the machine is shared).
import { Command } from 'commander';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { startPgCluster } from '../test/kit/pg-cluster.ts';
import { documentDifferences } from '../test/kit/same-document.ts';
import { PgStore } from '../service/store/pg/index.ts';
import { Store } from '../service/store/index.ts';
import { loadDataset } from '../service/datasets/load.ts';
import { CheckRunner } from '../service/runs/runner.ts';
import { runDocument } from '../service/runs/persist.ts';
import { checkOf, type CheckName } from '../service/checks/registry/index.ts';
import type { AppEnv } from '../service/http/auth.ts';
import { handleError } from '../service/http/errors.ts';
import { migrateRuns, countRunRows, runDocumentPg } from '../service/province/runs.ts';
import { openQueue, type JobPolicy } from '../service/province/queue.ts';
import { ProgressListener, type ProgressMessage } from '../service/province/progress.ts';
import { provinceRunRoutes } from '../service/province/routes.ts';
import { provinceRunStatus } from '../service/province/fanout.ts';
import { loadDatasetPg } from '../service/province/load-dataset.ts';
import { RESULT_TABLES } from '../service/province/schema.ts';

const o = new Command()
  .option('--counties <n>', 'generated counties', '12')
  .option('--footprints <n>', 'footprints per county', '100000')
  .option('--kills <n>', 'kill -9 of a busy worker, in all', '20')
  .option('--workers <list>', 'worker process counts to time', '1,2,4')
  .option('--dir <dir>', 'where the generated counties are kept between runs', 'var/bench-province')
  .parse()
  .opts<{ counties: string; footprints: string; kills: string; workers: string; dir: string }>();

const N = Number(o.counties);
const FOOTPRINTS = Number(o.footprints);
const KILLS = Number(o.kills);
const WORKERS = o.workers.split(',').map(Number);
const CHECKS: CheckName[] = ['patches', 'fire', 'coverage'];
const codes = Array.from({ length: N }, (_, i) => String(330701 + i + Math.floor((i + 1) / 99)));
const TICK = 100; // clock ticks per second in /proc

const say = (line: string) => process.stdout.write(`${line}\n`);
const secs = (t0: number) => (performance.now() - t0) / 1000;

function cpuOf(pid: number, children = false): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime stime cutime cstime are fields 14–17 (1-based), 12–15 after the command.
    return (Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0)) / TICK;
  } catch {
    return 0;
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

// 1. Counties.
const dirs = codes.map((_, i) => join(o.dir, `f${FOOTPRINTS}-s${i}`));
let t0 = performance.now();
for (let i = 0; i < N; i++) {
  if (existsSync(join(dirs[i], 'dataset.json'))) continue;
  await run(process.execPath, ['--import', 'tsx', 'scripts/generate-county.ts', '--out', dirs[i], '--footprints', String(FOOTPRINTS), '--seed', `province-${i}`]);
}
say(`generated ${N} counties of ${FOOTPRINTS} footprints in ${secs(t0).toFixed(1)} s (kept in ${o.dir})`);

// 2. PostgreSQL: import every county.
const cluster = await startPgCluster();
const postmaster = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
const pgCpu = () => cpuOf(postmaster, true);
const store = await PgStore.open(cluster.url);
await migrateRuns(store);
t0 = performance.now();
let c0 = process.cpuUsage();
let p0 = pgCpu();
for (let i = 0; i < N; i++) await loadDatasetPg(store, dirs[i], { county: codes[i] });
const cpuSelf = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1e6;
};
say(`import into PostgreSQL: ${secs(t0).toFixed(1)} s wall, ${cpuSelf(c0).toFixed(1)} cpu s (importer), ${(pgCpu() - p0).toFixed(1)} cpu s (PostgreSQL, closed backends)`);

// 3. The DuckDB edition, county by county, for the comparison (and its time beside).
const reference = new Map<string, unknown>();
t0 = performance.now();
c0 = process.cpuUsage();
let duckCompute = 0;
for (let i = 0; i < N; i++) {
  const duck = await Store.open(':memory:');
  await loadDataset(duck, dirs[i]);
  const runner = await CheckRunner.create(duck);
  for (const check of CHECKS) {
    const t1 = performance.now();
    const { id, finished } = await runner.start(check, {}, null);
    await finished;
    duckCompute += secs(t1);
    reference.set(`${codes[i]}/${check}`, await runDocument(duck, id));
  }
  await duck.close();
}
say(`DuckDB edition: load + 3 checks on ${N} counties ${secs(t0).toFixed(1)} s wall (${duckCompute.toFixed(1)} s of it in runs), ${cpuSelf(c0).toFixed(1)} cpu s`);

// The HTTP side as a service node has it: the province routes in a small app, an admin token.
const boss = await openQueue(cluster.url, { supervise: false });
const listener = await ProgressListener.start(cluster.url);
const token = await store.users.add('bench_admin', 'admin');
let policy: JobPolicy = { leaseSeconds: 900, retryLimit: 5 };
const app = new Hono<AppEnv>();
app.onError(handleError);
app.use('*', async (c, next) => {
  c.set('user', (await store.users.byToken(token)) as AppEnv['Variables']['user']);
  await next();
});
app.route('/api/province', provinceRunRoutes({ store, boss, listener, get policy() { return policy; } } as never));

async function post(check: CheckName): Promise<number> {
  const res = await app.request('/api/province/runs', { method: 'POST', body: JSON.stringify({ check }), headers: { 'content-type': 'application/json' } });
  if (res.status !== 202) throw new Error(`POST /api/province/runs: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

async function waitDone(ids: number[]): Promise<void> {
  for (;;) {
    const all = await Promise.all(ids.map((id) => provinceRunStatus(store, id)));
    if (all.every((s) => s!.status !== 'running')) {
      const bad = all.filter((s) => s!.status !== 'done');
      if (bad.length) throw new Error(`province runs failed: ${JSON.stringify(bad.map((s) => s!.counties.filter((c) => c.status === 'failed').map((c) => [c.county_code, c.error])))}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface Worker {
  child: ChildProcess;
  busy: number | null;
  ready: Promise<void>;
}

function startWorkerProcess(): Worker {
  const child = spawn(process.execPath, ['--max-old-space-size=6000', 'service/cli/bin.mjs', 'worker', '--db', cluster.url, '--maintenance-seconds', '2', '--poll-seconds', '0.5'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const w: Worker = { child, busy: null, ready: Promise.resolve() };
  w.ready = new Promise((resolve) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += String(d);
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('worker ready')) resolve();
        const start = /run (\d+): \w+ of \d+ \(attempt/.exec(line);
        if (start) w.busy = Number(start[1]);
        else if (/run \d+: .* (done|already-done|failed)/.test(line)) w.busy = null;
      }
    });
  });
  return w;
}

async function stopWorkers(ws: Worker[]): Promise<number> {
  let cpu = 0;
  for (const w of ws) {
    cpu += cpuOf(w.child.pid!);
    w.child.kill('SIGTERM');
  }
  await Promise.all(ws.map((w) => (w.child.exitCode === null && w.child.signalCode === null ? new Promise((r) => w.child.once('exit', r)) : null)));
  return cpu;
}

/** Every run of the province runs done, its rows exactly its document's, its document the DuckDB one. */
async function verify(ids: number[]): Promise<{ runs: number; rows: number; lostOrDuplicated: number; differences: string[] }> {
  let runs = 0, rows = 0, bad = 0;
  const differences: string[] = [];
  for (const id of ids) {
    const s = (await provinceRunStatus(store, id))!;
    for (const c of s.counties) {
      runs++;
      const doc = await runDocumentPg(store.pool, c.county_code, c.id);
      const n = await countRunRows(store.pool, c.county_code, c.id, s.check);
      for (const t of checkOf(s.check).tables) {
        const want = t.rows(doc as never).length;
        rows += n[t.name];
        bad += Math.abs(n[t.name] - want);
      }
      for (const d of documentDifferences(s.check, doc, reference.get(`${c.county_code}/${s.check}`))) differences.push(`${c.county_code} ${d}`);
    }
  }
  return { runs, rows, lostOrDuplicated: bad, differences };
}

// 4. The three checks on every county with 1, 2 and 4 worker processes.
const table: string[] = [];
const allRuns: number[] = [];
for (const count of WORKERS) {
  const ws = Array.from({ length: count }, startWorkerProcess);
  await Promise.all(ws.map((w) => w.ready));
  p0 = pgCpu();
  t0 = performance.now();
  const ids = [];
  for (const check of CHECKS) ids.push(await post(check));
  await waitDone(ids);
  const wall = secs(t0);
  const cpu = await stopWorkers(ws);
  const dbCpu = pgCpu() - p0;
  const v = await verify(ids);
  allRuns.push(...ids);
  const line = `${count} worker(s): ${wall.toFixed(1)} s wall, workers ${cpu.toFixed(1)} cpu s, PostgreSQL ${dbCpu.toFixed(1)} cpu s; ${v.runs} county runs, ${v.rows} rows, ${v.lostOrDuplicated} lost/duplicated, ${v.differences.length} documents differing from DuckDB's`;
  say(line);
  for (const d of v.differences.slice(0, 5)) say(`  ${d}`);
  table.push(line);
}

// 5. kill -9: two workers; each time a worker is computing a county, kill it and start another.
// The lease is twice the slowest county run measured above, so that only killed attempts expire.
const slowest = Number((await store.all(`SELECT coalesce(max(extract(epoch FROM finished_at - started_at)), 10)::float8 AS s FROM check_runs WHERE status = 'done'`))[0].s);
policy = { leaseSeconds: Math.max(10, Math.ceil(slowest * 2)), retryLimit: 50 };
say(`kill loop: ${KILLS} kills, lease ${policy.leaseSeconds} s (slowest county run ${slowest.toFixed(1)} s)`);
t0 = performance.now();
const ws = [startWorkerProcess(), startWorkerProcess()];
await Promise.all(ws.map((w) => w.ready));
const killIds: number[] = [];
let kills = 0;
let next = 0;
const computing: number[] = [];
const stopListen = listener.on((m: ProgressMessage) => m.phase === 'computing' && computing.push(m.id));
while (kills < KILLS) {
  const open = await Promise.all(killIds.map((id) => provinceRunStatus(store, id)));
  if (open.every((s) => s!.status !== 'running')) killIds.push(await post(CHECKS[next++ % CHECKS.length]));
  const runId = computing.shift();
  if (runId === undefined) {
    await new Promise((r) => setTimeout(r, 200));
    continue;
  }
  const i = ws.findIndex((w) => w.busy === runId);
  if (i < 0) continue;
  ws[i].child.kill('SIGKILL');
  await new Promise((r) => ws[i].child.once('exit', r));
  kills++;
  ws[i] = startWorkerProcess();
  say(`  kill ${kills}: run ${runId} (${secs(t0).toFixed(0)} s)`);
}
await waitDone(killIds);
stopListen();
const killWall = secs(t0);
await stopWorkers(ws);
const attempts = Number((await store.all(`SELECT coalesce(sum(attempts), 0)::int AS n FROM check_runs WHERE province_run = ANY($1::bigint[]) AND county_code = ANY($2::text[])`, [killIds, codes]))[0].n);
const v = await verify(killIds);
// Rows of no finished run, left by any attempt of any run: there must be none.
let orphans = 0;
for (const t of RESULT_TABLES) {
  orphans += Number((await store.all(
    `SELECT count(*)::int AS n FROM "result_${t.sqlName}" r WHERE NOT EXISTS (SELECT 1 FROM check_runs c WHERE c.county_code = r.county_code AND c.id = r.run_id AND c.status = 'done')`,
  ))[0].n);
}
const killLine = `kill -9 loop: ${kills} kills over ${killIds.length} province runs (${v.runs} county runs, ${attempts} attempts) in ${killWall.toFixed(1)} s; ${v.rows} rows, ${v.lostOrDuplicated} lost/duplicated, ${orphans} rows of no finished run, ${v.differences.length} documents differing from DuckDB's`;
say(killLine);
table.push(killLine);

say(`\n${N} counties × ${FOOTPRINTS} footprints, 3 checks:`);
for (const l of table) say(`  ${l}`);
await listener.close();
await boss.stop({ graceful: false, wait: true });
await store.close();
await cluster.stop();
process.exit(0);
