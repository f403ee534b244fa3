// Siting options that are errors rather than answers: unknown, infeasible or contradictory ids.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCoverageCheck, type CheckData, type CheckParams } from '../../service/checks/index.ts';

const input = JSON.parse(readFileSync(new URL('./coverage/in/siting-exact.json', import.meta.url), 'utf8')) as { params: Partial<CheckParams>; data: CheckData };
const run = (extra: Partial<CheckParams>) => runCoverageCheck(input.data, { ...input.params, ...extra });
const relocation = JSON.parse(readFileSync(new URL('./coverage/in/siting-relocate.json', import.meta.url), 'utf8')) as { params: Partial<CheckParams>; data: CheckData };
const relocate = (extra: Partial<CheckParams>) => runCoverageCheck(relocation.data, { ...relocation.params, ...extra });

describe('siting options', () => {
  it('names an unknown required or excluded candidate', () => {
    expect(() => run({ siting_require: ['Z9'] })).toThrow(/siting_require: no candidate has id "Z9"/);
    expect(() => run({ siting_exclude: ['Z9'] })).toThrow(/siting_exclude: no candidate has id "Z9"/);
  });
  it('refuses a candidate both required and excluded', () => {
    expect(() => run({ siting_require: ['P'], siting_exclude: ['P'] })).toThrow(/siting_require: candidate "P" is also in siting_exclude/);
  });
  it('chooses more than k when more are required', () => {
    const doc = run({ sites_to_choose: 1, siting_require: ['P', 'Q'] });
    expect(doc.siting.chosen.map((c) => c.id)).toEqual(['P', 'Q']);
  });
  it('beats the greedy total and says by how much', () => {
    const doc = run({});
    expect(doc.siting.method).toBe('exact');
    expect(doc.siting.covered_tpd_after).toBe(8);
    expect(doc.siting.greedy_tpd_after).toBe(7);
  });

  it('names a keep-open station that is unknown or not serving, and keep-open without relocation', () => {
    expect(() => relocate({ siting_keep_open: ['S9'] })).toThrow(/siting_keep_open: no serving station has id "S9"/);
    expect(() => relocate({ siting_keep_open: ['S4'] })).toThrow(/siting_keep_open: no serving station has id "S4"/);
    expect(() => relocate({ siting_existing: 'keep' })).toThrow(/siting_keep_open: needs siting_existing "relocate"/);
  });
  it('relocating with nothing kept open may close every station', () => {
    // k = 2 over S1, S2, S3, C1: C1 (10) and S3 (3) beat keeping S1 or S2 (1 each).
    const doc = relocate({ siting_keep_open: [], sites_to_choose: 2 });
    expect(doc.siting.chosen.map((c) => c.id)).toEqual(['C1', 'S3']);
    expect(doc.siting.closed).toEqual(['S1', 'S2']);
    expect(doc.siting.covered_tpd_after).toBe(13);
  });
  it('keeping every station, k counts only new sites and adds to what they cover', () => {
    const doc = relocate({ siting_existing: 'keep', siting_keep_open: [], sites_to_choose: 1 });
    expect(doc.siting.chosen.map((c) => [c.id, c.kind])).toEqual([['C1', 'candidate']]);
    expect(doc.siting.closed).toEqual([]);
    expect(doc.siting.covered_tpd_after).toBe(15);
  });
  it('a keep-open list longer than k raises k to its length', () => {
    const doc = relocate({ siting_keep_open: ['S1', 'S2', 'S3'], sites_to_choose: 1 });
    expect(doc.siting.chosen.map((c) => c.id)).toEqual(['S1', 'S2', 'S3']);
  });
});
