// For each layer, the latest check results that tiles show, as SQL joined onto the layer table
// (alias t). Run ids are bound as parameters; -1 stands for "no run yet" and yields nulls.
import type { LayerName } from '../layers/schema.ts';

export interface LatestRuns {
  /** Latest finished patches run per batch. */
  patches: Record<string, number>;
  fire: number | null;
  coverage: number | null;
  /** Newest verdict seq: verdicts show on patch tiles. */
  verdicts?: number;
}

export interface ResultJoin {
  select: string[];
  joins: string;
  params: (number | bigint)[];
  fields: Record<string, 'String' | 'Number' | 'Boolean'>;
}

const runOrNone = (id: number | null) => id ?? -1;
const newestOf = (ids: Record<string, number>) => (Object.values(ids).length ? Math.max(...Object.values(ids)) : -1);

export function resultJoin(layer: LayerName, runs: LatestRuns): ResultJoin {
  const fire = runOrNone(runs.fire);
  const coverage = runOrNone(runs.coverage);
  switch (layer) {
    case 'patches': {
      const ids = Object.values(runs.patches);
      return {
        select: ['r.class AS class', 'r.overlap AS overlap', 'v.verdict AS verdict'],
        joins: `LEFT JOIN (SELECT * FROM result_patches WHERE run_id IN (${ids.map(() => '?').join(', ') || 'NULL'})) r
                ON r.batch = t.batch AND r.id = t.id
                LEFT JOIN (SELECT batch, id, verdict FROM patch_verdicts
                           QUALIFY row_number() OVER (PARTITION BY batch, id ORDER BY seq DESC) = 1) v
                ON v.batch = t.batch AND v.id = t.id`,
        params: ids,
        fields: { class: 'String', overlap: 'Number', verdict: 'String' },
      };
    }
    case 'ledger':
      return {
        select: [
          'c.class AS class',
          `CASE WHEN ? >= 0 THEN coalesce(e.blocked, false) END AS blocked`,
          'e.encroach_area_m2 AS encroach_area_m2',
          `CASE WHEN ? >= 0 THEN s.building_id IS NOT NULL END AS spacing_violation`,
          's.deficit AS spacing_deficit_m',
        ],
        joins: `LEFT JOIN (SELECT id, class FROM result_ledger_class WHERE run_id = ?) c ON c.id = t.id
                LEFT JOIN (SELECT building_id, bool_or(blocked) AS blocked, sum(encroach_area_m2) AS encroach_area_m2
                           FROM result_encroachments WHERE run_id = ? GROUP BY building_id) e ON e.building_id = t.id
                LEFT JOIN (SELECT building_id, required_m - spacing_m AS deficit FROM result_spacing WHERE run_id = ?) s ON s.building_id = t.id`,
        // Select placeholders come before join placeholders in the statement.
        params: [fire, fire, newestOf(runs.patches), fire, fire],
        fields: { class: 'String', blocked: 'Boolean', encroach_area_m2: 'Number', spacing_violation: 'Boolean', spacing_deficit_m: 'Number' },
      };
    case 'fire_lanes':
      return {
        select: [`CASE WHEN ? >= 0 THEN coalesce(e.blocked, false) END AS blocked`, `CASE WHEN ? >= 0 THEN e.lane_id IS NOT NULL END AS encroached`],
        joins: `LEFT JOIN (SELECT lane_id, bool_or(blocked) AS blocked FROM result_encroachments WHERE run_id = ? GROUP BY lane_id) e ON e.lane_id = t.id`,
        params: [fire, fire, fire],
        fields: { blocked: 'Boolean', encroached: 'Boolean' },
      };
    case 'demand':
      return {
        select: ['d.covered AS covered', 'd.in_landfill_setback AS in_landfill_setback', 'd.demand_tpd AS demand_tpd', 'd.station_id AS station_id', 'd.distance_m AS distance_m'],
        joins: `LEFT JOIN (SELECT * FROM result_demand WHERE run_id = ?) d ON d.id = t.id`,
        params: [coverage],
        fields: { covered: 'Boolean', in_landfill_setback: 'Boolean', demand_tpd: 'Number', station_id: 'String', distance_m: 'Number' },
      };
    case 'transfer_stations':
      return {
        select: ['s.utilization AS utilization', 's.overloaded AS overloaded', 's.assigned_tpd AS assigned_tpd'],
        joins: `LEFT JOIN (SELECT * FROM result_stations WHERE run_id = ?) s ON s.id = t.id`,
        params: [coverage],
        fields: { utilization: 'Number', overloaded: 'Boolean', assigned_tpd: 'Number' },
      };
    default:
      return { select: [], joins: '', params: [], fields: {} };
  }
}

/** Which runs a layer's tiles show: part of the tile version, so a new run refreshes them. */
export function runsShown(layer: LayerName, runs: LatestRuns): string {
  switch (layer) {
    case 'patches':
      return [...Object.entries(runs.patches).sort().map(([b, id]) => `${b}=${id}`), `v${runs.verdicts ?? 0}`].join(',');
    case 'ledger':
      return `p${newestOf(runs.patches)}f${runOrNone(runs.fire)}`;
    case 'fire_lanes':
      return `f${runOrNone(runs.fire)}`;
    case 'demand':
    case 'transfer_stations':
      return `c${runOrNone(runs.coverage)}`;
    default:
      return '';
  }
}
