// A seeded synthetic county for the randomized agreement test and the benchmark: buildings on
// a jittered 25 m grid (so neighbour gaps span 0–19 m), ledger records over some of them, patches,
// lanes through the gaps, demand, stations, landfills and candidate sites. Drawn in EPSG:4549
// metres around 120°E 29.8°N and handed out in lon/lat like a loaded dataset.
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';
import { gaussKrugerZone } from '../../service/geo/gauss-kruger.ts';
import type { CheckData, CheckFeature } from '../../service/checks/types.ts';

export interface CountySize {
  footprints: number;
  ledger: number;
  patches: number;
  permits: number;
  lanes: number;
  demand: number;
  stations: number;
  landfills: number;
  candidates: number;
}

export const LARGE_COUNTY: CountySize = { footprints: 1_000_000, ledger: 50_000, patches: 20_000, permits: 10_000, lanes: 20_000, demand: 50_000, stations: 60, landfills: 6, candidates: 500 };

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CELL = 25;
const STATUSES = ['pending', 'demolished', 'retained', 'permitted', 'deferred'];
const USES = ['residential', 'enterprise', 'commercial', 'public', 'other', null];
const STRUCTURES = ['concrete', 'steel_frame', 'brick', 'steel_shed', 'timber', 'simple', null];

export function randomCounty(size: CountySize, seed = 1): CheckData {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const between = (a: number, b: number) => a + rnd() * (b - a);
  const inverse = proj4(gaussKrugerZone(4549)!.proj4, 'WGS84');
  const E0 = 480_000, N0 = 3_300_000;
  const ll = (x: number, y: number): Position => inverse.forward([E0 + x, N0 + y]);
  const rectRing = (x0: number, y0: number, x1: number, y1: number): Position[] => [ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)];
  const rect = (x0: number, y0: number, x1: number, y1: number): Geometry => ({ type: 'Polygon', coordinates: [rectRing(x0, y0, x1, y1)] });
  const date = (y0: number, y1: number) => {
    const y = Math.floor(between(y0, y1 + 1));
    const m = 1 + Math.floor(rnd() * 12);
    const d = rnd() < 0.3 ? 1 : 1 + Math.floor(rnd() * 28);
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };

  const cols = Math.ceil(Math.sqrt(size.footprints));
  const built = cols * CELL;
  // Buildings fill the south-west quarter; demand, stations and candidates spread over the whole
  // county, so that some candidate sites are clear of buildings.
  const side = 2 * built;
  // Footprint i occupies grid cell (i % cols, i / cols): x0, y0, x1, y1 in metres.
  const boxes = new Float64Array(size.footprints * 4);
  const footprints: CheckFeature[] = [];
  for (let i = 0; i < size.footprints; i++) {
    const cx = (i % cols) * CELL, cy = Math.floor(i / cols) * CELL;
    const w = between(6, 15), h = between(6, 15);
    const x0 = cx + between(0, CELL - w), y0 = cy + between(0, CELL - h);
    boxes.set([x0, y0, x0 + w, y0 + h], i * 4);
    footprints.push({
      id: `F${i}`,
      props: { use: pick(USES), structure: pick(STRUCTURES), floors: Math.floor(between(1, 14)), height_m: rnd() < 0.5 ? null : between(3, 40) },
      geometry: rect(x0, y0, x0 + w, y0 + h),
    });
  }
  const someBox = () => boxes.subarray(Math.floor(rnd() * size.footprints) * 4).slice(0, 4);

  const ledger: CheckFeature[] = [];
  for (let i = 0; i < size.ledger; i++) {
    let [x0, y0, x1, y1] = someBox();
    // Mostly the footprint itself, shifted or grown a little, as surveyors redraw it.
    const dx = between(-1, 1), dy = between(-1, 1), grow = between(0, 2);
    x0 += dx - grow; x1 += dx + grow; y0 += dy; y1 += dy + grow;
    const geometry: Geometry = rnd() < 0.01
      ? { type: 'Polygon', coordinates: [[ll(x0, y0), ll(x1, y1), ll(x1, y0), ll(x0, y1), ll(x0, y0)]] } // bow-tie
      : rect(x0, y0, x1, y1);
    ledger.push({
      id: `L${i}`,
      props: {
        status: pick(STATUSES), recorded_on: date(2008, 2024), built_on: rnd() < 0.2 ? null : date(2000, 2024),
        use: pick(USES), structure: pick(STRUCTURES), floors: Math.floor(between(1, 14)), height_m: rnd() < 0.7 ? null : between(3, 40),
        township: `T${Math.floor(rnd() * 12)}`,
      },
      geometry,
    });
  }

  const permits: CheckFeature[] = [];
  for (let i = 0; i < size.permits; i++) {
    const [x0, y0, x1, y1] = someBox();
    permits.push({ id: `PM${i}`, props: { issued_on: date(2005, 2024) }, geometry: rect(x0 - between(0, 3), y0 - between(0, 3), x1 + between(0, 3), y1 + between(0, 3)) });
  }

  const patches: CheckFeature[] = [];
  for (let i = 0; i < size.patches; i++) {
    const [bx, by] = someBox();
    const x0 = bx + between(-8, 4), y0 = by + between(-8, 4), w = between(8, 30), h = between(8, 30);
    const geometry: Geometry = rnd() < 0.05
      ? { type: 'MultiPolygon', coordinates: [[rectRing(x0, y0, x0 + w / 2, y0 + h)], [rectRing(x0 + w / 2 + 2, y0, x0 + w + 2, y0 + h)]] }
      : rect(x0, y0, x0 + w, y0 + h);
    const old = rnd() < 0.2;
    patches.push({
      id: `P${i}`,
      props: { batch: old ? '2023Q4' : '2024Q1', detected_on: old ? '2023-12-20' : '2024-03-15', change_type: rnd() < 0.1 ? 'removal' : pick(['construction', 'expansion', 'land_clearing']), township: `T${Math.floor(rnd() * 12)}` },
      geometry,
    });
  }

  const lanes: CheckFeature[] = [];
  for (let i = 0; i < size.lanes; i++) {
    // Lanes run along the grid lines between cells, with a bend now and then.
    let x = Math.floor(rnd() * cols) * CELL + between(-2, 2), y = Math.floor(rnd() * cols) * CELL + between(-2, 2);
    const coords: Position[] = [ll(x, y)];
    const turns = rnd() < 0.3 ? 2 : 1;
    let horizontal = rnd() < 0.5;
    for (let t = 0; t < turns; t++) {
      const len = between(30, 120) * (rnd() < 0.5 ? -1 : 1);
      if (horizontal) x += len;
      else y += len;
      coords.push(ll(x, y));
      horizontal = !horizontal;
    }
    lanes.push({ id: `FL${i}`, props: { width_m: rnd() < 0.4 ? null : between(3.5, 7) }, geometry: { type: 'LineString', coordinates: coords } });
  }

  const demand: CheckFeature[] = [];
  for (let i = 0; i < size.demand; i++) {
    const x = between(0, side), y = between(0, side);
    const geometry: Geometry = rnd() < 0.1 ? rect(x, y, x + between(50, 300), y + between(50, 300)) : { type: 'Point', coordinates: ll(x, y) };
    demand.push({ id: `D${i}`, props: { population: Math.floor(between(0, 3000)), waste_tpd: rnd() < 0.2 ? between(0.1, 4) : null, township: `T${Math.floor(rnd() * 12)}` }, geometry });
  }

  const stations: CheckFeature[] = [];
  for (let i = 0; i < size.stations; i++) {
    stations.push({
      id: `TS${i}`,
      props: { capacity_tpd: between(5, 300), status: pick(['operating', 'upgrading', 'planned', 'closed']), service_radius_m: rnd() < 0.3 ? between(side / 40, side / 8) : null },
      geometry: { type: 'Point', coordinates: ll(between(0, side), between(0, side)) },
    });
  }

  const landfills: CheckFeature[] = [];
  for (let i = 0; i < size.landfills; i++) {
    const x = between(0, side), y = between(0, side), s = between(side / 50, side / 15);
    landfills.push({ id: `LF${i}`, props: { status: pick(['operating', 'closing', 'closed']) }, geometry: rect(x, y, x + s, y + s) });
  }

  const candidates: CheckFeature[] = [];
  for (let i = 0; i < size.candidates; i++) {
    candidates.push({ id: `C${i}`, props: { capacity_tpd: pick([50, 100, 149, 150, 300, 450, 451, 600]) }, geometry: { type: 'Point', coordinates: ll(between(0, side), between(0, side)) } });
  }

  return { footprints, ledger, permits, patches, fire_lanes: lanes, demand, transfer_stations: stations, landfills, candidates };
}
