// The command line on a PostgreSQL store (--db postgres://…): imports choose their county from
// dataset.json or --county and write nothing without one, users are limited to counties, exports
// read one county, serve starts a province node, and DuckDB-only commands refuse the URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { PgStore } from '../../service/store/pg/index.ts';
import { fc, ledgerFeature } from './nodes.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'service/cli/bin.mjs');
let cluster: PgCluster;
let store: PgStore;
let dir: string;

function gt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'buffer', env: { ...process.env, GROUNDTRUTH_DB: cluster.url } });
  return { status: r.status, stdout: r.stdout, out: r.stdout.toString('utf8'), err: r.stderr.toString('utf8') };
}

/** A dataset directory with one ledger file and the given dataset.json. */
function dataset(name: string, json: object, ids: string[]): string {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(join(d, 'dataset.json'), JSON.stringify(json));
  writeFileSync(join(d, 'ledger.geojson'), fc(ids.map((id, i) => ledgerFeature(id, 119.8 + i * 0.001))));
  return d;
}

beforeAll(async () => {
  cluster = await startPgCluster();
  store = await PgStore.open(cluster.url);
  dir = mkdtempSync(join(tmpdir(), 'gt-pgcli-'));
}, 120_000);
afterAll(async () => {
  await store?.close();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('groundtruth on PostgreSQL', () => {
  it('refuses a dataset without "county_code", writing nothing', async () => {
    const r = gt('import', dataset('no-county', { name: '某县' }, ['N1']));
    expect(r.status).toBe(1);
    expect(r.err).toContain('"county_code"');
    expect(r.err).toContain('--county');
    expect(await store.counties()).toEqual([]);
  });

  it('refuses a malformed --county, writing nothing', async () => {
    const r = gt('import', join(dir, 'no-county'), '--county', '3307');
    expect(r.status).toBe(1);
    expect(r.err).toContain('"3307"');
    expect(await store.counties()).toEqual([]);
  });

  it('imports a dataset into the county its dataset.json names', async () => {
    const r = gt('import', dataset('wuyi', { name: '武义县', county_code: '330723' }, ['W1', 'W2']));
    expect(r.status, r.err).toBe(0);
    expect(await store.counties()).toEqual([{ code: '330723', name: '武义县' }]);
    expect(await (await store.county('330723')).layer('ledger')).toMatchObject({ version: 1, count: 2 });
  });

  it('imports a single file into the county given with --county, other counties untouched', async () => {
    const file = join(dir, 'ledger.geojson');
    writeFileSync(file, fc([ledgerFeature('L1')]));
    expect(gt('import', file).status).toBe(1);
    const r = gt('import', file, '--county', '330781');
    expect(r.status).toBe(0);
    expect(await (await store.county('330781')).layer('ledger')).toMatchObject({ version: 1, count: 1 });
    expect(await (await store.county('330723')).layer('ledger')).toMatchObject({ version: 1, count: 2 });
  });

  it('adds a user whose role is limited to counties, and lists it', async () => {
    const bad = gt('user', 'add', 'x', '--role', 'inspector', '--counties', '330723,33078');
    expect(bad.status).toBe(1);
    expect(bad.err).toContain('"33078"');
    expect((await store.users.list()).map((u) => u.name)).toEqual([]);
    const r = gt('user', 'add', 'insp', '--role', 'inspector', '--counties', '330723');
    expect(r.status).toBe(0);
    expect(r.out.trim().split('\n').at(-1)).toMatch(/^gt_/);
    expect(await store.users.actsIn('insp', '330723')).toBe(true);
    expect(await store.users.actsIn('insp', '330781')).toBe(false);
    expect(gt('user', 'list').out).toBe('insp\tinspector\t330723\n');
  });

  it('disables, enables and removes a user, revoking their tokens', async () => {
    const token = await store.users.add('temp', 'viewer');
    expect(gt('user', 'disable', 'temp').status).toBe(0);
    expect(await store.users.byToken(token)).toBeNull();
    expect(gt('user', 'enable', 'temp').status).toBe(0);
    expect((await store.users.list()).find((u) => u.name === 'temp')?.disabled).toBe(false);
    const again = await store.users.issueToken('temp');
    expect(gt('user', 'remove', 'temp').status).toBe(0);
    expect(await store.users.byToken(again)).toBeNull();
    expect((await store.users.list()).map((u) => u.name)).toEqual(['insp']);
    const missing = gt('user', 'remove', 'nobody');
    expect(missing.status).toBe(1);
    expect(missing.err).toContain('nobody');
  });

  it('exports one county\'s layer as CSV with a BOM', () => {
    expect(gt('export', 'ledger').err).toContain('--county');
    const r = gt('export', 'ledger', '--format', 'csv', '--county', '330723');
    expect(r.status).toBe(0);
    expect([...r.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.out).toContain('W1');
    expect(r.out).not.toContain('L1');
    expect(gt('export', 'ledger', '--county', '330799').err).toContain('330799');
  });

  it('refuses a postgres:// URL in a command that runs on DuckDB only, creating no file', () => {
    const r = gt('token', 'list');
    expect(r.status).toBe(1);
    expect(r.err).toContain('"token list"');
    const publish = gt('serve', '--publish-pmtiles', 's3://bucket/tiles', '--s3-endpoint', 'http://127.0.0.1:1');
    expect(publish.status).toBe(1);
    expect(publish.err).toContain('--publish-pmtiles');
    expect(existsSync(join(dir, cluster.url))).toBe(false);
  });

  it('serves a province node', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: dir, env: { ...process.env, GROUNDTRUTH_DB: cluster.url } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += String(d);
          const m = /at (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const counties = (await (await fetch(`${url}/api/counties`)).json()) as { counties: { code: string }[] };
      expect(counties.counties.map((c) => c.code)).toEqual(['330723', '330781']);
      expect((await fetch(`${url}/c/330781/api/layers/ledger`)).status).toBe(200);
      // The review workspace's and field updates' routes, per county.
      expect(await (await fetch(`${url}/c/330781/api/patches/verdicts`)).json()).toEqual({ verdicts: [] });
      expect(await (await fetch(`${url}/c/330781/api/ledger/history`)).json()).toEqual({ history: [] });
      // The quality work, search and service areas, per county.
      expect(await (await fetch(`${url}/c/330781/api/quality/dismissals`)).json()).toEqual({ dismissals: [] });
      expect((await fetch(`${url}/c/330781/api/search?q=x`)).status).toBe(200);
      expect((await fetch(`${url}/c/330781/api/facilities/service-areas`)).status).toBe(200);
      // Teardown plans and the county bulletin, per county.
      expect(await (await fetch(`${url}/c/330781/api/teardown/plans`)).json()).toEqual({ plans: [] });
      expect((await fetch(`${url}/c/330781/api/reports/monthly?month=2024-03`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
