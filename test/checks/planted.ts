// Verifies the check documents against a generated county's planted cases (PLANTED.json from
// scripts/generate-county.ts): each case names ids and the values the check must give. Used by
// scripts/bench-checks.ts on var/large; the generator owns the expectations, this only reads them.
import type { CoverageResult, FireResult, PatchesResult, QualityResult } from '../../service/checks/index.ts';
import { compareDocuments } from './compare.ts';

export interface PlantedCase {
  check: string;
  situation: string;
  ids: Record<string, string[]>;
  expect: Record<string, unknown>;
}

export interface Documents {
  patches?: PatchesResult;
  fire?: FireResult;
  coverage?: CoverageResult;
  quality?: QualityResult;
}

/** Notes in `expect` that are prose for people, not values to compare. */
const PROSE = new Set(['note', 'also', 'reported', 'radius_margin_m', 'feasible', 'repaired', 'parts']);

function values(expect: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(expect).filter(([k]) => !PROSE.has(k)));
}

/** One line per failed case (situation: differences); empty when all checked cases pass. */
export function verifyPlanted(cases: PlantedCase[], docs: Documents): { checked: number; skipped: number; failures: string[] } {
  const failures: string[] = [];
  let checked = 0, skipped = 0;
  const fail = (c: PlantedCase, why: string[]) => why.length && failures.push(`${c.check} — ${c.situation}: ${why.join('; ')}`);
  for (const c of cases) {
    const reported = c.expect.reported !== false;
    if (c.check === 'patches' && docs.patches) {
      const row = docs.patches.patches.find((p) => p.id === c.ids.patches[0]);
      fail(c, row ? compareDocuments(values(c.expect), row) : ['patch not in the result']);
    } else if (c.check === 'fire' && docs.fire) {
      const row = docs.fire.encroachments.find((e) => e.building_id === c.ids.ledger[0] && e.lane_id === c.ids.fire_lanes[0]);
      if (!reported) fail(c, row ? [`reported: ${JSON.stringify(row)}`] : []);
      else fail(c, row ? compareDocuments(values(c.expect), row) : ['not reported']);
    } else if (c.check === 'spacing' && docs.fire) {
      const row = docs.fire.spacing.find((s) => s.building_id === c.ids.ledger[0]);
      if (!reported) fail(c, row ? [`reported: ${JSON.stringify(row)}`] : []);
      else fail(c, row ? compareDocuments(values(c.expect), row) : ['not reported']);
    } else if (c.check === 'coverage' && docs.coverage) {
      const row = c.ids.demand
        ? docs.coverage.demand.find((d) => d.id === c.ids.demand[0])
        : docs.coverage.stations.find((s) => s.id === c.ids.transfer_stations[0]);
      fail(c, row ? compareDocuments(values(c.expect), row) : ['row not in the result']);
    } else if (c.check === 'siting' && docs.coverage) {
      const siting = docs.coverage.siting;
      if ('feasible' in c.expect) {
        const infeasible = siting.infeasible.includes(c.ids.candidates[0]);
        fail(c, infeasible === c.expect.feasible ? [`feasible = ${!infeasible}`] : []);
      } else {
        fail(c, compareDocuments(values(c.expect), siting));
      }
    } else if (c.check === 'load' && docs.patches && 'area_m2' in c.expect) {
      const row = docs.patches.ledger.find((l) => l.id === c.ids.ledger[0]);
      fail(c, row ? compareDocuments({ area_m2: c.expect.area_m2 }, row) : ['ledger row missing']);
    } else {
      skipped++;
      continue;
    }
    checked++;
  }
  return { checked, skipped, failures };
}
