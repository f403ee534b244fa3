// The demo's two image dates: rendered from the sample county on first use into var/ (too large
// to ship in the repository) and stored under fixed names, so the review queue can compare them.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { ImageryService } from '../imagery/index.ts';

const IMAGERY_DIR = 'var/sample-imagery';

export async function loadSampleImagery(imagery: ImageryService, sampleDir: string, log: (line: string) => void): Promise<void> {
  const have = new Set((await imagery.list()).map((r) => r.name));
  if (have.has('sample_before') && have.has('sample_after')) return;
  const started = Date.now();
  // The renderer lives with the sample generator; the demo borrows it.
  const { renderSampleImagery } = await import('../../scripts/county/imagery.ts');
  await mkdir(IMAGERY_DIR, { recursive: true });
  if (!['before.tif', 'after.tif'].every((f) => existsSync(`${IMAGERY_DIR}/${f}`))) log('demo: rendering the sample imagery (two dates, once; about a minute) …');
  const images = await renderSampleImagery(sampleDir, IMAGERY_DIR, { keepExisting: true });
  for (const img of images) await imagery.importFile(img.file, { name: img.name, date: img.date, user: 'demo' });
  log(`demo: imagery ${images.map((i) => `${i.name} (${i.date})`).join(', ')} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
