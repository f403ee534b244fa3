// The province edition as an operator runs it, every part a real process of the command line:
// `import` and `user add` into a PostgreSQL store, `serve` for a node and `worker` for the queue,
// then a province run requested over HTTP and read back through the county's check routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'service/cli/bin.mjs');
const COUNTY = '330723';
let cluster: PgCluster;
let node: ChildProcess;
let worker: ChildProcess;
let url: string;
let token: string;

function gt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GROUNDTRUTH_DB: cluster.url } });
  if (r.status !== 0) throw new Error(`groundtruth ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function start(...args: string[]): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, GROUNDTRUTH_DB: cluster.url }, stdio: ['ignore', 'pipe', 'pipe'] });
}

const auth = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

beforeAll(async () => {
  cluster = await startPgCluster();
  gt('import', 'data/sample', '--county', COUNTY);
  token = gt('user', 'add', 'chief', '--role', 'admin').trim().split('\n').at(-1)!;
  node = start('serve', '--port', '0');
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    node.stdout!.on('data', (d) => {
      out += String(d);
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    node.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  worker = start('worker', '--poll-seconds', '0.5');
}, 300_000);

afterAll(async () => {
  node?.kill('SIGTERM');
  worker?.kill('SIGTERM');
  await cluster?.stop();
});

describe('a province node and a worker on one database', () => {
  it('runs a check requested over HTTP on the worker and serves its results per county', async () => {
    const refused = await fetch(`${url}/api/province/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ check: 'patches' }) });
    expect(refused.status).toBe(401);

    const res = await fetch(`${url}/api/province/runs`, { method: 'POST', headers: auth(), body: JSON.stringify({ check: 'patches' }) });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: number };

    let status: { status: string; counties: { county_code?: string; county?: string; id: number; status: string }[] } | undefined;
    const until = Date.now() + 240_000;
    while (Date.now() < until) {
      status = await (await fetch(`${url}/api/province/runs/${id}`)).json();
      if (status!.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(status!.status).toBe('done');
    expect(status!.counties).toHaveLength(1);

    const byPrefix = await fetch(`${url}/c/${COUNTY}/api/checks/patches/latest`);
    expect(byPrefix.status).toBe(200);
    const doc = (await byPrefix.json()) as { run: { id: number }; summary: Record<string, unknown> };
    expect(doc.run.id).toBe(status!.counties[0].id);
    // With one county loaded, the single-county path answers for it.
    const single = (await (await fetch(`${url}/api/checks/patches/latest`)).json()) as typeof doc;
    expect(single).toEqual(doc);
    expect((await fetch(`${url}/c/330781/api/checks/patches/latest`)).status).toBe(404);
  }, 300_000);
});
