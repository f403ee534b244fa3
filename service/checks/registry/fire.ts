// Check 2 of docs/spec/checks.md: ledger buildings on fire lanes, and fire spacing.
import { runFireCheck } from '../fire.ts';
import type { EncroachmentRow, FireResult, SpacingRow } from '../types.ts';
import { defineCheck, table } from './types.ts';

export default defineCheck({
  name: 'fire',
  layers: ['ledger', 'fire_lanes', 'footprints'],
  roles: ['enforcer', 'admin'],
  batched: false,
  engine: runFireCheck,
  tables: [
    table<FireResult, EncroachmentRow>({
      name: 'encroachments',
      sqlName: 'encroachments',
      rows: (d) => d.encroachments,
      columns: [['building_id', 'text'], ['lane_id', 'text'], ['encroach_area_m2', 'double'], ['distance_m', 'double'], ['remaining_width_m', 'double'], ['blocked', 'boolean']],
      layer: 'ledger',
      idField: 'building_id',
    }),
    table<FireResult, SpacingRow>({
      name: 'spacing',
      sqlName: 'spacing',
      rows: (d) => d.spacing,
      columns: [['building_id', 'text'], ['neighbor_id', 'text'], ['neighbor_layer', 'text'], ['spacing_m', 'double'], ['required_m', 'double'], ['violations', 'integer']],
      layer: 'ledger',
      idField: 'building_id',
    }),
  ],
  tiles: {
    // Before any run the flags are null (unknown), after one false where nothing was found.
    ledger: (runs) => ({
      select: [
        'CASE WHEN ? >= 0 THEN coalesce(fire_e.blocked, false) END AS blocked',
        'fire_e.encroach_area_m2 AS encroach_area_m2',
        'CASE WHEN ? >= 0 THEN fire_s.building_id IS NOT NULL END AS spacing_violation',
        'fire_s.deficit AS spacing_deficit_m',
      ],
      selectParams: [runs.newest, runs.newest],
      join: `LEFT JOIN (SELECT building_id, bool_or(blocked) AS blocked, sum(encroach_area_m2) AS encroach_area_m2
                        FROM result_encroachments WHERE run_id = ? GROUP BY building_id) fire_e ON fire_e.building_id = t.id
             LEFT JOIN (SELECT building_id, required_m - spacing_m AS deficit FROM result_spacing WHERE run_id = ?) fire_s ON fire_s.building_id = t.id`,
      joinParams: [runs.newest, runs.newest],
      fields: { blocked: 'Boolean', encroach_area_m2: 'Number', spacing_violation: 'Boolean', spacing_deficit_m: 'Number' },
    }),
    fire_lanes: (runs) => ({
      select: ['CASE WHEN ? >= 0 THEN coalesce(fire_l.blocked, false) END AS blocked', 'CASE WHEN ? >= 0 THEN fire_l.lane_id IS NOT NULL END AS encroached'],
      selectParams: [runs.newest, runs.newest],
      join: `LEFT JOIN (SELECT lane_id, bool_or(blocked) AS blocked FROM result_encroachments WHERE run_id = ? GROUP BY lane_id) fire_l ON fire_l.lane_id = t.id`,
      joinParams: [runs.newest],
      fields: { blocked: 'Boolean', encroached: 'Boolean' },
    }),
  },
});
