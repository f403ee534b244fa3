// The check registry: what it derives (DDL, appender rows, tile joins, refreshed layers) and what
// it refuses (two checks claiming one result table or one tile field).
import { describe, expect, it } from 'vitest';
import { assertConsistent, CHECK_LIST, CHECKS, checkOf, resultLayers, tileJoinsOn } from '../../service/checks/registry/index.ts';
import { appenderRow, resultTableDdl } from '../../service/checks/registry/sql.ts';
import { defineCheck, table } from '../../service/checks/registry/types.ts';
import { resultJoin } from '../../service/tilesource/results-sql.ts';

describe('check registry', () => {
  it('lists the four checks with the layers they read and who may run them', () => {
    expect([...CHECKS]).toEqual(['patches', 'fire', 'coverage', 'quality']);
    expect(checkOf('quality').layers).toEqual(['ledger', 'footprints', 'patches', 'townships']);
    expect(checkOf('quality').roles).toEqual(['enforcer', 'admin']);
    expect(checkOf('fire').layers).toEqual(['ledger', 'fire_lanes', 'footprints']);
    expect(checkOf('coverage').roles).toEqual(['planner', 'admin']);
  });

  it('derives each result table from its columns', () => {
    const [patches] = checkOf('patches').tables;
    expect(resultTableDdl(patches)).toBe(
      'CREATE TABLE IF NOT EXISTS "result_patches" (run_id BIGINT, "batch" VARCHAR, "id" VARCHAR, "class" VARCHAR, "overlap" DOUBLE, "ids" VARCHAR[], "area_m2" DOUBLE, "township" VARCHAR)',
    );
    const spacing = checkOf('fire').tables[1];
    expect(resultTableDdl(spacing)).toContain('"violations" INTEGER');
  });

  it('turns a row into appender values in column order, absent fields null', () => {
    const stations = checkOf('coverage').tables[1];
    const row = appenderRow(stations, 7n, { id: 'T1', assigned_tpd: 2, capacity_tpd: 4, utilization: 0.5, overloaded: false, extra: 'x' });
    expect(row).toEqual([7n, 'T1', 2, 4, 0.5, false]);
    const ledger = checkOf('patches').tables[1];
    expect(appenderRow(ledger, 1n, { id: 'B1', class: 'new', area_m2: 3, status: 'pending' })).toEqual([1n, 'B1', 'new', 3, 'pending', null]);
  });

  it('refreshes exactly the layers whose tiles show a check', () => {
    expect(resultLayers('patches')).toEqual(['patches', 'ledger']);
    expect(resultLayers('fire')).toEqual(['ledger', 'fire_lanes']);
    expect(resultLayers('coverage')).toEqual(['demand', 'transfer_stations']);
    expect(resultLayers('quality')).toEqual(['ledger']);
    expect(tileJoinsOn('ledger').map((j) => j.check)).toEqual(['patches', 'fire', 'quality']);
  });

  it('binds select placeholders before join placeholders when several checks join one layer', () => {
    const join = resultJoin('ledger', { patches: { '2024Q1': 3, '2024Q2': 5 }, fire: 4, coverage: null, quality: 7 });
    // fire's and quality's select flags, then patches' class join (newest run 5), fire's two joins, quality's.
    expect(join.params).toEqual([4, 4, 7, 7, 5, 4, 4, 7]);
    expect(Object.keys(join.fields)).toEqual(['class', 'blocked', 'encroach_area_m2', 'spacing_violation', 'spacing_deficit_m', 'quality_findings', 'quality_kinds']);
    expect(resultJoin('fire_lanes', { patches: {}, fire: null, coverage: null, quality: null }).params).toEqual([-1, -1, -1]);
  });

  it('refuses two checks that put the same field on one layer, or store one table', () => {
    const clash = defineCheck({
      name: 'clash',
      layers: ['ledger'],
      roles: ['admin'],
      batched: false,
      engine: () => ({ params: {} as never, rows: [] as { id: string }[] }),
      tables: [table({ name: 'rows', sqlName: 'clash', rows: (d: { rows: { id: string }[] }) => d.rows, columns: [['id', 'text']], layer: 'ledger', idField: 'id' })],
      tiles: { ledger: () => ({ select: ['1 AS blocked'], join: '', joinParams: [], fields: { blocked: 'Boolean' } }) },
    });
    expect(() => assertConsistent([...CHECK_LIST, clash])).toThrow(/fire and clash both put "blocked" on ledger/);
    const sameTable = { ...clash, tiles: {}, tables: [{ ...clash.tables[0], sqlName: 'spacing' }] };
    expect(() => assertConsistent([...CHECK_LIST, sameTable])).toThrow(/result_spacing/);
    expect(() => assertConsistent()).not.toThrow();
  });
});
