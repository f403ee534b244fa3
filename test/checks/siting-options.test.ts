// Siting options that are errors rather than answers: unknown, infeasible or contradictory ids.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCoverageCheck, type CheckData, type CheckParams } from '../../service/checks/index.ts';

const input = JSON.parse(readFileSync(new URL('./coverage/in/siting-exact.json', import.meta.url), 'utf8')) as { params: Partial<CheckParams>; data: CheckData };
const run = (extra: Partial<CheckParams>) => runCoverageCheck(input.data, { ...input.params, ...extra });

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
});
