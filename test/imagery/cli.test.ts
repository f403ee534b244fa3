// groundtruth import-imagery as a user runs it: a GeoTIFF stored beside the database and listed,
// and a refused file that leaves nothing behind and exits non-zero with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../service/store/index.ts';
import { ImageryService } from '../../service/imagery/index.ts';
import { geoTiff, plainTiff } from './make-tiff.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'service/cli/bin.mjs');
let dir: string;

function gt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GROUNDTRUTH_DB: '' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gt-imagery-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('groundtruth import-imagery', () => {
  it('stores a GeoTIFF beside the database, replacing one of the same name', async () => {
    const db = join(dir, 'a.duckdb');
    const file = join(dir, 'ortho.tif');
    // 100 × 80 px at 2 m, top-left at (481000, 3197000) in EPSG:4549, no CRS in the keys.
    writeFileSync(file, geoTiff({ width: 100, height: 80, originX: 481000, originY: 3197000, res: 2, epsg: null }));
    const first = gt('import-imagery', file, '--name', 'dom2024', '--date', '2024-03-15', '--crs', 'EPSG:4549', '--db', db);
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(/imagery dom2024 \(2024-03-15\) stored: 100 × 80 px in EPSG:4549/);
    const again = gt('import-imagery', file, '--name', 'dom2024', '--date', '2024-04-01', '--crs', 'EPSG:4549', '--db', db);
    expect(again.status).toBe(0);
    expect(readdirSync(`${db}.imagery`)).toHaveLength(1);
    const store = await Store.open(db);
    try {
      const imagery = await ImageryService.create(store);
      const [row] = await imagery.list();
      expect(row).toMatchObject({ name: 'dom2024', date: '2024-04-01', source: 'file', source_crs: 'EPSG:4549', width: 100, height: 80 });
      expect(existsSync(join(imagery.dir, row.file!))).toBe(true);
    } finally {
      store.close();
    }
  });

  it('refuses a TIFF that is not georeferenced, storing nothing', async () => {
    const db = join(dir, 'b.duckdb');
    const file = join(dir, 'plain.tif');
    writeFileSync(file, await plainTiff());
    const r = gt('import-imagery', file, '--name', 'x', '--date', '2024-03-15', '--db', db);
    expect(r.status).not.toBe(0);
    expect(r.err).toMatch(/not georeferenced/);
    expect(readdirSync(`${db}.imagery`)).toEqual([]);
  });
});
