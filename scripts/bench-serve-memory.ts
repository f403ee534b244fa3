// npm run bench:serve-memory — the resident memory of a standalone `groundtruth serve` with the
// large county: the service started as its own process (as a user runs it), the three checks run
// through the HTTP API one after the other, then a block of z14 footprint tiles (so the tiles'
// projected columns are in memory too). RSS and peak RSS (VmHWM) are read from /proc after each
// step. Runs are stored in the database: use a copy of the county, not one you care about.
//   npm run bench:serve-memory -- [--db var/large.duckdb]
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { lonLatToTile } from '../service/tiles/index.ts';

const { values } = parseArgs({ options: { db: { type: 'string', default: 'var/large.duckdb' } } });
const BIN = 'service/cli/bin.mjs';
const LIMIT_GB = 3;

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 2 ** 20, peak: kb('VmHWM') / 2 ** 20 };
}

function cpuSeconds(pid: number): number {
  // utime + stime of the process, all threads (fields 14 and 15 of /proc/pid/stat, in clock ticks).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const added = spawnSync(process.execPath, [BIN, 'user', 'add', 'bench_memory', '--role', 'admin', '--db', values.db!], { encoding: 'utf8' });
if (added.status !== 0) throw new Error(`user add: ${added.stderr}`);
const token = added.stdout.trim().split('\n').pop()!.trim();
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

const server = spawn(process.execPath, [BIN, 'serve', '--db', values.db!, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /at (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
});
const pid = server.pid!;
const rows: string[] = [];
const record = (step: string, seconds: number) => {
  const m = memory(pid);
  rows.push(`${step.padEnd(28)} ${seconds.toFixed(1).padStart(8)}  ${cpuSeconds(pid).toFixed(1).padStart(8)}  ${m.rss.toFixed(2).padStart(6)}  ${m.peak.toFixed(2).padStart(7)}`);
  console.log(rows[rows.length - 1]);
  return m;
};
console.log(`serve pid ${pid} at ${base}; load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
console.log(`${'step'.padEnd(28)} ${'wall s'.padStart(8)}  ${'cpu s'.padStart(8)}  ${'RSS GB'.padStart(6)}  ${'peak GB'.padStart(7)}`);
try {
  record('started', 0);
  for (const check of ['patches', 'fire', 'coverage']) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/checks/${check}`, { method: 'POST', headers, body: '{}' });
    if (res.status !== 202) throw new Error(`POST /api/checks/${check}: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: number };
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const run = (await (await fetch(`${base}/api/checks/runs/${id}`, { headers })).json()) as { status: string; error?: string };
      if (run.status === 'failed') throw new Error(`${check} failed: ${run.error}`);
      if (run.status === 'done') break;
    }
    record(`${check} check`, (performance.now() - t0) / 1000);
  }
  const t0 = performance.now();
  const c = lonLatToTile(119.8, 28.9, 14);
  for (let dx = -1; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      const res = await fetch(`${base}/tiles/footprints/14/${c.x + dx}/${c.y + dy}.mvt`);
      await res.arrayBuffer();
      if (res.status !== 200 && res.status !== 204) throw new Error(`tile answered ${res.status}`);
    }
  }
  // Had the checks not read the footprints, the first tiles would come from SQL while the columns
  // load in the background: wait, then cut one more from them.
  await new Promise((r) => setTimeout(r, 10000));
  await fetch(`${base}/tiles/footprints/14/${c.x}/${c.y + 2}.mvt`).then((r) => r.arrayBuffer());
  const end = record('z14 footprint tiles', (performance.now() - t0) / 1000);
  console.log(`\nafter the three checks and tiles: RSS ${end.rss.toFixed(2)} GB, peak ${end.peak.toFixed(2)} GB (limit ${LIMIT_GB} GB); load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
} finally {
  server.kill('SIGTERM');
}
