// Runs the bad-input corpus (corpus-cases.ts) against the whole app: every case is answered with
// a 4xx and a reason (an error message or a list of problems), the server keeps answering, and
// nothing stored changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { exportParquet } from '../../service/export/layer.ts';
import { corpus, type BadCase } from './corpus-cases.ts';
import { patch, report, square, stream } from '../helpers.ts';

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
let cases: BadCase[];
const tokens: Record<string, string> = {};

async function snapshot() {
  const layers = (await store.layers()).map((l) => `${l.name}:${l.version}:${l.count}`);
  const counts = await store.all(`SELECT (SELECT count(*) FROM patch_verdicts) AS v, (SELECT count(*) FROM ledger_updates) AS u,
    (SELECT count(*) FROM ledger_photos) AS p, (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM check_runs) AS runs,
    (SELECT string_agg(name || role, ',' ORDER BY name) FROM users) AS roles,
    (SELECT string_agg(id || status, ',' ORDER BY id) FROM layer_ledger) AS ledger`);
  return JSON.stringify({ layers, counts: counts[0] }, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
}

beforeAll(async () => {
  // A small GeoParquet file to cut up, written by the service's own exporter from a scratch store.
  const scratch = await Store.open(':memory:');
  const items = [0, 1, 2].map((i) => ({ index: i, geometry: square(119.8 + i * 0.001, 28.9), props: { id: `Q${i}`, recorded_on: '2020-01-01', status: 'pending' }, extra: {} }));
  await scratch.load('ledger', stream(items), report('ledger', 3));
  const dir = await mkdtemp(join(tmpdir(), 'gt-corpus-'));
  await exportParquet(scratch, 'ledger', join(dir, 'l.parquet'));
  const parquet = new Uint8Array(await readFile(join(dir, 'l.parquet'))) as Uint8Array<ArrayBuffer>;
  scratch.close();
  await rm(dir, { recursive: true, force: true });
  cases = corpus(parquet);

  store = await Store.open(':memory:');
  for (const role of ['admin', 'inspector', 'enforcer', 'viewer']) tokens[role] = await store.users.add(role === 'admin' ? 'root' : `u_${role}`, role, `${role}-password`);
  await store.load('ledger', stream([{ index: 0, geometry: square(119.8, 28.9), props: { id: 'L1', recorded_on: '2020-01-01', status: 'pending' }, extra: {} }]), report('ledger', 1));
  const patches = [0, 1].map((i) => patch(i, '2024Q1'));
  await store.load('patches', stream(patches), report('patches', 2));
  ({ app } = await createApp(store, { maxUploadBytes: 2 * 1024 * 1024 }));
});
afterAll(() => store.close());

describe('bad-input corpus', () => {
  it('has at least 200 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  it('answers every case with a 4xx and a reason, stays up, and changes nothing', async () => {
    const before = await snapshot();
    const wrong: string[] = [];
    for (const c of cases) {
      const role = c.as === undefined ? 'admin' : c.as;
      const headers: Record<string, string> = { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...c.headers };
      let status = 0;
      let text = '';
      try {
        const res = await app.request(c.path, { method: c.method, body: c.body, headers });
        status = res.status;
        text = await res.text();
      } catch (err) {
        wrong.push(`${c.name}: threw ${(err as Error).message}`);
        continue;
      }
      if (status < 400 || status > 499) {
        wrong.push(`${c.name}: ${status} ${text.slice(0, 160)}`);
        continue;
      }
      let reason = '';
      try {
        const body = JSON.parse(text) as { error?: string; problems?: { message: string }[] };
        reason = body.error ?? body.problems?.map((p) => p.message).join('; ') ?? '';
      } catch {
        reason = '';
      }
      if (reason.trim().length < 8) wrong.push(`${c.name}: ${status} without a reason: ${text.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    expect((await app.request('/api/health')).status).toBe(200);
    expect(await snapshot()).toBe(before);
  }, 300_000);
});
