// Compares an expected check document with an actual one under the tolerances of
// docs/spec/checks.md "Tolerance". Only the keys present in `expected` are compared (more output
// fields are allowed); arrays must have the same length and order.

function tolerance(key: string, expected: number): number {
  const mag = Math.abs(expected);
  if (key === 'overlap' || key.endsWith('_overlap') || key === 'iou') return 0.005;
  if (key === 'drawn') return Math.max(0.5, 0.005 * mag);
  if (key === 'ratio') return Math.max(0.005, 0.005 * mag);
  if (key.includes('area')) return Math.max(0.5, 0.005 * mag);
  if (key.endsWith('_m')) return Math.max(0.05, 0.001 * mag);
  if (key.includes('tpd') || key.includes('share') || key === 'utilization') return Math.max(1e-12, 1e-6 * mag);
  return 0; // counts, flags, capacities: exact
}

/** Returns a list of differences, each naming the path; empty when the documents agree. */
export function compareDocuments(expected: unknown, actual: unknown, path = '$', key = ''): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) {
      return [`${path}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual).slice(0, 600)}`];
    }
    return expected.flatMap((e, i) => compareDocuments(e, actual[i], `${path}[${i}]`, key));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) =>
      k in (actual as object) ? compareDocuments(v, (actual as Record<string, unknown>)[k], `${path}.${k}`, k) : [`${path}.${k}: missing`],
    );
  }
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tol = tolerance(key, expected);
    return Math.abs(actual - expected) <= tol ? [] : [`${path}: expected ${expected} ± ${tol}, got ${actual}`];
  }
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
