// Zipped shapefiles are read without trusting the archive: only the shapefile set inflates, and a
// bomb (a huge ratio, or a total past the cap) is refused before it is inflated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { readShapefileZip } from '../../service/import/zip.ts';
import { writeDbf, writeShp } from '../import/shapefile-writer.ts';
import { ImportError } from '../../service/import/types.ts';

let dir: string;
beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'gt-zip-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

const square = { type: 'Polygon' as const, coordinates: [[[119.8, 28.9], [119.8001, 28.9], [119.8001, 28.9001], [119.8, 28.9001], [119.8, 28.9]]] };
function shapefileSet(stem: string): Record<string, Uint8Array> {
  const { shp, shx } = writeShp([square]);
  const dbf = writeDbf([{ name: 'id', type: 'C', length: 10 }], [['A1']], 'utf-8');
  return { [`${stem}.shp`]: shp, [`${stem}.shx`]: shx, [`${stem}.dbf`]: dbf };
}
async function zipFile(name: string, entries: Record<string, Uint8Array>) {
  const path = join(dir, name);
  await writeFile(path, zipSync(entries, { level: 9 }));
  return path;
}
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return (err as ImportError).message + JSON.stringify((err as ImportError).problems);
  }
  throw new Error('expected a refusal');
}

describe('readShapefileZip', () => {
  it('inflates only the shapefile set, leaving a bomb in another entry untouched', async () => {
    const path = await zipFile('ok.zip', { ...shapefileSet('ledger'), 'junk.bin': new Uint8Array(40 * 1024 * 1024) });
    const parts = await readShapefileZip(path, 'ok.zip');
    expect(Object.keys(parts).sort()).toEqual(['dbf', 'shp', 'shpName', 'shx']);
    expect(parts.shpName).toBe('ledger.shp');
  });

  it('refuses a .shp that would inflate hundreds of times its size', async () => {
    const set = shapefileSet('ledger');
    const bomb = new Uint8Array(30 * 1024 * 1024);
    bomb.set(set['ledger.shp']);
    const path = await zipFile('bomb.zip', { ...set, 'ledger.shp': bomb });
    expect(await refusal(readShapefileZip(path, 'bomb.zip'))).toMatch(/bomb\.zip.*zip bomb|zip bomb/);
  });

  it('refuses a set whose total passes the cap', async () => {
    const path = await zipFile('big.zip', shapefileSet('ledger'));
    expect(await refusal(readShapefileZip(path, 'big.zip', { maxBytes: 100 }))).toMatch(/over the 0 MB limit/);
  });

  it('names what it found when there is no .shp, and refuses two shapefiles', async () => {
    expect(await refusal(readShapefileZip(await zipFile('none.zip', { 'readme.txt': new Uint8Array(3) }), 'none.zip'))).toMatch(/no \.shp file \(found: readme\.txt\)/);
    expect(await refusal(readShapefileZip(await zipFile('two.zip', { ...shapefileSet('a'), ...shapefileSet('b') }), 'two.zip'))).toMatch(/more than one shapefile/);
  });

  it('refuses a truncated archive', async () => {
    const whole = zipSync(shapefileSet('ledger'));
    const path = join(dir, 'cut.zip');
    await writeFile(path, whole.subarray(0, whole.length - 30));
    expect(await refusal(readShapefileZip(path, 'cut.zip'))).toMatch(/not a readable zip/);
  });
});
