// Shared by the importer tests: run a fixture through openLayerFile and collect everything.
import { join } from 'node:path';
import { openLayerFile, ImportError, type ImportOptions, type ImportReport } from '../../service/import/index.ts';
import type { LayerFeature } from '../../service/layers/schema.ts';

export const IN = new URL('./in/', import.meta.url).pathname;
export const OUT = new URL('./out/', import.meta.url).pathname;

export async function importFixture(name: string, opts: ImportOptions): Promise<{ report: ImportReport; features: LayerFeature[] }> {
  const { report, features } = await openLayerFile(join(IN, name), opts);
  const out: LayerFeature[] = [];
  for await (const f of features) out.push(f);
  return { report, features: out };
}

/** The ImportError a fixture throws (from opening or while iterating); fails when none is thrown. */
export async function importError(name: string, opts: ImportOptions): Promise<ImportError> {
  try {
    await importFixture(name, opts);
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error(`${name} was expected to fail with an ImportError`);
}

/** Metres between two lon/lat points (equirectangular; fine for the metre-scale checks here). */
export function metresBetween(a: number[], b: number[]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * 6_371_008.8;
}
