// The county being built: its map, the taken ground, the streaming footprint writer and the
// features that later stages draw from (ledger records, permits, spots for patches, lanes,
// settlements). Layout stages call addBuilding; everything else reads from here.
import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { Rng } from './rng.ts';
import type { CountyMap, Township } from './townships.ts';
import type { Frame } from './shapes.ts';
import { Occupancy } from './occupancy.ts';
import type { LayerWriter } from './geojson-sink.ts';
import type { Scale } from './scale.ts';

export type Use = 'residential' | 'enterprise' | 'commercial' | 'public' | 'other';
export type Structure = 'concrete' | 'steel_frame' | 'brick' | 'steel_shed' | 'timber' | 'simple';
export type LedgerStatus = 'pending' | 'demolished' | 'retained' | 'permitted' | 'deferred';

export interface BuildingAttrs {
  use: Use;
  structure: Structure;
  floors: number;
  height_m: number;
}

/** A rectangle [u0,u1] × [v0,v1] in a local frame; what patches and annexes are drawn around. */
export interface Spot {
  frame: Frame;
  u0: number;
  v0: number;
  u1: number;
  v1: number;
  township: Township;
}

export interface Building extends BuildingAttrs {
  geometry: Polygon;
  spot: Spot;
  /** +1 or -1: the v direction of the building's back (away from its lane); annexes go there. */
  back: 1 | -1;
  /** Free depth behind the building before the next one, metres. */
  backRoom: number;
  address: string;
  owner: string;
}

export interface LedgerRecord extends BuildingAttrs {
  id: string;
  geometry: Polygon | MultiPolygon;
  spot: Spot;
  recorded_on: string;
  built_on: string | null;
  status: LedgerStatus;
  demolished_on: string | null;
  area_m2: number;
  owner: string;
  address: string;
}

export interface Permit {
  id: string;
  geometry: Polygon;
  spot: Spot;
  issued_on: string;
  kind: string;
}

export interface Lane {
  id: string;
  geometry: LineString | MultiLineString;
  /** null: not recorded, the check's required_lane_width_m applies. */
  width_m: number | null;
}

/** A village, village group or compound: what becomes a demand unit. */
export interface Settlement {
  name: string;
  township: Township;
  centre: Position;
  /** Its ground as a rotated rectangle, for polygon demand units. */
  area: Polygon;
  households: number;
  kind: 'village' | 'compound' | 'park';
}

export interface World {
  rng: Rng;
  map: CountyMap;
  scale: Scale;
  occupancy: Occupancy;
  footprints: LayerWriter;
  ledger: LedgerRecord[];
  permits: Permit[];
  /** Places next to buildings where something new and unrecorded went up (for `new` patches). */
  newSpots: Spot[];
  lanes: Lane[];
  settlements: Settlement[];
  /** Buildings laid out so far (footprints are streamed, not kept). */
  buildingCount: number;
  nextId(prefix: string): string;
}

export function createWorld(rng: Rng, map: CountyMap, scale: Scale, footprints: LayerWriter): World {
  const counters = new Map<string, number>();
  return {
    rng,
    map,
    scale,
    // Finer cells let the benchmark county pack its villages closer.
    occupancy: new Occupancy(scale.footprints > 100_000 ? 25 : 50),
    footprints,
    ledger: [],
    permits: [],
    newSpots: [],
    lanes: [],
    settlements: [],
    buildingCount: 0,
    nextId(prefix: string): string {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}${String(n).padStart(6, '0')}`;
    },
  };
}
