// Writes every in-memory layer (all but footprints, which stream while the county is laid out)
// with the property names of docs/spec/layers.md.
import type { Geometry } from 'geojson';
import type { LayerName } from '../../service/layers/schema.ts';
import type { LayerWriter, Props } from './geojson-sink.ts';
import type { World } from './world.ts';
import type { Patch } from './patches.ts';
import type { StationSite } from './coverage-model.ts';
import type { Landfill } from './landfills.ts';
import type { DemandUnit } from './demand.ts';
import type { Candidate } from './candidates.ts';
import type { Road } from './roads.ts';

export interface LayerContents {
  patches: Patch[];
  stations: StationSite[];
  landfills: Landfill[];
  demand: DemandUnit[];
  candidates: Candidate[];
  roads: Road[];
}

type Open = (layer: LayerName) => Promise<LayerWriter>;

async function writeAll<T>(open: Open, layer: LayerName, items: T[], row: (t: T) => [Geometry, Props]): Promise<number> {
  const w = await open(layer);
  for (const item of items) w.add(...row(item));
  await w.close();
  return w.count;
}

export async function writeLayers(world: World, c: LayerContents, open: Open): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  counts.townships = await writeAll(open, 'townships', world.map.townships, (t) => [t.polygon, { name: t.name, code: t.code }]);
  counts.ledger = await writeAll(open, 'ledger', world.ledger, (r) => [
    r.geometry,
    {
      id: r.id,
      recorded_on: r.recorded_on,
      built_on: r.built_on,
      status: r.status,
      demolished_on: r.demolished_on ?? undefined,
      use: r.use,
      structure: r.structure,
      floors: r.floors,
      height_m: r.height_m,
      area_m2: r.area_m2,
      owner: r.owner,
      address: r.address,
      township: r.spot.township.name,
    },
  ]);
  counts.permits = await writeAll(open, 'permits', world.permits, (p) => [p.geometry, { id: p.id, issued_on: p.issued_on, kind: p.kind }]);
  counts.patches = await writeAll(open, 'patches', c.patches, (p) => [
    p.geometry,
    { id: p.id, batch: p.batch, detected_on: p.detected_on, before_on: p.before_on, change_type: p.change_type, township: p.township },
  ]);
  counts.fire_lanes = await writeAll(open, 'fire_lanes', world.lanes, (l) => [l.geometry, { id: l.id, width_m: l.width_m ?? undefined }]);
  counts.transfer_stations = await writeAll(open, 'transfer_stations', c.stations, (s) => [
    { type: 'Point', coordinates: s.at },
    { id: s.id, name: s.name, capacity_tpd: s.capacity_tpd, status: s.status, service_radius_m: s.service_radius_m ?? undefined },
  ]);
  counts.landfills = await writeAll(open, 'landfills', c.landfills, (l) => [
    l.polygon,
    { id: l.id, name: l.name, status: l.status, capacity_m3: l.capacity_m3, remaining_m3: l.remaining_m3 },
  ]);
  counts.demand = await writeAll(open, 'demand', c.demand, (d) => [
    d.geometry,
    { id: d.id, population: d.population, waste_tpd: d.waste_tpd ?? undefined, name: d.name, township: d.township },
  ]);
  counts.candidates = await writeAll(open, 'candidates', c.candidates, (k) => [
    { type: 'Point', coordinates: k.at },
    { id: k.id, capacity_tpd: k.capacity_tpd, name: k.name },
  ]);
  counts.roads = await writeAll(open, 'roads', c.roads, (r) => [
    { type: 'LineString', coordinates: [r.a, r.b] },
    { id: r.id, class: r.class, speed_kmh: r.class === 'county' ? 60 : 30 },
  ]);
  return counts;
}
