// Check 1 of docs/spec/checks.md: satellite patches against permits and the ledger, per batch.
import { runPatchesCheck } from '../patches.ts';
import type { LedgerRow, PatchesResult, PatchRow } from '../types.ts';
import { defineCheck, table } from './types.ts';

const placeholders = (ids: number[]) => ids.map(() => '?').join(', ') || 'NULL';

export default defineCheck({
  name: 'patches',
  layers: ['patches', 'permits', 'ledger'],
  roles: ['inspector', 'admin'],
  batched: true,
  engine: runPatchesCheck,
  tables: [
    table<PatchesResult, PatchRow>({
      name: 'patches',
      sqlName: 'patches',
      rows: (d) => d.patches,
      columns: [['batch', 'text'], ['id', 'text'], ['class', 'text'], ['overlap', 'double'], ['ids', 'text[]'], ['area_m2', 'double'], ['township', 'text']],
      layer: 'patches',
      idField: 'id',
    }),
    table<PatchesResult, LedgerRow>({
      name: 'ledger',
      sqlName: 'ledger_class',
      rows: (d) => d.ledger,
      columns: [['id', 'text'], ['class', 'text'], ['area_m2', 'double'], ['status', 'text'], ['township', 'text']],
      layer: 'ledger',
      idField: 'id',
    }),
  ],
  tiles: {
    // Every batch's latest run: a patch belongs to one batch.
    patches: (runs) => ({
      select: ['patches_r.class AS class', 'patches_r.overlap AS overlap'],
      join: `LEFT JOIN (SELECT * FROM result_patches WHERE run_id IN (${placeholders(runs.ids)})) patches_r
             ON patches_r.batch = t.batch AND patches_r.id = t.id`,
      joinParams: runs.ids,
      fields: { class: 'String', overlap: 'Number' },
    }),
    // A record's stock/new class comes from the newest run, whatever its batch.
    ledger: (runs) => ({
      select: ['patches_c.class AS class'],
      join: `LEFT JOIN (SELECT id, class FROM result_ledger_class WHERE run_id = ?) patches_c ON patches_c.id = t.id`,
      joinParams: [runs.newest],
      fields: { class: 'String' },
    }),
  },
});
