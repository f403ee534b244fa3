// The groundtruth command as a user runs it: help, user add, import, export round trips and
// failures (non-zero exit, the message on standard error).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../service/store/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'service/cli/bin.mjs');
let dir: string;
let db: string;

function gt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GROUNDTRUTH_DB: '' } });
  return { status: r.status, stdout: r.stdout, out: r.stdout.toString('utf8'), err: r.stderr.toString('utf8') };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gt-cli-'));
  db = join(dir, 'cli.duckdb');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('groundtruth CLI', () => {
  it('explains itself', () => {
    const r = gt('--help');
    expect(r.status).toBe(0);
    for (const cmd of ['import', 'export', 'serve', 'user', 'check', 'demo']) expect(r.out).toContain(cmd);
  });

  it('imports a dataset file by its name and exports CSV with a BOM and Chinese text', () => {
    const imp = gt('import', join(root, 'data/sample/ledger.geojson'), '--db', db);
    expect(imp.status).toBe(0);
    expect(imp.out).toMatch(/ledger .*loaded → version 1/);
    const csv = gt('export', 'ledger', '--format', 'csv', '--db', db);
    expect(csv.status).toBe(0);
    expect([...csv.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.out.replace(/^\uFEFF/, '');
    expect(text.split('\n')[0]).toBe('id,recorded_on,built_on,status,demolished_on,use,structure,floors,height_m,area_m2,owner,address,township,violation_type,reuse,reuse_on,notice_on,deadline_on,wkt');
    expect(text).toMatch(/武义县/);
  });

  it('round-trips a layer through GeoParquet', async () => {
    const file = join(dir, 'ledger.parquet');
    expect(gt('export', 'ledger', '--format', 'parquet', '--out', file, '--db', db).status).toBe(0);
    const db2 = join(dir, 'second.duckdb');
    const imp = gt('import', file, '--layer', 'ledger', '--db', db2);
    expect(imp.status).toBe(0);
    const [a, b] = [await Store.open(db), await Store.open(db2)];
    try {
      const [la, lb] = [await a.layer('ledger'), await b.layer('ledger')];
      expect(lb.count).toBe(la.count);
      expect(lb.bbox).toEqual(la.bbox);
      const [fa] = await a.query('ledger', { limit: 1 });
      const [fb] = await b.query('ledger', { equals: { id: fa.id } });
      expect(fb.props).toEqual(fa.props);
      expect(fb.geometry).toEqual(fa.geometry);
    } finally {
      a.close();
      b.close();
    }
  });

  it('prints a working token alone on the last line of user add', async () => {
    const r = gt('user', 'add', 'zhang', '--role', 'enforcer', '--db', db);
    expect(r.status).toBe(0);
    const token = r.out.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^gt_[\w-]{20,}$/);
    const store = await Store.open(db);
    try {
      expect(await store.users.byToken(token)).toEqual({ name: 'zhang', role: 'enforcer' });
    } finally {
      store.close();
    }
    const bad = gt('user', 'add', 'li', '--role', 'chief', '--db', db);
    expect(bad.status).not.toBe(0);
    expect(bad.err).toMatch(/unknown role "chief"/);
  });

  it('fails with a message and a non-zero status on a bad file, keeping the layer', () => {
    const badFile = join(dir, 'ledger.geojson');
    writeFileSync(badFile, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [119.8, 28.9] }, properties: { id: 'X' } }] }));
    const r = gt('import', badFile, '--db', db);
    expect(r.status).not.toBe(0);
    expect(r.out + r.err).toMatch(/ledger\.geojson.*feature 0/);
    expect(r.err).toMatch(/previous version/);
    const again = gt('export', 'ledger', '--format', 'geojson', '--db', db);
    expect(JSON.parse(again.out).features.length).toBeGreaterThan(1000);
  });

  it('refuses an unknown layer and a missing file', () => {
    expect(gt('export', 'rivers', '--db', db).err).toMatch(/unknown layer "rivers"/);
    const missing = gt('import', join(dir, 'nope.geojson'), '--layer', 'ledger', '--db', db);
    expect(missing.status).not.toBe(0);
    expect(missing.err).toMatch(/nope\.geojson/);
  });
});
