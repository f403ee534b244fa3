// Printing a load report for a person: one line per layer, then every problem.
import type { LoadResult } from '../datasets/load.ts';

export function printLoadResult(r: LoadResult, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  const state = r.committed ? `loaded → version ${r.version}` : 'NOT loaded (previous version kept)';
  out(
    `${r.layer.padEnd(18)} ${r.file}: read ${r.read}, loaded ${r.loaded}, repaired ${r.repaired}, rejected ${r.rejected} [${r.format}, ${r.crs}] ${state}`,
  );
  const shown = r.problems.slice(0, 50);
  for (const p of shown) {
    const where = [p.file, p.index !== null ? `feature ${p.index}` : null, p.field ? `field ${p.field}` : null].filter(Boolean).join(', ');
    out(`  - ${where}: ${p.message}`);
  }
  if (r.problems.length > shown.length) out(`  … and ${r.problems.length - shown.length} more problems`);
}
