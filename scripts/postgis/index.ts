// The PostGIS side of `--vs-postgis` (bench issues 4 and 5): start a private cluster, load the
// same GeoJSON layers, run the four checks of docs/spec/checks.md and cut tiles in SQL.
import type pg from 'pg';
import { runCoverageSql } from './check-coverage.ts';
import { runFireSql } from './check-fire.ts';
import { runPatchesSql } from './check-patches.ts';
import { runQualitySql } from './check-quality.ts';
import { type CheckParams, withDefaults } from './params.ts';
import { timed } from './sql-util.ts';

export { startPostgis, type PostgisServer, DEFAULT_PORT, DEFAULT_DIR } from './server.ts';
export { loadLayers } from './load.ts';
export { tileSql } from './tiles.ts';
export { fetchCheckRows, type SqlCheckRows } from './results.ts';
export { compareWithGroundtruth } from './compare.ts';
export { type CheckParams, DEFAULT_PARAMS } from './params.ts';

/** Wall seconds per check, plus row counts per check to eyeball against Groundtruth's. */
export interface ChecksSqlResult {
  patches: number;
  fire: number;
  coverage: number;
  quality: number;
  counts: { patches: Record<string, number>; fire: Record<string, number>; coverage: Record<string, number>; quality: Record<string, number> };
}

export async function runChecksSql(client: pg.Client, params: Parameters<typeof withDefaults>[0] = {}): Promise<ChecksSqlResult> {
  const p = withDefaults(params);
  const patches = await timed(() => runPatchesSql(client, p));
  const fire = await timed(() => runFireSql(client, p));
  const coverage = await timed(() => runCoverageSql(client, p));
  const quality = await timed(() => runQualitySql(client, p));
  return {
    patches: patches.seconds,
    fire: fire.seconds,
    coverage: coverage.seconds,
    quality: quality.seconds,
    counts: { patches: patches.value, fire: fire.value, coverage: coverage.value, quality: quality.value },
  };
}
