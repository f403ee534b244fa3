// Same seed → byte-identical files, whether run in process or through the CLI; another seed →
// another county.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCounty } from '../../scripts/county/generate.ts';

const root = mkdtempSync(join(tmpdir(), 'gen-county-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}

describe('generator determinism', () => {
  it('writes the same bytes for the same seed (in process and via the CLI)', async () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    await generateCounty({ out: a, footprints: 2000, seed: 'repeat-me', parquet: false });
    const cli = new URL('../../scripts/generate-county.ts', import.meta.url).pathname;
    execFileSync(process.execPath, ['--import', 'tsx', cli, '--out', b, '--footprints', '2000', '--seed', 'repeat-me'], { stdio: 'pipe' });
    const ha = hashes(a);
    const hb = hashes(b);
    // dataset.json names the output directory in its generator command; everything else is equal.
    delete ha['dataset.json'];
    delete hb['dataset.json'];
    delete ha['PLANTED.md'];
    delete hb['PLANTED.md'];
    expect(Object.keys(ha)).toContain('footprints.geojson');
    expect(hb).toEqual(ha);
  });

  it('gives another county for another seed', async () => {
    const c = join(root, 'c');
    const d = join(root, 'd');
    await generateCounty({ out: c, footprints: 2000, seed: 'one', parquet: false });
    await generateCounty({ out: d, footprints: 2000, seed: 'two', parquet: false });
    expect(hashes(d)['footprints.geojson']).not.toBe(hashes(c)['footprints.geojson']);
  });
});
