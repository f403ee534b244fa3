// Rebuilds the INPUT fixtures of test/checks/<check>/in/ from shapes drawn in EPSG:4549 metres:
//   npx tsx test/checks/make-fixtures.ts
// Only inputs are written. The expected documents in <check>/out/ are written by hand from the
// metric shapes below (derivations in test/checks/README.md); this script never touches them.
import { writeFileSync } from 'node:fs';
import proj4 from 'proj4';
import type { Geometry } from 'geojson';
import { gaussKrugerZone } from '../../service/geo/gauss-kruger.ts';

/** Local origin of every drawing: EPSG:4549 E 480 000, N 3 300 000 (about 119.8°E, 29.8°N). */
const E0 = 480_000;
const N0 = 3_300_000;
const toLonLat = proj4(gaussKrugerZone(4549)!.proj4, 'WGS84');

type XY = [number, number];
const ll = ([x, y]: XY): [number, number] => toLonLat.forward([E0 + x, N0 + y]) as [number, number];
const ring = (pts: XY[]) => [...pts, pts[0]].map(ll);
/** Axis-aligned rectangle x0..x1 × y0..y1 (metres from the origin). */
const rect = (x0: number, y0: number, x1: number, y1: number): Geometry => ({ type: 'Polygon', coordinates: [ring([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])] });
const multi = (...rects: [number, number, number, number][]): Geometry => ({
  type: 'MultiPolygon',
  coordinates: rects.map(([x0, y0, x1, y1]) => [ring([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])]),
});
const poly = (pts: XY[]): Geometry => ({ type: 'Polygon', coordinates: [ring(pts)] });
const line = (pts: XY[]): Geometry => ({ type: 'LineString', coordinates: pts.map(ll) });
const point = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: ll([x, y]) });
const feat = (id: string, geometry: Geometry, props: Record<string, string | number | null> = {}) => ({ id, props: { id, ...props }, geometry });

const dir = new URL('.', import.meta.url).pathname;
function write(check: string, name: string, doc: unknown): void {
  writeFileSync(`${dir}${check}/in/${name}.json`, JSON.stringify(doc, null, 1) + '\n');
}

// ---------- check 1: patches ----------
const B = { batch: '2024Q1', detected_on: '2024-03-15' };
const stock = (built: string) => ({ status: 'pending', recorded_on: '2015-06-01', built_on: built });
write('patches', 'rules', {
  params: {},
  data: {
    patches: [
      feat('P01', rect(0, 0, 10, 10), { ...B, change_type: 'construction', township: '白溪街道' }),
      feat('P02', rect(20, 0, 30, 10), B),
      feat('P03', rect(40, 0, 50, 10), B),
      feat('P04', rect(60, 0, 70, 10), B),
      feat('P05', rect(80, 0, 90, 10), B),
      feat('P06', rect(100, 0, 110, 10), B),
      feat('P07', rect(120, 0, 130, 10), { ...B, change_type: 'removal' }),
      feat('P08', rect(300, 0, 310, 10), { ...B, change_type: 'removal' }),
      feat('P09', multi([140, 0, 145, 10], [150, 0, 155, 10]), B),
      feat('P10', rect(160, 0, 170, 10), B),
      feat('P11', rect(200, 0, 210, 10), B),
      // An older batch: not classified by default.
      feat('P01', rect(0, 0, 10, 10), { batch: '2023Q4', detected_on: '2023-12-20' }),
    ],
    permits: [
      feat('A', rect(0, 0, 5, 10)),
      feat('B', rect(30, 0, 35, 10)), // touches P02 along x = 30
      feat('C', rect(120, 0, 126, 10)), // over removal patch P07: a permit is no teardown evidence
    ],
    ledger: [
      feat('L01', rect(0, 0, 10, 10), stock('2010-01-01')),
      feat('L02', rect(20, 0, 23.1, 10), { status: 'permitted', recorded_on: '2016-01-01', built_on: '2015-01-01' }),
      feat('L03', rect(40, 0, 42.9, 10), { status: 'permitted', recorded_on: '2016-01-01', built_on: '' }),
      feat('L04', rect(44, 0, 50, 10), stock('2010-05-01')),
      feat('L05', rect(60, 0, 65, 10), { status: 'demolished', recorded_on: '2019-01-01', built_on: '2018-01-01', demolished_on: '2019-05-01' }),
      feat('L06', rect(80, 0, 84, 10), stock('2020-01-01')),
      feat('L07', rect(120, 0, 125, 10), stock('2020-02-01')),
      feat('L08', rect(125, 0, 127, 10), stock('2012-02-01')),
      feat('L09', rect(120, 0, 130, 10), { status: 'demolished', recorded_on: '2019-01-01', built_on: '2018-01-01' }),
      feat('L10', rect(140, 0, 145, 4), stock('2012-01-01')),
      feat('L11', rect(150, 0, 152, 10), stock('2012-01-01')),
      feat('L12', rect(160, 0, 162.5, 10), stock('2011-01-01')),
      feat('L13', rect(161, 0, 163.5, 10), stock('2011-01-01')),
      feat('L14', rect(0, 500, 10, 510), { status: 'retained', recorded_on: '2013-03-31', built_on: '' }),
      feat('L15', rect(20, 500, 30, 510), { status: 'pending', recorded_on: '2013-04-01', built_on: null }),
      feat('L16', rect(40, 500, 50, 510), { status: 'deferred', recorded_on: '2020-01-01', built_on: '2013-03-01' }),
      feat('L17', rect(60, 500, 70, 510), { status: 'pending', recorded_on: '2012-01-01', built_on: '2013-04-01' }),
      // Bow-tie: repaired into two triangles of 25 m² each (both kept).
      feat('L18', poly([[200, 0], [210, 10], [210, 0], [200, 10]]), stock('2010-01-01')),
    ],
  },
});
write('patches', 'older-batch', {
  params: { batch: '2023Q4', min_overlap: 0.5 },
  data: {
    patches: [
      feat('P01', rect(0, 0, 10, 10), { batch: '2023Q4', detected_on: '2023-12-20' }),
      feat('P02', rect(0, 0, 10, 10), B),
    ],
    ledger: [feat('L01', rect(0, 0, 10, 4), stock('2010-01-01'))],
  },
});
write('patches', 'empty', { params: {}, data: {} });

// ---------- check 2: fire ----------
const house = (props: Record<string, string | number | null> = {}) => ({ status: 'pending', recorded_on: '2020-01-01', use: 'residential', structure: 'concrete', ...props });
write('fire', 'lanes', {
  params: {},
  data: {
    fire_lanes: [
      feat('LA', line([[0, 0], [100, 0]]), { width_m: 6 }),
      feat('LB', line([[0, 100], [50, 100], [50, 150]])), // default width 4, a left bend at (50, 100)
    ],
    ledger: [
      feat('B1', rect(10, 0, 20, 5), house()), // touches the centre line
      feat('B2', rect(30, 3, 40, 8), house()), // exactly at w/2
      feat('B3', rect(50, 2.95, 60, 8), house()), // 0.5 m² < 1 m²
      feat('B4', rect(70, 2, 80, 7), house()),
      feat('B5', rect(95, -2, 99, 2), house()), // across the lane
      feat('B6', rect(50.5, 95, 55, 99.5), house()), // in the round join only
      feat('B7', rect(95, -2, 99, 2), house({ status: 'demolished' })), // does not stand
    ],
  },
});
write('fire', 'spacing', {
  params: {},
  data: {
    ledger: [
      feat('S1', rect(0, 0, 10, 10), house({ structure: 'simple' })),
      feat('S2', rect(1000, 0, 1010, 10), house({ floors: 12 })),
      feat('S3', rect(2000, 0, 2010, 10), house({ use: 'enterprise' })),
      feat('S4', rect(3000, 0, 3010, 10), house({ use: 'enterprise', height_m: 30 })),
      feat('S5', rect(4000, 0, 4010, 10), house({ floors: 10 })),
      feat('S6', rect(5000, 0, 5010, 10), house({ use: null, structure: null })),
      feat('S7', rect(6000, 0, 6010, 10), house()),
      feat('S8', rect(7000, 0, 7010, 10), house()),
      feat('S9', rect(7014, 0, 7024, 10), house()),
      feat('D1', rect(6988, 0, 6998, 10), house({ status: 'demolished' })),
      feat('S10', rect(8000, 0, 8010, 10), house()),
    ],
    footprints: [
      feat('F0', rect(0, 0, 10, 10), { structure: 'simple' }),
      feat('F1', rect(21, 0, 31, 10), { structure: 'timber' }),
      feat('F2', rect(1022, 0, 1032, 10), { structure: 'concrete', floors: 11 }),
      feat('F3a', rect(2021, 0, 2031, 10), { use: 'enterprise', structure: 'brick' }),
      feat('F3b', rect(1976.5, 0, 1986.5, 10), { use: 'enterprise', structure: 'steel_shed' }),
      feat('F3c', rect(2000, 19.5, 2010, 29.5), { use: 'enterprise', structure: 'concrete' }),
      feat('F4', rect(3022.5, 0, 3032.5, 10), { use: 'enterprise', structure: 'concrete', floors: 2 }),
      feat('F5a', rect(4018.5, 0, 4028.5, 10), { structure: 'concrete' }),
      feat('F5b', rect(3979.2, 0, 3989.2, 10), { structure: 'brick' }),
      feat('F5c', rect(4000, 23, 4010, 33), { structure: 'simple' }),
      feat('F6', rect(5015.9, 0, 5025.9, 10), {}),
      feat('F6b', rect(4983.1, 0, 4993.1, 10), { structure: 'brick' }),
      feat('F7b', rect(5985, 0, 5995, 10), { structure: 'concrete' }),
      feat('F7a', rect(6015, 0, 6025, 10), { structure: 'concrete' }),
      feat('F10', rect(8002, 2, 8012, 12), { structure: 'simple' }), // overlaps S10
      feat('F10b', rect(8010, 0, 8020, 10), { structure: 'simple' }), // shares S10's wall
    ],
  },
});
write('fire', 'empty', { params: {}, data: {} });

// ---------- check 3: coverage ----------
const station = (capacity: number, status: string, radius?: number) => ({ capacity_tpd: capacity, status, ...(radius ? { service_radius_m: radius } : {}) });
write('coverage', 'basic', {
  params: {},
  data: {
    transfer_stations: [
      feat('T1', point(0, 0), station(10, 'operating')),
      feat('T2', point(2000, 0), station(1, 'upgrading')),
      feat('T3', point(500, 0), station(50, 'planned')),
      feat('T4', point(1000, 10), station(50, 'closed')),
      feat('T5', point(10000, 0), station(5, 'operating', 500)),
      feat('T6', point(4500, 0), station(2, 'operating', 100)),
    ],
    demand: [
      feat('D1', point(1000, 0), { population: 1000 }),
      feat('D2', point(2500, 0), { population: 2000, waste_tpd: 3.5 }),
      feat('D3', rect(9000, -200, 9400, 200), { population: 500, township: '城东' }),
      feat('D4', point(10300, 0), { population: 100 }),
      feat('D5', point(-4000, 0), { population: 300 }),
      feat('D6', point(-6000, 0), { population: 0, waste_tpd: 0.2 }),
      feat('D7', point(4700, 0), { population: 0, waste_tpd: 0.4 }),
    ],
    landfills: [
      feat('LF1', rect(-4600, -50, -4499.5, 50), { status: 'operating' }),
      feat('LF2', rect(-6100, -50, -6050, 50), { status: 'closed' }),
    ],
    candidates: [
      feat('C1', point(-5000, 0), { capacity_tpd: 100 }),
      feat('C2', point(8500, 0), { capacity_tpd: 200 }),
      feat('C3', point(20000, 0), { capacity_tpd: 150 }),
      feat('C4', point(30000, 0), { capacity_tpd: 450 }),
      feat('C5', point(40000, 0), { capacity_tpd: 451 }),
      feat('C6', point(50000, 0), { capacity_tpd: 149 }),
      feat('C7', point(-6075, 0), { capacity_tpd: 10 }),
      feat('C8', point(60000, 0), { capacity_tpd: 10 }),
      feat('C9', point(70000, 0), { capacity_tpd: 10 }),
      feat('C10', point(80000, 0), { capacity_tpd: 10 }),
    ],
    footprints: [
      feat('G1', rect(-5020, -5, -5011, 5)),
      feat('G2', rect(8515.5, -5, 8525, 5)),
      feat('G3', rect(20012, -5, 20020, 5)),
      feat('G4', rect(30014, -5, 30020, 5)),
      feat('G5', rect(40020, -5, 40030, 5)),
      feat('G6', rect(50012, -5, 50020, 5)),
      feat('G10', rect(80010, -5, 80020, 5)), // exactly the 10 m separation: infeasible (≤)
    ],
    ledger: [
      feat('K8', rect(60005, -5, 60015, 5), { status: 'pending', recorded_on: '2020-01-01' }),
      feat('K9', rect(70005, -5, 70015, 5), { status: 'demolished', recorded_on: '2020-01-01' }),
    ],
  },
});
write('coverage', 'no-serving', {
  params: { sites_to_choose: 2 },
  data: {
    transfer_stations: [feat('T1', point(0, 0), station(10, 'planned')), feat('T2', point(100, 0), station(10, 'closed'))],
    demand: [feat('D1', point(50, 0), { population: 100 }), feat('D2', point(80, 0), { population: 300 })],
  },
});
write('coverage', 'empty', { params: {}, data: {} });

// ---------- check 4: quality ----------
const rec = (status: string, props: Record<string, string | number | null> = {}) => ({ status, recorded_on: '2019-01-01', ...props });
const gone = (props: Record<string, string | number | null> = {}) => rec('demolished', { demolished_on: '2021-01-01', ...props });
const sq = (x: number) => rect(x, 0, x + 10, 10);
const P = (batch: string, change_type?: string) => ({ batch, detected_on: batch === '2024Q1' ? '2024-03-15' : '2023-12-20', ...(change_type ? { change_type } : {}) });
write('quality', 'rules', {
  params: {},
  data: {
    ledger: [
      feat('Q01', sq(0), gone()),
      feat('Q02', sq(100), gone()),
      feat('Q03', sq(200), gone({ violation_type: 'added_storey' })),
      feat('Q04', sq(300), gone()),
      feat('Q05', sq(500), rec('pending', { township: '白溪街道' })),
      feat('Q06', sq(600), rec('pending', { township: '白溪街道' })),
      feat('Q07', sq(700), rec('retained')),
      feat('Q08', sq(800), rec('deferred')),
      feat('Q09', sq(900), rec('pending', { township: '白溪街道' })),
      feat('Q10', sq(1000), rec('permitted')),
      feat('Q11', sq(1100), rec('pending')),
      feat('Q12', sq(1200), rec('pending', { area_m2: 118.5 })),
      feat('Q13', sq(1300), rec('pending', { area_m2: 121.5, township: '' })),
      feat('Q14', sq(1400), rec('pending', { area_m2: 78.5 })),
      feat('Q15', sq(1500), rec('pending', { area_m2: 355, floors: 3 })),
      feat('Q16', sq(1600), rec('pending', { area_m2: 365, floors: 3 })),
      feat('Q17', rect(1700, 0, 1702, 2), rec('pending', { area_m2: 13 })),
      feat('Q18', rect(1800, 0, 1802, 2), rec('pending', { area_m2: 15 })),
      feat('Q19', sq(1900), rec('permitted', { area_m2: 500 })),
      feat('Q20', sq(2000), rec('pending', { area_m2: 0 })),
      // One building entered three times, a tie, and a pair just under duplicate_iou.
      feat('D1', sq(3000), rec('permitted')),
      feat('D2', rect(3000.5, 0, 3010.5, 10), rec('permitted')),
      feat('D3', rect(3001, 0, 3011, 10), rec('permitted')),
      feat('E1', sq(3100), rec('permitted')),
      feat('E2', rect(3102, 0, 3112, 10), rec('permitted')),
      feat('E3', rect(3101, 0, 3111, 10), rec('permitted')),
      feat('H1', sq(3200), rec('permitted')),
      feat('H2', rect(3201.2, 0, 3211.2, 10), rec('permitted')),
      // Dates, month-only ones included.
      feat('T1', sq(4000), rec('permitted', { built_on: '2020-05-01', recorded_on: '2020-03-01' })),
      feat('T2', sq(4100), rec('demolished', { built_on: '2020-02-01', recorded_on: '2020-01-01', demolished_on: '2019-12-31' })),
      feat('T3', sq(4200), rec('demolished', { recorded_on: '2020-01-01' })),
      feat('T4', sq(4300), rec('permitted', { recorded_on: '2020-01-01', demolished_on: '2021-01-01' })),
      feat('T5', sq(4400), rec('permitted', { built_on: '2020-05', recorded_on: '2020-05-01' })),
      feat('T6', sq(4500), rec('permitted', { built_on: '2020年6月', recorded_on: '2020-05-31' })),
      feat('T7', sq(4600), rec('permitted', { built_on: '', recorded_on: '2020-01-01', demolished_on: '' })),
      feat('T8', sq(4700), rec('permitted', { built_on: '2025-01-01', recorded_on: '2024-06-30' })),
      feat('T9', sq(4800), rec('permitted', { built_on: '202406', recorded_on: '2024-05-31' })),
      // Large records: 40 × 25.5 = 1020 m², 40 × 24.5 = 980 m².
      feat('L1', rect(5000, 0, 5040, 25.5), rec('pending')),
      feat('L2', rect(5100, 0, 5140, 24.5), rec('pending')),
      feat('L3', rect(5200, 0, 5240, 25.5), rec('retained')),
      feat('L4', rect(5300, 0, 5340, 25.5), rec('permitted')),
      feat('L5', rect(5400, 0, 5440, 25.5), rec('deferred')),
      feat('M1', multi([6000, 0, 6005, 10], [6010, 0, 6015, 10]), gone({ area_m2: 150 })),
      feat('B1', poly([[7000, 0], [7010, 10], [7010, 0], [7000, 10]]), gone({ area_m2: 62 })),
      feat('Z1', poly([[8000, 0], [8010, 0], [8020, 0]]), rec('pending', { area_m2: 12 })),
    ],
    footprints: [
      feat('F01', rect(0, 0, 3.1, 10)),
      feat('F02', rect(100, 0, 102.9, 10)),
      feat('F03', sq(200)),
      feat('F04a', rect(300, 0, 302, 10)),
      feat('F04b', rect(301.5, 0, 303.5, 10)),
      feat('F05', rect(500, 0, 502.9, 10)),
      feat('F06', rect(600, 0, 603.1, 10)),
      feat('F09', rect(900, 0, 902, 10)),
      ...[1200, 1300, 1400, 1500, 1600, 2000].map((x) => feat(`F${x}`, sq(x))),
      feat('F1700', rect(1700, 0, 1702, 2)),
      feat('F1800', rect(1800, 0, 1802, 2)),
      ...[5000, 5100, 5200, 5400].map((x) => feat(`F${x}`, rect(x, 0, x + 40, 25.5))),
      feat('FM1', rect(6000, 0, 6005, 10)),
      feat('FM2', rect(6010, 0, 6012, 10)),
      feat('FB', sq(7000)),
      feat('FZ', rect(7995, -5, 8025, 5)),
    ],
    patches: [
      feat('PA07', rect(700, 0, 703.1, 10), P('2024Q1', 'construction')),
      feat('PR08', sq(800), P('2024Q1', 'removal')),
      feat('PB08', rect(800, 0, 802.9, 10), P('2023Q4', 'expansion')),
      feat('P09', rect(902, 0, 904, 10), P('2024Q1')),
      feat('P11a', rect(1100, 0, 1102, 10), P('2024Q1')),
      feat('P11b', rect(1100.5, 0, 1102.5, 10), P('2023Q4')),
      feat('PL3', rect(5210, 5, 5215, 10), P('2024Q1', 'removal')),
      feat('PL5', rect(5430, 20, 5450, 30), P('2023Q4', 'construction')),
    ],
  },
});
write('quality', 'townships', {
  params: {},
  data: {
    townships: [
      feat('东镇', rect(0, 0, 1000, 1000), { name: '东镇' }),
      feat('西镇', rect(-1000, 0, 0, 1000), { name: '西镇' }),
      feat('A镇', rect(500, 0, 1500, 1000), { name: 'A镇' }),
    ],
    ledger: [
      feat('R1', rect(100, 100, 110, 110), rec('permitted', { township: '东镇' })),
      feat('R2', rect(200, 100, 210, 110), rec('permitted', { township: '西镇' })),
      feat('R3', rect(300, 100, 310, 110), rec('permitted', { township: '' })),
      feat('R4', rect(600, 100, 610, 110), rec('permitted', { township: '东镇' })),
      feat('R5', rect(600, 200, 610, 210), rec('permitted', { township: '北镇' })),
      feat('R6', rect(5000, 100, 5010, 110), rec('permitted', { township: '东镇' })),
      feat('R7', rect(300, 300, 310, 310), rec('permitted')),
      feat('R8', rect(-20, 100, -10, 110), rec('permitted', { township: '西镇' })),
      feat('R9', rect(100, 300, 110, 310), rec('permitted', { township: '东' })),
    ],
  },
});
write('quality', 'as-of', {
  params: { as_of: '2022-01-01', area_tolerance: 0, area_tolerance_m2: 0, large_area_m2: 50 },
  data: {
    ledger: [
      feat('A1', sq(0), rec('permitted', { recorded_on: '2023-01-01' })),
      feat('A2', sq(100), rec('demolished', { recorded_on: '2021-01-01', demolished_on: '2022-06-01' })),
      feat('A3', sq(200), rec('permitted', { built_on: '2022-02', recorded_on: '2023-01-01' })),
      feat('A4', sq(300), rec('permitted', { built_on: '2022-01', recorded_on: '2022-01-01' })),
      feat('A5', sq(400), rec('permitted', { recorded_on: '2022-01-01' })),
      feat('A6', sq(500), rec('permitted', { area_m2: 102 })),
      feat('A8', sq(700), rec('pending', { recorded_on: '2021-01-01' })),
    ],
    footprints: [feat('F8', sq(700))],
  },
});
write('quality', 'empty', { params: {}, data: {} });
// Greedy is not optimal: X (centre) gains most alone, but P and Q together cover more.
const unit = (tpd: number) => ({ population: 0, waste_tpd: tpd });
const siteOf = (x: number) => point(x, 0);
const mclpData = {
  demand: [
    feat('U1', point(-3000, 0), unit(2)),
    feat('U2', point(-1000, 0), unit(2)),
    feat('U3', point(1000, 0), unit(2)),
    feat('U4', point(3000, 0), unit(2)),
    feat('U5', point(0, 1500), unit(1)),
  ],
  candidates: [
    feat('P', siteOf(-2000), { capacity_tpd: 3 }),
    feat('Q', siteOf(2000), { capacity_tpd: 100 }),
    feat('X', siteOf(0), { capacity_tpd: 100 }),
  ],
};
write('coverage', 'siting-exact', { params: { service_radius_m: 1500, sites_to_choose: 2 }, data: mclpData });
write('coverage', 'siting-greedy', { params: { service_radius_m: 1500, sites_to_choose: 2, siting_method: 'greedy' }, data: mclpData });
write('coverage', 'siting-require', { params: { service_radius_m: 1500, sites_to_choose: 2, siting_require: ['X'] }, data: mclpData });
write('coverage', 'landfill-life', {
  params: {},
  data: {
    transfer_stations: [feat('S1', point(0, 0), station(100, 'operating')), feat('S2', point(10000, 0), station(100, 'operating'))],
    demand: [feat('D1', point(1000, 0), unit(20)), feat('D2', point(9000, 0), unit(30)), feat('D3', point(11000, 0), unit(5))],
    landfills: [
      feat('L1', rect(2000, -50, 2100, 50), { status: 'operating', remaining_m3: 14600 }),
      feat('L2', rect(12000, -50, 12100, 50), { status: 'operating', remaining_m3: 365000, daily_tpd: 50 }),
      feat('L3', rect(-2100, -50, -2000, 50), { status: 'closed', remaining_m3: 1000 }),
      feat('L4', rect(5000, -50, 5100, 50), { status: 'closing', remaining_m3: 5000 }),
      feat('L5', rect(20000, -50, 20100, 50), { status: 'operating', remaining_m3: 500, daily_tpd: 1 }),
    ],
  },
});
// Road distance: a one-way street forces a detour, a separate part of the network is never reached.
write('coverage', 'network', {
  params: { distance: 'network' },
  data: {
    roads: [
      feat('R1', line([[0, 0], [1000, 0], [2000, 0]]), { class: 'county' }),
      feat('R2', line([[2000, 0], [2000, 1000]]), { oneway: 'yes' }),
      feat('R3', line([[2000, 1000], [0, 1000]]), { oneway: 'yes' }),
      feat('R6', line([[10000, 0], [11000, 0]])),
      feat('R8', line([[20000, 0], [21000, 0]])),
    ],
    transfer_stations: [feat('S1', point(0, 10), station(100, 'operating')), feat('S2', point(20500, 10), station(100, 'operating'))],
    demand: [feat('D1', point(1500, 20), unit(1)), feat('D2', point(2010, 500), unit(2)), feat('D5', point(1000, 1005), unit(4)), feat('D4', point(10500, 5), unit(8))],
    candidates: [feat('C1', point(1000, -20), { capacity_tpd: 100 }), feat('C2', point(10500, -10), { capacity_tpd: 100 })],
  },
});
write('coverage', 'siting-exclude', { params: { service_radius_m: 1500, sites_to_choose: 2, siting_exclude: ['Q'] }, data: mclpData });
// Capacity: A (cap 5) is nearest to 9 t/d; U2 spills to B, U3 has nowhere else to go.
write('coverage', 'siting-capacity', {
  params: { service_radius_m: 1500, sites_to_choose: 2 },
  data: {
    demand: [feat('U1', point(-500, 0), unit(4)), feat('U2', point(800, 0), unit(3)), feat('U3', point(-1200, 0), unit(2)), feat('U4', point(2600, 0), unit(1))],
    candidates: [feat('A', siteOf(0), { capacity_tpd: 5 }), feat('B', siteOf(2000), { capacity_tpd: 100 })],
  },
});
// Relocation: three stations become sites beside C1; S2 must stay open.
const relocateData = {
  transfer_stations: [
    feat('S1', point(0, 0), { ...station(100, 'operating'), service_radius_m: 1000 }),
    feat('S2', point(5000, 0), { ...station(100, 'operating'), service_radius_m: 1000 }),
    feat('S3', point(10000, 0), { ...station(100, 'operating'), service_radius_m: 1000 }),
    feat('S4', point(20000, 0), { ...station(100, 'closed'), service_radius_m: 1000 }),
  ],
  demand: [
    feat('U1', point(0, 500), unit(1)),
    feat('U2', point(5000, 500), unit(1)),
    feat('U3', point(2000, 0), unit(5)),
    feat('U4', point(3000, 0), unit(5)),
    feat('U5', point(10000, 300), unit(3)),
  ],
  candidates: [feat('C1', siteOf(2500), { capacity_tpd: 8 })],
};
write('coverage', 'siting-relocate', { params: { service_radius_m: 1500, sites_to_choose: 3, siting_existing: 'relocate', siting_keep_open: ['S2'] }, data: relocateData });
console.log('fixture inputs written under', dir);
