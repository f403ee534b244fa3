// The checks on the bundled sample county find every situation the generator planted
// (data/sample/PLANTED.json, listed for people in PLANTED.md), through the same path the service
// uses: load the dataset into DuckDB, read each check's layers, run the engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Store } from '../../service/store/index.ts';
import { loadDataset, type DatasetLoadResult } from '../../service/datasets/load.ts';
import { loadCheckData } from '../../service/runs/data.ts';
import { runEngine } from '../../service/runs/engine.ts';
import { resolveParams, type CoverageResult, type FireResult, type PatchesResult } from '../../service/checks/index.ts';

interface Case {
  check: 'patches' | 'fire' | 'spacing' | 'coverage' | 'siting' | 'load';
  situation: string;
  ids: Record<string, string[]>;
  expect: Record<string, unknown>;
}

const SAMPLE = new URL('../../data/sample/', import.meta.url);
const cases = (JSON.parse(readFileSync(new URL('PLANTED.json', SAMPLE), 'utf8')) as { cases: Case[] }).cases;

// Tolerances of docs/spec/checks.md: lengths 0.05 m or 0.1 %, areas 0.5 m² or 0.5 %; the generator's
// own figures are rounded to 3 decimals, hence 1e-3 on tonnages.
const near = (actual: number, expected: number, abs: number, rel: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(Math.max(abs, rel * Math.abs(expected)));
const length = (a: number, e: number) => near(a, e, 0.05, 0.001);
const area = (a: number, e: number) => near(a, e, 0.5, 0.005);

let store: Store;
let loaded: DatasetLoadResult;
let patches: PatchesResult;
let fire: FireResult;
let coverage: CoverageResult;

beforeAll(async () => {
  store = await Store.open(':memory:');
  loaded = await loadDataset(store, SAMPLE.pathname);
  const params = resolveParams((await store.datasetParams()) as never);
  patches = runEngine('patches', await loadCheckData(store, 'patches'), params) as PatchesResult;
  fire = runEngine('fire', await loadCheckData(store, 'fire'), params) as FireResult;
  coverage = runEngine('coverage', await loadCheckData(store, 'coverage'), params) as CoverageResult;
}, 600_000);
afterAll(() => store?.close());

describe('the sample county', () => {
  it('loads whole, with the planted invalid polygons repaired', () => {
    expect(loaded.layers.every((l) => l.committed)).toBe(true);
    expect(loaded.layers.find((l) => l.layer === 'ledger')!.repaired).toBeGreaterThanOrEqual(3);
  });

  it('contains every patch class', () => {
    const classes = new Set(patches.patches.map((p) => p.class));
    expect([...classes].sort()).toEqual(['known_new', 'legal', 'new', 'rebuilt', 'removal', 'stock']);
  });
});

describe.each(cases.map((c) => [`${c.check}: ${c.situation}`, c] as const))('planted %s', (_name, c) => {
  it('is found', () => {
    const e = c.expect as Record<string, never>;
    switch (c.check) {
      case 'patches': {
        const row = patches.patches.find((p) => p.id === c.ids.patches[0])!;
        expect(row, 'patch row').toBeDefined();
        expect(row.class).toBe(e.class);
        expect(row.ids).toEqual(e.ids);
        near(row.overlap, e.overlap, Math.max(0.005, 0.5 / row.area_m2), 0);
        return;
      }
      case 'fire': {
        const row = fire.encroachments.find((r) => r.building_id === c.ids.ledger[0] && r.lane_id === c.ids.fire_lanes[0]);
        if (e.reported === false) return expect(row).toBeUndefined();
        expect(row, 'encroachment row').toBeDefined();
        area(row!.encroach_area_m2, e.encroach_area_m2);
        length(row!.distance_m, e.distance_m);
        length(row!.remaining_width_m, e.remaining_width_m);
        expect(row!.blocked).toBe(e.blocked);
        return;
      }
      case 'spacing': {
        if (e.reported === false) {
          for (const id of c.ids.ledger) expect(fire.spacing.find((r) => r.building_id === id), id).toBeUndefined();
          return;
        }
        const row = fire.spacing.find((r) => r.building_id === e.building_id)!;
        expect(row, 'spacing row').toBeDefined();
        expect({ neighbor_id: row.neighbor_id, neighbor_layer: row.neighbor_layer, required_m: row.required_m, violations: row.violations }).toEqual({
          neighbor_id: e.neighbor_id,
          neighbor_layer: e.neighbor_layer,
          required_m: e.required_m,
          violations: e.violations,
        });
        length(row.spacing_m, e.spacing_m);
        return;
      }
      case 'coverage': {
        if (c.ids.transfer_stations) {
          const s = coverage.stations.find((r) => r.id === c.ids.transfer_stations[0])!;
          near(s.assigned_tpd, e.assigned_tpd, 1e-3, 0);
          expect(s.capacity_tpd).toBe(e.capacity_tpd);
          expect(s.overloaded).toBe(e.overloaded);
          return;
        }
        const d = coverage.demand.find((r) => r.id === c.ids.demand[0])!;
        expect({ station_id: d.station_id, covered: d.covered, in_landfill_setback: d.in_landfill_setback }).toEqual({
          station_id: e.station_id,
          covered: e.covered,
          in_landfill_setback: e.in_landfill_setback,
        });
        length(d.distance_m!, e.distance_m);
        return;
      }
      case 'siting': {
        if ('feasible' in e) {
          expect(coverage.siting.infeasible.includes(c.ids.candidates[0])).toBe(!e.feasible);
          return;
        }
        const chosen = e.chosen as unknown as { id: string; gain_tpd: number }[];
        expect(coverage.siting.chosen.map((x) => x.id)).toEqual(chosen.map((x) => x.id));
        coverage.siting.chosen.forEach((x, i) => near(x.gain_tpd, chosen[i].gain_tpd, 1e-3, 0));
        near(coverage.siting.covered_tpd_before, e.covered_tpd_before, 1e-3, 0);
        near(coverage.siting.covered_tpd_after, e.covered_tpd_after, 1e-3, 0);
        expect([...coverage.siting.infeasible].sort()).toEqual([...(e.infeasible as unknown as string[])].sort());
        return;
      }
      case 'load': {
        const row = patches.ledger.find((r) => r.id === c.ids.ledger[0])!;
        area(row.area_m2, e.area_m2);
        return;
      }
    }
  });
});
