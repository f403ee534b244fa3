// A load killed mid-way (SIGKILL, no chance to clean up) leaves the previous version readable.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../service/store/index.ts';
import { report, square, stream } from '../helpers.ts';

describe('a killed load', () => {
  it('leaves the previous version whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gt-kill-'));
    const db = join(dir, 'k.duckdb');
    try {
      const first = await Store.open(db);
      const v1 = [0, 1, 2].map((i) => ({ index: i, geometry: square(119.8 + i * 0.001, 28.9), props: { id: `OLD${i}` }, extra: {} }));
      await first.load('footprints', stream(v1), report('footprints', 3));
      first.close();

      const script = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, db], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('staging') && resolve());
        child.on('exit', (code) => reject(new Error(`child ended early (${code})`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const after = await Store.open(db);
      const layer = await after.layer('footprints');
      expect(layer).toMatchObject({ version: 1, count: 3 });
      expect((await after.query('footprints', {})).map((f) => f.id).sort()).toEqual(['OLD0', 'OLD1', 'OLD2']);
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
