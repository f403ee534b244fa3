// Every fixture pair test/checks/<check>/in/<case>.json → out/<case>.json: input drawn by
// make-fixtures.ts, expected document written by hand (derivations in README.md).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCoverageCheck, runFireCheck, runPatchesCheck, runQualityCheck, type CheckData, type CheckParams } from '../../service/checks/index.ts';
import { compareDocuments } from './compare.ts';

const RUNNERS: Record<string, (data: CheckData, params: Partial<CheckParams>) => unknown> = {
  patches: runPatchesCheck,
  fire: runFireCheck,
  coverage: runCoverageCheck,
  quality: runQualityCheck,
};

const root = new URL('.', import.meta.url).pathname;

for (const [check, run] of Object.entries(RUNNERS)) {
  describe(`${check} fixtures`, () => {
    const cases = readdirSync(`${root}${check}/in`).filter((f) => f.endsWith('.json'));
    it('has fixtures', () => expect(cases.length).toBeGreaterThan(0));
    for (const file of cases) {
      it(file.replace(/\.json$/, ''), () => {
        const input = JSON.parse(readFileSync(`${root}${check}/in/${file}`, 'utf8')) as { params: Partial<CheckParams>; data: CheckData };
        const expected = JSON.parse(readFileSync(`${root}${check}/out/${file}`, 'utf8'));
        const actual = JSON.parse(JSON.stringify(run(input.data, input.params)));
        expect(compareDocuments(expected, actual)).toEqual([]);
      });
    }
  });
}
