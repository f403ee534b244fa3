// The county generator, top to bottom as its pipeline. Every stage draws from its own forked
// random stream, so the same seed gives byte-identical files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PARAMS } from '../../service/checks/params.ts';
import type { Position } from 'geojson';
import type { LayerName } from '../../service/layers/schema.ts';
import { pointPolygonDistance } from './shapes.ts';
import type { Landfill } from './landfills.ts';
import { createRng } from './rng.ts'; //                     seeded randomness
import { scaleFor } from './scale.ts'; //                    how many of everything
import { buildCountyMap } from './townships.ts'; //          outline + township cells
import { LayerWriter, type FeatureConsumer } from './geojson-sink.ts'; // streaming output
import { ParquetStager } from './parquet-sink.ts'; //        optional GeoParquet
import { createWorld } from './world.ts'; //                 shared state of the stages
import { reserveLandfills } from './landfills.ts'; //        ground kept free first
import { reserveYard } from './yard.ts';
import { PlantKit } from './planted-kit.ts'; //              planted situations
import { plantPatches } from './planted-patches.ts';
import { plantFire } from './planted-fire.ts';
import { plantSpacing } from './planted-spacing.ts';
import { plantSiting } from './planted-siting.ts';
import { plantInvalid } from './planted-invalid.ts';
import { layTown } from './town.ts'; //                      the built-up county
import { layParks } from './parks.ts';
import { buildRoads } from './roads.ts';
import { layVillages } from './villages.ts';
import { placeStations, sizeStations } from './stations.ts'; // waste facilities
import { demandFromSettlements } from './demand.ts';
import { plantCoverage } from './planted-coverage.ts';
import { assign, demandTpd } from './coverage-model.ts';
import { randomCandidates } from './candidates.ts';
import { greedySiting } from './siting-model.ts';
import { PatchIds, randomPatches } from './patches.ts'; //    satellite patches
import { writeLayers } from './write-layers.ts'; //          the remaining layers
import { Manifest } from './manifest.ts'; //                 PLANTED.md

export interface GenerateOptions {
  out: string;
  footprints: number;
  seed: string;
  parquet: boolean;
  log?: (line: string) => void;
}

export interface GenerateSummary {
  counts: Record<string, number>;
  planted: number;
  millis: number;
}

export const DEFAULT_SEED = 'wuyi-2024';
export const DEFAULT_FOOTPRINTS = 30_000;

// The run parameters written to dataset.json, and used to plant the expected results: the
// defaults of docs/spec/checks.md as the engine has them.
const { batch: _batch, metric_crs: _metricCrs, ...PARAMS } = DEFAULT_PARAMS;

export async function generateCounty(opts: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const scale = scaleFor(opts.footprints);
  mkdirSync(opts.out, { recursive: true });
  const rng = createRng(opts.seed);
  const stager = opts.parquet ? await ParquetStager.open() : null;
  const open = async (layer: LayerName): Promise<LayerWriter> => {
    const consumers: FeatureConsumer[] = stager ? [await stager.layer(layer, join(opts.out, `${layer}.parquet`))] : [];
    return new LayerWriter(layer, join(opts.out, `${layer}.geojson`), consumers);
  };

  const map = buildCountyMap(rng.fork('outline'));
  const footprints = await open('footprints');
  const world = createWorld(rng.fork('world'), map, scale, footprints);
  const manifest = new Manifest();
  const patchIds = new PatchIds();

  // Ground for landfills and the planted yard is taken before any village can claim it.
  world.rng = rng.fork('planted');
  const landfills = reserveLandfills(world);
  const yard = reserveYard(world, 119.712, 28.91);
  const kit = new PlantKit(world, patchIds);
  const slot = () => yard.slot();
  plantPatches(kit, slot, manifest);
  plantFire(kit, slot, manifest);
  plantSpacing(kit, slot, manifest);
  const yardCandidates = plantSiting(world, kit, slot, manifest);
  plantInvalid(kit, slot, manifest);

  world.rng = rng.fork('town');
  // The seat holds a quarter of the sample's buildings; a benchmark county grows in villages,
  // which pack the ground far more densely than compounds.
  const townShare = scale.footprints <= 100_000 ? 0.25 : 0.08;
  const town = layTown(world, Math.round(scale.footprints * townShare));
  world.rng = rng.fork('parks');
  const parks = layParks(world, Math.round(scale.footprints * (scale.footprints <= 100_000 ? 0.06 : 0.01)));
  world.rng = rng.fork('villages');
  const roads = buildRoads(world);
  // Ledger annexes add footprints of their own (about 2 %), so villages aim a little short.
  const villages = layVillages(world, roads, Math.max(0, Math.round((scale.footprints - footprints.count) / 1.02)));
  log(`laid out ${town} town, ${parks} park and ${villages} village buildings; ${footprints.count} footprints`);
  await footprints.close();

  world.rng = rng.fork('waste');
  const stations = placeStations(world);
  const demand = demandFromSettlements(world);
  const planted = plantCoverage(world, stations, landfills);
  demand.push(...planted.units);
  const assigned = new Map<string, number>();
  for (const u of demand) {
    const a = assign(u.at, stations);
    if (a.station_id) assigned.set(a.station_id, (assigned.get(a.station_id) ?? 0) + demandTpd(u));
  }
  sizeStations(world, stations, assigned);
  const over = stations.find((s) => s.id === planted.overloaded)!;
  let load = assigned.get(over.id) ?? 0;
  if (load <= over.capacity_tpd * 1.1) {
    // A small county may not load it enough: the market town's weighed tonnage makes up the rest.
    const market = demand.find((d) => d.id === planted.marketUnit)!;
    const extra = Math.round((over.capacity_tpd * 1.15 - load) * 1000) / 1000;
    market.waste_tpd = Math.round(((market.waste_tpd ?? 0) + extra) * 1000) / 1000;
    load += extra;
  }
  manifest.add({ check: 'coverage', situation: `station ${over.id} overloaded`, ids: { transfer_stations: [over.id] }, expect: { assigned_tpd: round(load), capacity_tpd: over.capacity_tpd, overloaded: true } });
  for (const w of planted.watch) {
    const u = demand.find((d) => d.id === w.id)!;
    const a = assign(u.at, stations);
    const setback = landfills.some((l) => l.status !== 'closed' && distanceToLandfill(u.at, l) < PARAMS.landfill_setback_m);
    manifest.add({
      check: 'coverage',
      situation: w.situation,
      ids: { demand: [u.id] },
      expect: { station_id: a.station_id, distance_m: a.distance_m === null ? null : round(a.distance_m), covered: a.covered, in_landfill_setback: setback },
    });
  }

  const uncovered = new Set(demand.filter((u) => !assign(u.at, stations).covered).map((u) => u.id));
  const candidates = [...yardCandidates, ...planted.candidates];
  for (const c of planted.candidates) {
    manifest.add({ check: 'siting', situation: c.feasible ? 'feasible site beside the uncovered village, positive gain' : 'inside a landfill: infeasible', ids: { candidates: [c.id] }, expect: { feasible: c.feasible } });
  }
  candidates.push(...randomCandidates(world, demand, uncovered, Math.max(10, scale.candidates - candidates.length)));
  const greedy = greedySiting(demand, stations, candidates, PARAMS.sites_to_choose);
  manifest.add({
    check: 'siting',
    situation: 'greedy choice of 3 (generator model: points, 3 km, per_capita 1.0)',
    ids: { candidates: greedy.chosen.map((c) => c.id) },
    expect: { chosen: greedy.chosen.map((c) => ({ id: c.id, gain_tpd: round(c.gain_tpd) })), covered_tpd_before: round(greedy.covered_tpd_before), covered_tpd_after: round(greedy.covered_tpd_after), infeasible: greedy.infeasible, radius_margin_m: round(greedy.radius_margin_m) },
  });

  world.rng = rng.fork('patches');
  const patches = [...kit.patches, ...randomPatches(world, patchIds, yard.box)];

  const counts = await writeLayers(world, { patches, stations, landfills, demand, candidates, roads }, open);
  counts.footprints = footprints.count;
  stager?.close();

  const dataset = {
    name: opts.footprints === DEFAULT_FOOTPRINTS && opts.seed === DEFAULT_SEED ? '武义县 (sample)' : `武义县 (sample, ${opts.footprints} footprints, seed ${opts.seed})`,
    ...PARAMS,
    metric_crs: 'EPSG:4549',
    generator: {
      command: `npx tsx scripts/generate-county.ts --out ${opts.out} --footprints ${opts.footprints} --seed ${opts.seed}${opts.parquet ? ' --parquet' : ''}`,
      seed: opts.seed,
      footprints_surveyed_on: '2022-12-31',
      note: 'Synthetic county on the real location and township names of 武义县; see PLANTED.md for the planted cases.',
    },
    counts,
  };
  writeFileSync(join(opts.out, 'dataset.json'), JSON.stringify(dataset, null, 2) + '\n');
  writeFileSync(join(opts.out, 'PLANTED.json'), manifest.toJson());
  writeFileSync(join(opts.out, 'PLANTED.md'), manifest.toMarkdown(plantedHeader(opts)));
  return { counts, planted: manifest.cases.length, millis: Math.round(performance.now() - started) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function distanceToLandfill(p: Position, l: Landfill): number {
  return pointPolygonDistance(p, l.polygon.coordinates);
}

function plantedHeader(opts: GenerateOptions): string {
  return [
    '# Planted cases',
    '',
    `Generated by \`npx tsx scripts/generate-county.ts --out ${opts.out}${opts.footprints !== DEFAULT_FOOTPRINTS ? ` --footprints ${opts.footprints}` : ''}${opts.seed !== DEFAULT_SEED ? ` --seed ${opts.seed}` : ''}\`.`,
    'Each row is a situation of docs/spec/checks.md put into the data on purpose, with the ids involved',
    'and the result the check must give (default parameters; patches are batch `2024Q2`, the default batch).',
    'Patches, fire lanes, spacing pairs and the small siting cases sit in the planted yard (open land west',
    'of the county seat, one 120 m slot each, nothing random nearby), so the expected values are exact',
    'arithmetic on rectangles in EPSG:4549. Coverage expectations come from the generator\'s point model',
    '(demand polygons are rectangles, whose interior point is their centre). The same list as data is',
    'in PLANTED.json. Random features elsewhere add many more unplanned cases of every kind.',
  ].join('\n');
}
