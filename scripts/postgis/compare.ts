// Diffs the SQL check rows against Groundtruth's TypeScript results with the tolerances of
// docs/spec/checks.md (ids and classes exactly; lengths 0.05 m or 0.1 %, areas 0.5 m² or 0.5 %), so a
// benchmark can say the two engines did the same work, not only how fast.
import type { CoverageResult, FireResult, PatchesResult, QualityResult } from '../../service/checks/index.ts';
import type { SqlCheckRows } from './results.ts';

const near = (a: number | null, b: number | null, abs: number, rel: number): boolean =>
  a === null || b === null ? a === b : Math.abs(a - b) <= Math.max(abs, rel * Math.max(Math.abs(a), Math.abs(b)));

/** Mismatch lines (first `limit` per table) plus a count per table; empty arrays mean agreement. */
export function compareWithGroundtruth(
  sql: SqlCheckRows,
  gt: { patches: PatchesResult; fire: FireResult; coverage: CoverageResult; quality?: QualityResult },
  limit = 5,
): Record<string, { compared: number; mismatches: number; examples: string[] }> {
  const out: Record<string, { compared: number; mismatches: number; examples: string[] }> = {};
  const diff = <A extends object, B extends object>(
    name: string, left: A[], right: B[], keyA: (a: A) => string, keyB: (b: B) => string, same: (a: A, b: B) => boolean,
  ): void => {
    const byKey = new Map(right.map((b) => [keyB(b), b]));
    const entry = { compared: Math.max(left.length, right.length), mismatches: 0, examples: [] as string[] };
    const note = (line: string) => {
      entry.mismatches++;
      if (entry.examples.length < limit) entry.examples.push(line);
    };
    for (const a of left) {
      const b = byKey.get(keyA(a));
      if (!b) note(`only postgis: ${JSON.stringify(a)}`);
      else if (!same(a, b)) note(`postgis ${JSON.stringify(a)} vs groundtruth ${JSON.stringify(b)}`);
      byKey.delete(keyA(a));
    }
    for (const b of byKey.values()) note(`only groundtruth: ${JSON.stringify(b)}`);
    out[name] = entry;
  };
  // Groundtruth lists removal evidence as `ledger:<id>`; docs/spec/checks.md names only the legal rule's
  // ledger ids that way, so the prefix is ignored for removal rows (reported to the lead).
  const idsOf = (b: PatchesResult['patches'][number]) => (b.class === 'removal' ? b.ids.map((i) => i.replace(/^ledger:/, '')) : b.ids);
  diff('patches', sql.patches, gt.patches.patches, (a) => a.id, (b) => b.id,
    (a, b) => a.class === b.class && a.ids.join() === idsOf(b).join() && near(a.overlap, b.overlap, 0.005, 0));
  diff('ledger', sql.ledger, gt.patches.ledger, (a) => a.id, (b) => b.id, (a, b) => a.class === b.class);
  diff('encroachments', sql.encroachments, gt.fire.encroachments, (a) => `${a.building_id}|${a.lane_id}`, (b) => `${b.building_id}|${b.lane_id}`,
    (a, b) => a.blocked === b.blocked && near(a.encroach_area_m2, b.encroach_area_m2, 0.5, 0.005) && near(a.distance_m, b.distance_m, 0.05, 0.001));
  diff('spacing', sql.spacing, gt.fire.spacing, (a) => a.building_id, (b) => b.building_id,
    (a, b) => a.neighbor_id === b.neighbor_id && a.violations === b.violations && a.required_m === b.required_m && near(a.spacing_m, b.spacing_m, 0.05, 0.001));
  diff('demand', sql.demand, gt.coverage.demand, (a) => a.id, (b) => b.id,
    (a, b) => a.station_id === b.station_id && a.covered === b.covered && a.in_landfill_setback === b.in_landfill_setback &&
      near(a.distance_m, b.distance_m, 0.05, 0.001) && near(a.demand_tpd, b.demand_tpd, 0, 1e-6));
  diff('stations', sql.stations, gt.coverage.stations, (a) => a.id, (b) => b.id,
    (a, b) => a.overloaded === b.overloaded && near(a.assigned_tpd, b.assigned_tpd, 0, 1e-6));
  diff('siting', sql.siting.chosen.map((c, i) => ({ ...c, i })), gt.coverage.siting.chosen.map((c, i) => ({ ...c, i })),
    (a) => String(a.i), (b) => String(b.i), (a, b) => a.id === b.id && near(a.gain_tpd, b.gain_tpd, 1e-9, 1e-6));
  if (gt.quality) {
    // Check 4's tolerance: overlaps and iou 0.005, areas 0.5 m² or 0.5 %, ratio 0.005 relative.
    const f = (x: unknown) => (x === undefined ? null : (x as number | null));
    const list = (x: unknown) => ((x as string[] | null | undefined) ?? []).join();
    diff('quality', sql.quality, gt.quality.findings as unknown as Record<string, unknown>[], (a) => `${a.ledger_id}|${a.kind}`, (b) => `${b.ledger_id}|${b.kind}`,
      (a, b) =>
        near(a.overlap, f(b.overlap), 0.005, 0) && near(a.footprint_overlap, f(b.footprint_overlap), 0.005, 0) &&
        near(a.patch_overlap, f(b.patch_overlap), 0.005, 0) && near(a.drawn, f(b.drawn), 0.5, 0.005) && near(a.ratio, f(b.ratio), 0.005, 0.005) &&
        near(a.iou, f(b.iou), 0.005, 0) && (a.other_id ?? null) === (b.other_id ?? null) && list(a.others) === list(b.others) &&
        (a.kind !== 'still_standing' || list(a.ids) === list(b.ids)) && (a.found ?? null) === (b.found ?? null) && list(a.problems) === list(b.problems));
  }
  return out;
}
