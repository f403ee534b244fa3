// The statements behind a county's tiles that show check results and verdicts on PostgreSQL. What a
// tile shows is the county edition's: the joins each check declares for a layer and the verdict
// join (tilesource/results-sql.ts `resultJoin`), run here unchanged against the county's rows. Each
// result table and patch_verdicts the joins name is shadowed by a WITH query of the same name that
// binds county_code = $1 (a non-recursive WITH query's body still sees the real table), so the
// declared SQL reads one county's rows through the county-led keys, and under Citus the whole
// statement stays on the county's shard. Text columns of the results compare and sort by bytes
// (COLLATE "C"), as DuckDB's do, whatever the database's collation.
import type { LayerName } from '../layers/schema.ts';
import { LAYER_NAMES } from '../layers/schema.ts';
import type { Scope, Statement } from '../store/pg/queries.ts';
import { layerReads } from '../store/pg/queries.ts';
import { ident } from '../store/db.ts';
import { toLatestRuns } from '../runs/persist.ts';
import { resultJoin, type LatestRuns, type ResultJoin } from '../tilesource/results-sql.ts';
import { carriesResults } from '../layercache/tile-source.ts';
import { RESULT_TABLES } from './schema.ts';

const st = (name: string, scope: Scope, sql: string): Statement => ({ name, scope, sql });

/**
 * What a county's result tiles show, read with the layer versions on every tile request: the
 * newest finished run of each check (per batch) and the newest verdict. Both are one descent of a
 * county-led index (check_runs_county_latest; patch_verdicts' primary key).
 */
export const TILE_RUNS = st('tileRuns', 'county',
  `SELECT "check", coalesce(batch, '') AS batch, max(id)::float8 AS id FROM check_runs
   WHERE county_code = $1 AND status = 'done' GROUP BY "check", coalesce(batch, '')
   UNION ALL
   SELECT NULL, NULL, max(seq)::float8 FROM patch_verdicts WHERE county_code = $1`);

/** The runs and verdict serial from TILE_RUNS' rows. */
export function tileRunsOf(rows: Record<string, unknown>[]): LatestRuns {
  const verdict = rows.find((r) => r.check === null);
  return { ...toLatestRuns(rows.filter((r) => r.check !== null)), verdicts: (verdict?.id as number | null) ?? 0 };
}

/** The county's copy of each per-county table a join may name. */
const SHADOWS: [string, string][] = [
  ...RESULT_TABLES.map((t): [string, string] => {
    const cols = t.columns.map(([name, type]) => (type === 'text' ? `${ident(name)} COLLATE "C" AS ${ident(name)}` : ident(name)));
    return [`result_${t.sqlName}`, `SELECT county_code, run_id, row_no, ${cols.join(', ')} FROM result_${t.sqlName} WHERE county_code = $1`];
  }),
  ['patch_verdicts', `SELECT seq, batch COLLATE "C" AS batch, id COLLATE "C" AS id, verdict FROM patch_verdicts WHERE county_code = $1`],
];

/** `?` placeholders of the declared SQL as $first, $first+1, … (no literal in it holds a `?`). */
function numbered(sql: string, first: number): { sql: string; next: number } {
  let n = first;
  const out = sql.replace(/'[^']*'|\?/g, (m) => (m === '?' ? `$${n++}` : m));
  return { sql: out, next: n };
}

export interface ResultTileQuery {
  sql: string;
  /** Values after the county, the bbox and the minimum size ($1–$6). */
  params: (number | bigint)[];
  fields: ResultJoin['fields'];
}

/**
 * A tile's features of a layer with results: the layer's own tile statement (bbox, size, county)
 * as `t`, the declared joins on it. $1 county, $2–$5 the buffered bbox, $6 the minimum size.
 */
export function resultTileQuery(layer: LayerName, runs: LatestRuns): ResultTileQuery {
  const join = resultJoin(layer, runs);
  const select = numbered(join.select.join(', '), 7);
  const joins = numbered(join.joins, select.next);
  const text = `${join.select.join(' ')} ${join.joins}`;
  const withs = SHADOWS.filter(([name]) => new RegExp(`\\b${name}\\b`).test(text)).map(([name, body]) => `${name} AS (${body})`);
  const base = layerReads(layer).tile.sql;
  return {
    sql: `${withs.length ? `WITH ${withs.join(',\n')}\n` : ''}SELECT t.*${select.sql ? `, ${select.sql}` : ''}
      FROM (${base}) t
      ${joins.sql}
      ORDER BY t.fid`,
    params: join.params,
    fields: join.fields,
  };
}

/** Layers whose tiles join results (the county edition's choice). */
export const RESULT_LAYERS: readonly LayerName[] = LAYER_NAMES.filter(carriesResults);

/**
 * Every statement of this file, each result layer's with runs of two batches and with none, for
 * the catalog test.
 */
export function tileCatalog(): Statement[] {
  const some = toLatestRuns([
    { check: 'patches', batch: '2026-10', id: 1 },
    { check: 'patches', batch: '2026-11', id: 2 },
    ...['fire', 'coverage', 'quality'].map((check, i) => ({ check, batch: '', id: 3 + i })),
  ]);
  const none = toLatestRuns([]);
  return [
    TILE_RUNS,
    ...RESULT_LAYERS.flatMap((layer) => [
      st(`tile.${layer}`, 'county', resultTileQuery(layer, { ...some, verdicts: 7 }).sql),
      st(`tile.${layer}.before-runs`, 'county', resultTileQuery(layer, { ...none, verdicts: 0 }).sql),
    ]),
  ];
}

