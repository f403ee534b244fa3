// Every fixture pair test/checks/<check>/in/<case>.json → out/<case>.json: input drawn by
// make-fixtures.ts, expected document written by hand (derivations in README.md).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckData, CheckParams } from '../../service/checks/index.ts';
import { CHECK_LIST } from '../../service/checks/registry/index.ts';
import { compareDocuments } from './compare.ts';

// Every registered check must bring fixtures in test/checks/<name>/.
const RUNNERS = CHECK_LIST.map((c) => [c.name, (data: CheckData, params: Partial<CheckParams>) => c.engine(data, params)] as const);

const root = new URL('.', import.meta.url).pathname;

for (const [check, run] of RUNNERS) {
  describe(`${check} fixtures`, () => {
    const cases = readdirSync(`${root}${check}/in`).filter((f) => f.endsWith('.json'));
    it('has fixtures', () => expect(cases.length).toBeGreaterThan(0));
    for (const file of cases) {
      it(file.replace(/\.json$/, ''), () => {
        const input = JSON.parse(readFileSync(`${root}${check}/in/${file}`, 'utf8')) as { params: Partial<CheckParams>; data: CheckData };
        const expected = JSON.parse(readFileSync(`${root}${check}/out/${file}`, 'utf8'));
        // An empty expected document would compare nothing.
        expect(Object.keys(expected).length, `${check}/out/${file} expects nothing`).toBeGreaterThan(0);
        const actual = JSON.parse(JSON.stringify(run(input.data, input.params)));
        expect(compareDocuments(expected, actual)).toEqual([]);
      });
    }
  });
}
