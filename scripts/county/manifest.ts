// What the generator planted on purpose, for data/sample/PLANTED.md and PLANTED.json: the checks
// engineer tests that each check finds exactly these.

export interface PlantedCase {
  /** Which check finds it: patches, fire, spacing, coverage, siting, load. */
  check: string;
  situation: string;
  /** Ids involved, by layer: { ledger: ['WJ…'], patches: ['330723-2024Q2-…'] }. */
  ids: Record<string, string[]>;
  /** The result the check must give, in docs/spec/checks.md's field names. */
  expect: Record<string, unknown>;
}

export class Manifest {
  readonly cases: PlantedCase[] = [];
  add(c: PlantedCase): void {
    this.cases.push(c);
  }

  toJson(): string {
    return JSON.stringify({ cases: this.cases }, null, 2) + '\n';
  }

  toMarkdown(header: string): string {
    const lines = [header, '', '| check | situation | ids | expected |', '|---|---|---|---|'];
    for (const c of this.cases) {
      const ids = Object.entries(c.ids)
        .map(([layer, list]) => `${layer}: ${list.map((i) => '`' + i + '`').join(', ')}`)
        .join('; ');
      const expect = Object.entries(c.expect)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ');
      lines.push(`| ${c.check} | ${c.situation.replaceAll('|', '/')} | ${ids} | ${expect.replaceAll('|', '/')} |`);
    }
    return lines.join('\n') + '\n';
  }
}
