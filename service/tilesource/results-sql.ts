// For each layer, the latest check results that tiles show, as SQL joined onto the layer table
// (alias t): the joins each check declares for the layer (service/checks/registry/), in registry
// order, and the current patch verdicts on patch tiles. Run ids are bound as parameters; -1
// stands for "no run yet" and yields nulls.
import type { LayerName } from '../layers/schema.ts';
import { tileJoinsOn, type TileJoin } from '../checks/registry/index.ts';
import { shownRuns, type LatestRuns as LatestCheckRuns } from '../runs/persist.ts';

export type LatestRuns = LatestCheckRuns & {
  /** Newest verdict seq: verdicts show on patch tiles. */
  verdicts?: number;
};

export interface ResultJoin {
  select: string[];
  joins: string;
  params: (number | bigint)[];
  fields: Record<string, 'String' | 'Number' | 'Boolean'>;
}

/** Field work shown on tiles beside check results: the current verdict of each patch. */
const VERDICT_JOIN: TileJoin = {
  select: ['review_v.verdict AS verdict'],
  // Plain SQL that DuckDB and PostgreSQL both run (no QUALIFY): the province's tiles join it too.
  join: `LEFT JOIN (SELECT batch, id, verdict FROM (
                      SELECT batch, id, verdict, row_number() OVER (PARTITION BY batch, id ORDER BY seq DESC) AS review_n
                      FROM patch_verdicts) review_all WHERE review_n = 1) review_v
         ON review_v.batch = t.batch AND review_v.id = t.id`,
  joinParams: [],
  fields: { verdict: 'String' },
};

function joinsFor(layer: LayerName, runs: LatestRuns): TileJoin[] {
  const joins = tileJoinsOn(layer).map(({ check, join }) => join(shownRuns(runs, check)));
  if (layer === 'patches') joins.push(VERDICT_JOIN);
  return joins;
}

export function resultJoin(layer: LayerName, runs: LatestRuns): ResultJoin {
  const joins = joinsFor(layer, runs);
  return {
    select: joins.flatMap((j) => j.select),
    joins: joins.map((j) => j.join).join('\n'),
    // Select placeholders come before join placeholders in the statement.
    params: [...joins.flatMap((j) => j.selectParams ?? []), ...joins.flatMap((j) => j.joinParams)],
    fields: Object.assign({}, ...joins.map((j) => j.fields)),
  };
}

/**
 * Which runs a layer's tiles show: part of the tile version, so a new run refreshes them. Patch
 * tiles also name the newest verdict (`verdicts`, default the newest in `runs`).
 */
export function runsShown(layer: LayerName, runs: LatestRuns, verdicts = runs.verdicts): string {
  const parts = tileJoinsOn(layer).map(({ check }) => `${check}=${shownRuns(runs, check).ids.sort((a, b) => a - b).join('+') || '-'}`);
  if (layer === 'patches') parts.push(`v${verdicts ?? 0}`);
  return parts.join(',');
}
