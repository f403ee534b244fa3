// Randomized agreement: on seeded synthetic counties the indexed engine gives the same document
// as the plain all-pairs JSTS reference (test/checks/reference.ts), within the spec's tolerances.
import { describe, expect, it } from 'vitest';
import { runCoverageCheck, runFireCheck, runPatchesCheck, runQualityCheck, type CheckParams } from '../../service/checks/index.ts';
import { randomCounty } from '../kit/random-county.ts';
import { compareDocuments } from './compare.ts';
import { referenceCoverage, referenceFire, referencePatches, referenceQuality } from './reference.ts';

const SIZE = { footprints: 400, ledger: 90, patches: 70, permits: 30, lanes: 40, demand: 150, stations: 8, landfills: 2, candidates: 30 };
// The county is 500 m across: scale the radii down so that coverage and siting are contested.
const PARAMS: Partial<CheckParams> = { service_radius_m: 120, landfill_setback_m: 60, sites_to_choose: 5 };

describe.each([1, 2, 3])('random county seed %i', (seed) => {
  const data = randomCounty(SIZE, seed);

  it('patches agree with the reference', () => {
    const actual = JSON.parse(JSON.stringify(runPatchesCheck(data, PARAMS)));
    const expected = referencePatches(data, PARAMS);
    expect(expected.patches.some((p) => p.class !== 'new')).toBe(true);
    expect(compareDocuments(expected, actual)).toEqual([]);
  });

  it('fire agrees with the reference', () => {
    const actual = JSON.parse(JSON.stringify(runFireCheck(data, PARAMS)));
    const expected = referenceFire(data, PARAMS);
    expect(expected.encroachments.length).toBeGreaterThan(0);
    expect(expected.spacing.length).toBeGreaterThan(0);
    expect(compareDocuments(expected, actual)).toEqual([]);
  });

  it('quality agrees with the reference on its geometric kinds and areas', () => {
    // Small thresholds so that large records and duplicates occur in a 90-record county.
    const params = { ...PARAMS, large_area_m2: 150, duplicate_iou: 0.5 };
    const geometric = new Set(['still_standing', 'not_seen', 'area_mismatch', 'duplicate', 'large_unverified']);
    const doc = JSON.parse(JSON.stringify(runQualityCheck(data, params)));
    const actual = { findings: doc.findings.filter((f: { kind: string }) => geometric.has(f.kind)) };
    const expected = referenceQuality(data, params);
    expect(new Set(expected.findings.map((f) => f.kind)).size).toBeGreaterThanOrEqual(3);
    expect(compareDocuments(expected, actual)).toEqual([]);
  });

  it('coverage agrees with the reference', () => {
    const actual = JSON.parse(JSON.stringify(runCoverageCheck(data, PARAMS)));
    const expected = referenceCoverage(data, PARAMS);
    expect(expected.siting.chosen.length).toBeGreaterThan(0);
    expect(compareDocuments(expected, actual)).toEqual([]);
  });
});
