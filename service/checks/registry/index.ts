// The checks the service knows. Adding a check: write its engine (service/checks/<name>.ts), a
// descriptor beside this file, and list it below; docs/architecture.md "Adding a check".
import type { LayerName } from '../../layers/schema.ts';
import type { Role } from '../../layers/roles.ts';
import type { CheckDescriptor, ShownRuns, SomeCheck, TileJoin } from './types.ts';
import patches from './patches.ts';
import fire from './fire.ts';
import coverage from './coverage.ts';
import quality from './quality.ts';

/** In this order: tiles join their columns, the CLI and API list them. */
export const CHECK_LIST = [patches, fire, coverage, quality] as const;

type AnyCheck = (typeof CHECK_LIST)[number];
export type CheckName = AnyCheck['name'];
export type CheckDocument = ReturnType<AnyCheck['engine']>;
export type { CheckDescriptor, ResultTable, ShownRuns, SomeCheck, SomeTable, TileJoin, ColumnType } from './types.ts';

export const CHECKS = CHECK_LIST.map((c) => c.name) as readonly CheckName[];

export function isCheckName(s: string): s is CheckName {
  return (CHECKS as readonly string[]).includes(s);
}

const ALL: readonly SomeCheck[] = CHECK_LIST;

export function checkOf(name: CheckName): CheckDescriptor<CheckName, CheckDocument> {
  return ALL.find((c) => c.name === name)! as CheckDescriptor<CheckName, CheckDocument>;
}

/** Which roles may run each check. */
export const CHECK_RUNNERS = Object.fromEntries(CHECK_LIST.map((c) => [c.name, c.roles])) as Record<CheckName, readonly Role[]>;

/** The layers whose tiles show a check's results: its finished run refreshes these, no others. */
export function resultLayers(name: CheckName): LayerName[] {
  return Object.keys(checkOf(name).tiles) as LayerName[];
}

/** The checks whose results a layer's tiles show, each with its join. */
export function tileJoinsOn(layer: LayerName): { check: CheckName; join: (runs: ShownRuns) => TileJoin }[] {
  const out: { check: CheckName; join: (runs: ShownRuns) => TileJoin }[] = [];
  for (const c of ALL) {
    const join = c.tiles[layer];
    if (join) out.push({ check: c.name as CheckName, join });
  }
  return out;
}

/** Refuses a registry in which two checks would write the same result table or tile field. */
export function assertConsistent(list: readonly SomeCheck[] = ALL): void {
  const tables = new Map<string, string>();
  const fields = new Map<string, string>();
  const none: ShownRuns = { ids: [], newest: -1 };
  for (const c of list) {
    for (const t of c.tables) {
      const owner = tables.get(t.sqlName);
      if (owner) throw new Error(`checks ${owner} and ${c.name} both store result_${t.sqlName}`);
      tables.set(t.sqlName, c.name);
    }
    for (const [layer, join] of Object.entries(c.tiles)) {
      for (const field of Object.keys(join!(none).fields)) {
        const owner = fields.get(`${layer}.${field}`);
        if (owner) throw new Error(`checks ${owner} and ${c.name} both put "${field}" on ${layer} tiles`);
        fields.set(`${layer}.${field}`, c.name);
      }
    }
  }
}
assertConsistent();
