// Loose shapefiles (.shp beside .dbf/.prj/.cpg), written to a temporary directory per case.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Point } from 'geojson';
import { openLayerFile } from '../../service/import/index.ts';
import { writeDbf, writeShp, type DbfField } from './shapefile-writer.ts';

const FIELDS: DbfField[] = [
  { name: 'id', type: 'C', length: 8 },
  { name: '名称', type: 'C', length: 24 },
  { name: '规模', type: 'N', length: 6 },
  { name: '状态', type: 'C', length: 8 },
  { name: '建成', type: 'N', length: 6 },
];
const ROWS = [['S1', '城东转运站', 120, '运行', 45000]];

function writeStations(parts: { encoding: string; cpg?: string; prj?: string; truncateShp?: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'gt-shp-'));
  const { shp, shx } = writeShp([{ type: 'Point', coordinates: [120.16, 30.27] }]);
  writeFileSync(join(dir, 'stations.shp'), parts.truncateShp ? shp.subarray(0, shp.length - 8) : shp);
  writeFileSync(join(dir, 'stations.shx'), shx);
  writeFileSync(join(dir, 'stations.dbf'), writeDbf(FIELDS, ROWS, parts.encoding));
  if (parts.cpg) writeFileSync(join(dir, 'stations.cpg'), parts.cpg);
  if (parts.prj) writeFileSync(join(dir, 'stations.prj'), parts.prj);
  return join(dir, 'stations.shp');
}

async function load(path: string, encoding?: string) {
  const { report, features } = await openLayerFile(path, { layer: 'transfer_stations', encoding });
  const out = [];
  for await (const f of features) out.push(f);
  return { report, features: out };
}

describe('loose shapefiles', () => {
  it.each([
    ['UTF-8 with a .cpg', { encoding: 'utf-8', cpg: 'UTF-8' }],
    ['UTF-8 without a .cpg', { encoding: 'utf-8' }],
    ['GBK with a .cpg of 936', { encoding: 'gbk', cpg: '936' }],
    ['GBK without a .cpg (detected)', { encoding: 'gbk' }],
  ])('%s', async (_name, parts) => {
    const { report, features } = await load(writeStations(parts));
    expect(report).toMatchObject({ format: 'shapefile', crs: 'EPSG:4326', loaded: 1, rejected: 0 });
    expect(features[0].props).toMatchObject({ id: 'S1', name: '城东转运站', capacity_tpd: 120, status: 'operating' });
    // A numeric .dbf column is an Excel serial day in a Shapefile: kept in extra as read.
    expect(features[0].extra).toEqual({ 建成: 45000 });
    expect((features[0].geometry as Point).coordinates).toEqual([120.16, 30.27]);
  });

  it('honours an explicit encoding over detection', async () => {
    // GBK bytes read as GBK by option even though a wrong .cpg says UTF-8.
    const { features } = await load(writeStations({ encoding: 'gbk', cpg: 'UTF-8' }), 'gbk');
    expect(features[0].props.name).toBe('城东转运站');
  });

  it('reads a .prj of the zone-prefixed Gauss-Krüger system', async () => {
    const prj = 'PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const dir = mkdtempSync(join(tmpdir(), 'gt-shp-'));
    const { shp, shx } = writeShp([{ type: 'Point', coordinates: [40515395.85, 3350055.01] }]);
    writeFileSync(join(dir, 's.shp'), shp);
    writeFileSync(join(dir, 's.shx'), shx);
    writeFileSync(join(dir, 's.dbf'), writeDbf(FIELDS, ROWS, 'utf-8'));
    writeFileSync(join(dir, 's.prj'), prj);
    const { report, features } = await load(join(dir, 's.shp'));
    expect(report.crs).toBe('EPSG:4528');
    const [lon, lat] = (features[0].geometry as Point).coordinates;
    expect(lon).toBeCloseTo(120.16, 7);
    expect(lat).toBeCloseTo(30.27, 7);
  });

  it('a truncated .shp is an ImportError naming the file', async () => {
    await expect(load(writeStations({ encoding: 'utf-8', truncateShp: true }))).rejects.toThrow(/stations\.shp: the \.shp part is truncated/);
  });
});
