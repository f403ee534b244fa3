// Check 3 of docs/spec/checks.md: waste collection coverage and transfer station load (with siting).
import { runCoverageCheck } from '../coverage.ts';
import type { CoverageResult, DemandRow, LandfillRow, StationRow } from '../types.ts';
import { defineCheck, table } from './types.ts';

export default defineCheck({
  name: 'coverage',
  layers: ['demand', 'transfer_stations', 'landfills', 'candidates', 'footprints', 'ledger', 'roads'],
  roles: ['planner', 'admin'],
  batched: false,
  engine: runCoverageCheck,
  tables: [
    table<CoverageResult, DemandRow>({
      name: 'demand',
      sqlName: 'demand',
      rows: (d) => d.demand,
      columns: [['id', 'text'], ['station_id', 'text'], ['distance_m', 'double'], ['covered', 'boolean'], ['demand_tpd', 'double'], ['in_landfill_setback', 'boolean'], ['population', 'double'], ['township', 'text']],
      layer: 'demand',
      idField: 'id',
    }),
    table<CoverageResult, StationRow>({
      name: 'stations',
      sqlName: 'stations',
      rows: (d) => d.stations,
      columns: [['id', 'text'], ['assigned_tpd', 'double'], ['capacity_tpd', 'double'], ['utilization', 'double'], ['overloaded', 'boolean']],
      layer: 'transfer_stations',
      idField: 'id',
    }),
    table<CoverageResult, LandfillRow>({
      name: 'landfills',
      sqlName: 'landfill_life',
      rows: (d) => d.landfills,
      columns: [['id', 'text'], ['status', 'text'], ['remaining_m3', 'double'], ['daily_tpd', 'double'], ['life_years', 'double'], ['warning', 'boolean']],
      layer: 'landfills',
      idField: 'id',
    }),
  ],
  tiles: {
    demand: (runs) => ({
      select: ['coverage_d.covered AS covered', 'coverage_d.in_landfill_setback AS in_landfill_setback', 'coverage_d.demand_tpd AS demand_tpd', 'coverage_d.station_id AS station_id', 'coverage_d.distance_m AS distance_m'],
      join: `LEFT JOIN (SELECT * FROM result_demand WHERE run_id = ?) coverage_d ON coverage_d.id = t.id`,
      joinParams: [runs.newest],
      fields: { covered: 'Boolean', in_landfill_setback: 'Boolean', demand_tpd: 'Number', station_id: 'String', distance_m: 'Number' },
    }),
    transfer_stations: (runs) => ({
      select: ['coverage_s.utilization AS utilization', 'coverage_s.overloaded AS overloaded', 'coverage_s.assigned_tpd AS assigned_tpd'],
      join: `LEFT JOIN (SELECT * FROM result_stations WHERE run_id = ?) coverage_s ON coverage_s.id = t.id`,
      joinParams: [runs.newest],
      fields: { utilization: 'Number', overloaded: 'Boolean', assigned_tpd: 'Number' },
    }),
  },
});
