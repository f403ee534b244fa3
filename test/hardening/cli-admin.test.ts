// The command line's user, token, layer-version and audit commands as an operator runs them;
// passwords come from standard input, never from the arguments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../service/store/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'service/cli/bin.mjs');
let dir: string;
let db: string;

function gt(input: string | null, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { cwd: root, input: input ?? '', encoding: 'utf8', env: { ...process.env, GROUNDTRUTH_DB: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gt-cli-admin-'));
  db = join(dir, 'gt.duckdb');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('groundtruth user / token / audit', () => {
  it('takes a password from stdin, refuses one on argv, and audits as cli:<os user>', async () => {
    expect(gt('long-enough-pw\n', 'user', 'add', 'li', '--role', 'inspector', '--password-stdin').code).toBe(0);
    const argv = gt(null, 'user', 'add', 'li', '--role', 'inspector', '--password', 'secret-on-argv');
    expect(argv.code).not.toBe(0);
    expect(gt('short\n', 'user', 'add', 'wu', '--role', 'viewer', '--password-stdin').err).toMatch(/at least 8/);
    const store = await Store.open(db);
    try {
      expect(await store.users.login('li', 'long-enough-pw')).not.toBeNull();
      expect(await store.users.login('li', 'secret-on-argv')).toBeNull();
    } finally {
      store.close();
    }
    const audit = gt(null, 'audit', '--action', 'user');
    expect(audit.out).toMatch(/cli:\S+\tcli\tuser\.add\tli/);
  });

  it('lists and revokes tokens, disables and removes users', async () => {
    const list = gt(null, 'token', 'list', '--user', 'li');
    const ids = list.out.trim().split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
    expect(ids.length).toBeGreaterThanOrEqual(1);
    expect(gt(null, 'token', 'revoke', ids[0]).out).toMatch(/1 token\(s\) revoked/);
    expect(gt(null, 'user', 'disable', 'li').code).toBe(0);
    expect(gt(null, 'user', 'list').out).toMatch(/li\tinspector\tdisabled/);
    expect(gt(null, 'user', 'remove', 'li').code).toBe(0);
    expect(gt(null, 'user', 'remove', 'li').err).toMatch(/no user "li"/);
  });

  it('lists layer versions and refuses to restore one that is not archived', () => {
    expect(gt(null, 'layer', 'versions', 'ledger').out).toMatch(/ledger: current version 0/);
    const r = gt(null, 'layer', 'restore', 'ledger', '--version', '3');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/no archived version 3/);
  });
});
