// Two stores' documents of one check compared as the same result: every field equal, each result
// table's rows taken as a set. Row order follows the layer's feature order, which both stores
// number by a Hilbert key of the centre; DuckDB leaves rows of equal key in any order (ORDER BY
// hkey alone), PostgreSQL breaks the tie by the file's order, so only the order within a tie of
// keys may differ, never a row.
import { checkOf, type CheckName } from '../../service/checks/registry/index.ts';

/** A deep copy with each result table's rows in one canonical order. */
export function canonicalDocument(check: CheckName, doc: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as never;
  for (const t of checkOf(check).tables) {
    const rows = t.rows(copy) as unknown[];
    const keyed = rows.map((r) => [JSON.stringify(r), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    keyed.forEach(([, r], i) => (rows[i] = r));
  }
  return copy;
}

/** Differences per table (rows only in one side) and of the rest of the document; empty when the same. */
export function documentDifferences(check: CheckName, a: unknown, b: unknown): string[] {
  const out: string[] = [];
  const ca = canonicalDocument(check, a) as Record<string, unknown>;
  const cb = canonicalDocument(check, b) as Record<string, unknown>;
  for (const t of checkOf(check).tables) {
    const ra = new Set((t.rows(ca as never) as unknown[]).map((r) => JSON.stringify(r)));
    const rb = new Set((t.rows(cb as never) as unknown[]).map((r) => JSON.stringify(r)));
    const onlyA = [...ra].filter((r) => !rb.has(r)).length;
    const onlyB = [...rb].filter((r) => !ra.has(r)).length;
    if (onlyA || onlyB) out.push(`${check}.${t.name}: ${onlyA} rows only in the first, ${onlyB} only in the second`);
  }
  if (!out.length && JSON.stringify(ca) !== JSON.stringify(cb)) out.push(`${check}: the documents differ outside the result tables`);
  return out;
}
