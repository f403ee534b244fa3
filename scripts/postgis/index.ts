// The PostGIS side of `--vs-postgis`: start a private cluster, load the same GeoJSON layers,
// run the four checks of docs/spec/checks.md and cut tiles in SQL.
import { readFileSync } from 'node:fs';
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
  /** CPU seconds of the server backend per check (Linux /proc): fair on a shared machine. */
  cpu: Record<string, number>;
  counts: { patches: Record<string, number>; fire: Record<string, number>; coverage: Record<string, number>; quality: Record<string, number> };
}

/** utime + stime of the server process serving this connection, in seconds. */
async function backendCpu(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  try {
    const fields = readFileSync(`/proc/${rows[0].pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

type CheckSql = 'patches' | 'fire' | 'coverage' | 'quality';

/** Runs the checks named in `only` (all four by default); the others report 0 seconds. */
export async function runChecksSql(client: pg.Client, params: Parameters<typeof withDefaults>[0] = {}, only: CheckSql[] = ['patches', 'fire', 'coverage', 'quality']): Promise<ChecksSqlResult> {
  const p = withDefaults(params);
  const runners: Record<CheckSql, () => Promise<Record<string, number>>> = {
    patches: () => runPatchesSql(client, p),
    fire: () => runFireSql(client, p),
    coverage: () => runCoverageSql(client, p),
    quality: () => runQualitySql(client, p),
  };
  const out: ChecksSqlResult = { patches: 0, fire: 0, coverage: 0, quality: 0, cpu: {}, counts: { patches: {}, fire: {}, coverage: {}, quality: {} } };
  for (const check of only) {
    const cpu0 = await backendCpu(client);
    const r = await timed(runners[check]);
    out.cpu[check] = (await backendCpu(client)) - cpu0;
    out[check] = r.seconds;
    out.counts[check] = r.value;
  }
  return out;
}
