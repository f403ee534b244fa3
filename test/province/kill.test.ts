// A worker process killed with SIGKILL in the middle of a county run: once its lease runs out the
// job is retried by another worker process, and the county holds exactly the rows of one clean
// run. Also the worker command's refusals: no PostgreSQL store, or one it cannot reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { checkOf } from '../../service/checks/registry/index.ts';
import { loadDatasetPg } from '../../service/province/load-dataset.ts';
import { countRunRows, runDocumentPg } from '../../service/province/runs.ts';
import type { ProgressMessage } from '../../service/province/progress.ts';
import { RESULT_TABLES } from '../../service/province/schema.ts';
import { openProvince, readEvents, type Province } from './kit.ts';
import PgBoss from 'pg-boss';
import { openQueue } from '../../service/province/queue.ts';

const BIN = 'service/cli/bin.mjs';
const A = '330723';
let p: Province;
const children: ChildProcess[] = [];

function worker(url: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--db', url, '--concurrency', '1', '--maintenance-seconds', '1', '--poll-seconds', '0.5'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr }));
}

beforeAll(async () => {
  // A lease well above one run of the sample county here, so only the killed attempt expires.
  p = await openProvince({ leaseSeconds: 20, retryLimit: 3 });
  await loadDatasetPg(p.store, 'data/sample', { county: A });
}, 300_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await p?.close();
});

describe('a worker killed mid-run', () => {
  it('leaves the job to another worker, which stores exactly one run of rows', async () => {
    const first = worker(p.cluster.url);
    const computing = new Promise<ProgressMessage>((resolve) => {
      const stop = p.listener.on((m) => {
        if (m.county === A && m.phase === 'computing') {
          stop();
          resolve(m);
        }
      });
    });
    const res = await p.send('POST', '/api/province/runs', 'admin', { check: 'fire', counties: [A] });
    expect(res.status).toBe(202);
    const { id, counties } = (await res.json()) as { id: number; counties: { run: number }[] };
    const run = counties[0].run;
    await computing;
    first.kill('SIGKILL');
    await once(first, 'exit');
    const mid = (await (await p.send('GET', `/api/province/runs/${id}`, null)).json()) as { status: string; counties: { phase: string }[] };
    expect(mid.status).toBe('running');

    worker(p.cluster.url);
    const events = await readEvents(await p.app.request(`/api/province/runs/${id}/events`));
    expect(events.at(-1)!.event).toBe('done');
    const status = (await (await p.send('GET', `/api/province/runs/${id}`, null)).json()) as { counties: { status: string; attempts: number; error: string | null }[] };
    expect(status.counties[0]).toMatchObject({ status: 'done', attempts: 2, error: null });

    const doc = (await runDocumentPg(p.store.pool, A, run))!;
    const rows = await countRunRows(p.store.pool, A, run, 'fire');
    for (const t of checkOf('fire').tables) expect(rows[t.name], t.name).toBe(t.rows(doc as never).length);
    expect(rows.spacing).toBeGreaterThan(0);
    // Nothing else of the county in any result table: no rows of the killed attempt under another id.
    for (const t of RESULT_TABLES) {
      const [{ n }] = await p.store.all(`SELECT count(*)::int AS n FROM "result_${t.sqlName}" WHERE county_code = $1 AND run_id <> $2`, [A, run]);
      expect(n, t.sqlName).toBe(0);
    }
  }, 180_000);
});

describe('the worker command', () => {
  it('refuses a store that is not PostgreSQL', async () => {
    const out = await cli(['worker', '--db', 'var/nothing.duckdb']);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/needs a PostgreSQL store: --db postgres:\/\//);
  }, 60_000);

  it('exits non-zero naming the database it cannot reach', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const a = srv.address() as { port: number };
        srv.close(() => resolve(a.port));
      });
    });
    const out = await cli(['worker', '--db', `postgres://postgres:secret@127.0.0.1:${port}/postgres`]);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(new RegExp(`cannot open PostgreSQL store postgres://postgres:\\*\\*\\*@127.0.0.1:${port}/postgres: .*ECONNREFUSED`));
    expect(out.stderr).not.toMatch(/secret/);
  }, 60_000);
});

describe('nodes and workers started together', () => {
  it('open the queue at once on a new database, each of them, three times over', async () => {
    for (let round = 0; round < 3; round++) {
      const db = `together_${round}`;
      await p.store.pool.query(`CREATE DATABASE ${db}`);
      const url = p.cluster.url.replace(/\/postgres$/, `/${db}`);
      // pg-boss's schema already there (an earlier process installed it), the check queue not yet:
      // every process finds it missing and creates it at the same moment.
      const installer = new PgBoss({ connectionString: url, supervise: false, schedule: false });
      installer.on('error', () => undefined);
      await installer.start();
      await installer.stop({ graceful: false, wait: true });
      const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openQueue(url, { max: 1 })));
      const failures = opened.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
      for (const o of opened) if (o.status === 'fulfilled') await o.value.stop({ graceful: false, wait: true });
      expect(failures, `round ${round}`).toEqual([]);
    }
  });
});
