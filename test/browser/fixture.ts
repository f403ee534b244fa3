// A tiny county for the browser test, written as GeoJSON files at test time so that the
// expected features are visible here in code: one or more features of every layer inside a
// 4 km × 3 km square near 119.8°E 28.9°N. Positions are chosen so no two clickable features
// overlap at the point the test clicks.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayerName } from '../../service/layers/schema.ts';

type Props = Record<string, string | number | null>;
type Geometry = { type: string; coordinates: unknown };

const box = (w: number, s: number, e: number, n: number): Geometry => ({
  type: 'Polygon',
  coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
});
const square = (lon: number, lat: number, size: number) => box(lon, lat, lon + size, lat + size);
const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });
const line = (...coords: [number, number][]): Geometry => ({ type: 'LineString', coordinates: coords });

/** Ledger record L-1: the feature the test clicks (its upper half is clear of the fire lane). */
export const CLICK_TARGET = { layer: 'ledger' as const, id: 'L-1', lon: 119.8002, lat: 28.90032 };
export const USER = { name: 'li', password: 'secret-pw-1', role: 'inspector' as const };
/** Runs the checks before the check-results test opens the map. */
export const ADMIN = { name: 'wang', password: 'secret-pw-2', role: 'admin' as const };
/** The other roles, for the workspace tests. */
export const VIEWER = { name: 'zhao', password: 'secret-pw-3', role: 'viewer' as const };
export const ENFORCER = { name: 'qian', password: 'secret-pw-4', role: 'enforcer' as const };
export const PLANNER = { name: 'sun', password: 'secret-pw-5', role: 'planner' as const };
export const USERS = [USER, ADMIN, VIEWER, ENFORCER, PLANNER];

export const COUNTY: Record<LayerName, { props: Props; geometry: Geometry }[]> = {
  townships: [{ props: { name: '熟溪街道', code: '330723001' }, geometry: box(119.79, 28.89, 119.83, 28.92) }],
  footprints: [0, 1, 2, 3, 4].map((i) => ({
    props: { id: `B-${i + 1}`, use: 'residential', floors: 3 },
    geometry: square(119.7985 + i * 0.0007, 28.8975, 0.0003),
  })),
  ledger: [
    { props: { id: 'L-1', recorded_on: '2023-05-10', status: 'pending', use: 'residential', structure: 'brick', floors: 2, address: '熟溪街道城南路 12 号' }, geometry: square(119.8, 28.9, 0.0004) },
    { props: { id: 'L-2', recorded_on: '2021-03-02', status: 'demolished', demolished_on: '2022-01-15', address: '城南路 20 号' }, geometry: square(119.802, 28.9, 0.0004) },
    { props: { id: 'L-3', recorded_on: '2022-07-01', status: 'permitted', address: '城南路 28 号' }, geometry: square(119.804, 28.9, 0.0004) },
  ],
  patches: [
    { props: { id: 'P-1', batch: '2024Q1', detected_on: '2024-03-01', change_type: 'construction' }, geometry: square(119.8021, 28.9001, 0.0003) },
    { props: { id: 'P-2', batch: '2024Q1', detected_on: '2024-03-01', change_type: 'construction' }, geometry: square(119.81, 28.905, 0.0005) },
    // Two more lone patches (class `new`) so the review queue has something to work through:
    // P-3 is the largest (0.0006° square), P-4 the smallest.
    { props: { id: 'P-3', batch: '2024Q1', detected_on: '2024-03-01', change_type: 'construction' }, geometry: square(119.795, 28.915, 0.0006) },
    { props: { id: 'P-4', batch: '2024Q1', detected_on: '2024-03-01', change_type: 'expansion' }, geometry: square(119.818, 28.895, 0.0002) },
  ],
  permits: [{ props: { id: 'PM-1', issued_on: '2022-06-01', kind: '建设工程规划许可' }, geometry: square(119.8039, 28.8999, 0.0006) }],
  fire_lanes: [{ props: { id: 'F-1', width_m: 4 }, geometry: line([119.798, 28.90008], [119.812, 28.90008]) }],
  roads: [{ props: { id: 'R-1', class: 'county', speed_kmh: 40 }, geometry: line([119.79, 28.899], [119.83, 28.899]) }],
  landfills: [{ props: { id: 'LF-1', name: '城南填埋场', status: 'operating', capacity_m3: 500000 }, geometry: box(119.82, 28.912, 119.824, 28.915) }],
  transfer_stations: [{ props: { id: 'S-1', name: '城南转运站', capacity_tpd: 50, status: 'operating', service_radius_m: 1500 }, geometry: point(119.806, 28.908) }],
  demand: [
    { props: { id: 'D-1', population: 2000, name: '城南小区' }, geometry: point(119.807, 28.9095) },
    { props: { id: 'D-2', population: 500, name: '东山村' }, geometry: box(119.825, 28.916, 119.827, 28.917) },
  ],
  candidates: [{ props: { id: 'C-1', capacity_tpd: 100, name: '候选一' }, geometry: point(119.815, 28.91) }],
};

export async function writeCounty(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [layer, features] of Object.entries(COUNTY)) {
    const fc = { type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', properties: f.props, geometry: f.geometry })) };
    await writeFile(join(dir, `${layer}.geojson`), JSON.stringify(fc));
  }
  await writeFile(join(dir, 'dataset.json'), JSON.stringify({ name: 'browser-test county' }));
  return dir;
}
