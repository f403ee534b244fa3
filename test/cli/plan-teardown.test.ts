// groundtruth plan-teardown as a user runs it: a plan JSON from a database file, and a refusal
// naming the bad option's field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../service/store/index.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';
import { report, square, stream } from '../helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'service/cli/bin.mjs');
let dir: string;
let db: string;
const today = new Date().toISOString().slice(0, 10);

function gt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GROUNDTRUTH_DB: '' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gt-plan-'));
  db = join(dir, 'plan.duckdb');
  const store = await Store.open(db);
  const rec = (id: string, lon: number, area: number, props: Record<string, string> = {}): LayerFeature => ({
    index: 0, geometry: square(lon, 28.9), props: { id, recorded_on: '2020-01-01', status: 'pending', area_m2: area, township: '熟溪街道', ...props }, extra: {},
  });
  await store.load('ledger', stream([rec('C-1', 119.8, 2000), rec('C-2', 119.8005, 900), rec('C-3', 119.801, 500, { notice_on: '2020-02-01', deadline_on: '2020-03-01' })]), report('ledger', 3));
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('groundtruth plan-teardown', () => {
  it('writes a plan', () => {
    const out = join(dir, 'plan.json');
    const r = gt('plan-teardown', '--db', db, '--from', today, '--weeks', '2', '--crew', 'A:3000', '--weekday', 'mon', 'thu', '--no-require-notice', '--out', out);
    expect(r.err).toMatch(/plan 1: 3 records on 2 crew-days, 0 unscheduled/);
    expect(r.status).toBe(0);
    const plan = JSON.parse(readFileSync(out, 'utf8'));
    expect(plan.params.weekdays).toEqual(['mon', 'thu']);
    expect(plan.days).toHaveLength(4);
    const day = plan.days.find((d: { items: unknown[] }) => d.items.length);
    // 2000 + 900 = 2900 of 3000 m²; C-3 (500) no longer fits and takes the next day.
    expect(day.items.map((i: { ledger_id: string }) => i.ledger_id)).toEqual(['C-1', 'C-2']);
  });

  it('needs a notice by default and refuses a crew without capacity', () => {
    const out = join(dir, 'plan2.json');
    const ok = gt('plan-teardown', '--db', db, '--from', today, '--weeks', '1', '--crew', 'A:3000', '--out', out);
    expect(ok.status).toBe(0);
    const plan = JSON.parse(readFileSync(out, 'utf8'));
    expect(plan.unscheduled.map((u: { ledger_id: string; reason: string }) => `${u.ledger_id} ${u.reason}`).sort()).toEqual(['C-1 no notice', 'C-2 no notice']);
    const bad = gt('plan-teardown', '--db', db, '--from', today, '--weeks', '1', '--crew', 'A:zero', '--out', out);
    expect(bad.status).not.toBe(0);
    expect(bad.err).toMatch(/crews\[0\]\.m2_per_day/);
  });
});
