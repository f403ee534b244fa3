// Writes the importer fixtures in test/import/in/. Rebuild them with:
//   npx tsx test/import/make-fixtures.ts
// Every file is small and deterministic; expected values are asserted in the tests beside it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { DuckDBInstance, blobValue } from '@duckdb/node-api';
import { parseCrs } from '../../service/geo/crs.ts';
import { geometryToWkb } from '../../service/geo/wkb.ts';
import { writeDbf, writeShp, type DbfField } from './shapefile-writer.ts';

const IN = new URL('./in/', import.meta.url).pathname;
const gk = parseCrs('EPSG:4549');
const gcj = parseCrs('GCJ02');

/** A known point: 30.27°N 120.16°E = E 515395.85, N 3350055.01 in EPSG:4549. */
const E0 = 515395.85, N0 = 3350055.01;
/** A w × h metre rectangle in EPSG:4549 at (e, n), counter-clockwise. */
const gkRect = (e: number, n: number, w = 10, h = 10) => [[[e, n], [e + w, n], [e + w, n + h], [e, n + h], [e, n]]];
/** A small lon/lat square (about 10 m) at (lon, lat), counter-clockwise. */
const llSquare = (lon: number, lat: number, d = 0.0001) => [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];

const write = (name: string, data: string | Uint8Array) => writeFileSync(join(IN, name), data);
const fc = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features }, null, 1);
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });
const polygon = (coordinates: unknown) => ({ type: 'Polygon', coordinates });
const point = (coordinates: number[]) => ({ type: 'Point', coordinates });

rmSync(IN, { recursive: true, force: true });
mkdirSync(join(IN, 'dataset'), { recursive: true });

// --- GeoJSON with a legacy crs member (EPSG:4549), Chinese columns and values -------------------
write(
  'ledger-4549.geojson',
  fc(
    [
      feature({ 编号: 'L-001', 状态: '已拆除', 登记日期: '2024年3月5日', 建成年月: '2019年6月', 结构: '钢混', 用途: '住宅', 层数: '3', 备注: '沿街' }, polygon(gkRect(E0, N0))),
      feature({ 编号: 'L-002', 状态: '待处置', 登记日期: '2024/03/06', 结构: '钢结构', 用途: '厂房', 高度: 7.5 }, polygon(gkRect(E0 + 100, N0 + 100, 20, 10))),
    ],
    { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } } },
  ),
);

// --- NDJSON: patches, one numeric id, the same id in two batches --------------------------------
write(
  'patches.ndjson',
  [
    feature({ 监测编号: 'P1', 批次: '2024Q1', 后时相: '2024-03-20', 前时相: '2023-12-01', 变化类型: '新建', 乡镇: '城关镇' }, polygon(llSquare(120.1, 30.2))),
    feature({ 监测编号: 17, 批次: '2024Q1', 后时相: '20240321', 变化类型: '推土' }, polygon(llSquare(120.11, 30.2))),
    feature({ 监测编号: 'P1', 批次: '2024Q2', 后时相: '2024.06.30', 变化类型: 'other text' }, polygon(llSquare(120.1, 30.2))),
  ]
    .map((f) => JSON.stringify(f))
    .join('\n') + '\n',
);

// --- Zipped Shapefile: EPSG:4549 (.prj), GBK .dbf without .cpg, Chinese and truncated names ----
const PRJ_4549 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
function ledgerShapefile(withDbf = true): Uint8Array {
  const { shp, shx } = writeShp([
    { type: 'Polygon', coordinates: gkRect(E0, N0) },
    { type: 'Polygon', coordinates: gkRect(E0 + 50, N0, 30, 20) },
  ]);
  const fields: DbfField[] = [
    { name: '编号', type: 'C', length: 10 },
    { name: '状态', type: 'C', length: 10 },
    { name: '登记日期', type: 'D', length: 8 },
    { name: '建成年月', type: 'C', length: 12 },
    { name: '层数', type: 'N', length: 4 },
    { name: 'demolished', type: 'C', length: 10 },
    { name: '当事人', type: 'C', length: 20 },
  ];
  const dbf = writeDbf(
    fields,
    [
      ['S-1', '已拆除', '20240305', '2019年6月', 2, '2024.04', '张三'],
      ['S-2', '保留', '20231201', '201805', 1, '', '李四建材厂'],
    ],
    'gbk',
  );
  const files: Record<string, Uint8Array> = { 'ledger.shp': shp, 'ledger.shx': shx, 'ledger.prj': Buffer.from(PRJ_4549) };
  if (withDbf) files['ledger.dbf'] = dbf;
  return zipSync(files);
}
write('ledger-4549-gbk.zip', ledgerShapefile());
write('missing-dbf.zip', ledgerShapefile(false));
write('dataset/ledger.zip', ledgerShapefile());

// --- CSV in GCJ-02 with lon/lat (经度/纬度), UTF-8 with BOM --------------------------------------
const stations = [
  { id: 'T1', name: '城东转运站', cap: '120', status: '运行', lon: 120.16, lat: 30.27 },
  { id: 'T2', name: '城西转运站', cap: '80.5', status: '规划', lon: 120.1, lat: 30.25 },
];
const gcjRow = (s: (typeof stations)[number]) => gcj.fromWgs84(s.lon, s.lat).map((v) => v.toFixed(8));
write(
  'stations-gcj02.csv',
  '\uFEFF编号,名称,规模,状态,经度,纬度\n' + stations.map((s) => [s.id, s.name, s.cap, s.status, ...gcjRow(s)].join(',')).join('\n') + '\n',
);
write(
  'dataset/transfer_stations.csv',
  '站点代码,名称,规模,状态,lon,lat\n' + stations.map((s) => [s.id, s.name, s.cap, s.status, ...gcjRow(s)].join(',')).join('\n') + '\n',
);
write(
  'dataset/dataset.json',
  JSON.stringify(
    { name: '测试县', layer_crs: { transfer_stations: 'GCJ02' }, field_map: { transfer_stations: { 站点代码: 'id' } }, coverage_radius_m: 800 },
    null,
    1,
  ),
);
write('dataset/readme.txt', 'not a layer\n');

// --- CSV with WKT, GBK-encoded, Excel serial dates ----------------------------------------------
write(
  'ledger-wkt-gbk.csv',
  iconv.encode(
    'id,状态,登记日期,用途,wkt\n' +
      'W1,补办,45000,商业,"POLYGON((120.2 30.3,120.2001 30.3,120.2001 30.3001,120.2 30.3001,120.2 30.3))"\n' +
      'W2,暂缓,2024-01-02,公共,"MULTIPOLYGON(((120.3 30.3,120.3001 30.3,120.3001 30.3001,120.3 30.3)))"\n',
    'gbk',
  ),
);

// --- Each date form (patches.detected_on) --------------------------------------------------------
const dateForms = ['2024-03-05', '2024/3/5', '2024.03.05', '2024年3月5日', '20240305', '202403', '2024-03', '2024.03', '2024年3月', '45356', ''];
write(
  'dates.csv',
  'id,batch,detected_on,before_on,wkt\n' +
    dateForms.map((d, k) => `D${k},B1,2024-01-01,${d},"POLYGON((120.${k + 10} 30.2,120.${k + 10}1 30.2,120.${k + 10}1 30.21,120.${k + 10} 30.2))"`).join('\n') +
    '\n',
);

// --- GeoParquet written by DuckDB (transfer stations, lon/lat) ----------------------------------
const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
const conn = await db.connect();
await conn.run('CREATE TABLE s (id VARCHAR, 名称 VARCHAR, capacity_tpd DOUBLE, status VARCHAR, opened DATE, geometry GEOMETRY)');
const rows: [string, string, number, string, string, number[]][] = [
  ['G1', '北站', 150, 'operating', '2020-05-01', [120.2, 30.3]],
  ['G2', '南站', 60, '改造', '2021-07-15', [120.21, 30.25]],
  ['G3', '西站', 90, 'planned', '2022-01-01', [120.12, 30.28]],
];
for (const [id, name, cap, status, opened, xy] of rows) {
  await conn.run('INSERT INTO s VALUES (?, ?, ?, ?, ?::DATE, ST_GeomFromWKB(?))', [id, name, cap, status, opened, blobValue(geometryToWkb({ type: 'Point', coordinates: xy }))]);
}
await conn.run(`COPY s TO '${join(IN, 'stations.parquet')}' (FORMAT parquet)`);
conn.closeSync();
db.closeSync();

// --- Bad input -----------------------------------------------------------------------------------
const sq = (k: number) => polygon(llSquare(120.1 + k * 0.001, 30.2));
write(
  'missing-required.geojson',
  fc([
    feature({ id: 'M1', status: 'pending', recorded_on: '2024-01-01' }, sq(0)),
    feature({ id: 'M2', status: 'pending' }, sq(1)),
    feature({ id: '', status: 'pending', recorded_on: '2024-01-01' }, sq(2)),
  ]),
);
write('duplicate-id.geojson', fc([feature({ id: 'A' }, sq(0)), feature({ id: 'B' }, sq(1)), feature({ id: 'A' }, sq(2))]));
write(
  'bad-date.geojson',
  fc([feature({ id: 'X1', status: 'pending', recorded_on: '2024-02-30' }, sq(0)), feature({ id: 'X2', status: 'pending', recorded_on: '2024-02-29' }, sq(1))]),
);
write(
  'wrong-geometry.geojson',
  fc([feature({ id: 'G1', status: 'pending', recorded_on: '2024-01-01' }, point([120.1, 30.2])), feature({ id: 'G2', status: 'pending', recorded_on: '2024-01-01' }, null)]),
);
write('projected-no-crs.geojson', fc([feature({ id: 'P1' }, sq(0)), feature({ id: 'P2' }, polygon(gkRect(E0, N0)))]));
write('unknown-crs.geojson', fc([feature({ id: 'U1' }, sq(0))], { crs: { type: 'name', properties: { name: 'EPSG:3857' } } }));
const good = fc([feature({ id: 'T1' }, sq(0)), feature({ id: 'T2' }, sq(1)), feature({ id: 'T3' }, sq(2))]);
write('truncated.geojson', good.slice(0, Math.floor(good.length * 0.6)));
write('malformed.geojson', good.replace('"T2"', '"T2",')); // a trailing comma in feature 1
write('empty.geojson', '');
write('not-geojson.geojson', 'id,lon,lat\n1,120,30\n');
write('no-geometry-columns.csv', 'id,name\n1,a\n');
write('stations-bad.csv', 'id,capacity_tpd,status,lon,lat\nB1,0,operating,120.1,30.2\nB2,50,拆迁,120.2,30.2\nB3,abc,operating,120.3,30.2\nB4,10,closed,,\n');

// --- Repairs -------------------------------------------------------------------------------------
write(
  'repair.geojson',
  fc([
    // 0: bow-tie → two triangles, both kept
    feature({ id: 'bowtie' }, polygon([[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]].map((r) => r.map(([x, y]) => [120 + x * 0.001, 30 + y * 0.001])))),
    // 1: ring not closed
    feature({ id: 'unclosed' }, polygon([[[120.01, 30], [120.011, 30], [120.011, 30.001], [120.01, 30.001]]])),
    // 2: exterior clockwise
    feature({ id: 'clockwise' }, polygon([[[120.02, 30], [120.02, 30.001], [120.021, 30.001], [120.021, 30], [120.02, 30]]])),
    // 3: repeated points
    feature({ id: 'repeated' }, polygon([[[120.03, 30], [120.031, 30], [120.031, 30], [120.031, 30.001], [120.03, 30.001], [120.03, 30.001], [120.03, 30]]])),
    // 4: valid, untouched
    feature({ id: 'valid' }, polygon(llSquare(120.04, 30, 0.001))),
    // 5: too few points: rejected (nothing to repair)
    feature({ id: 'degenerate' }, polygon([[[120.05, 30], [120.051, 30], [120.05, 30]]])),
  ]),
);
console.log(`fixtures written to ${IN}`);
