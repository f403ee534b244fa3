import { describe, expect, it } from 'vitest';
import { CrsError, parseCrs } from '../../service/geo/crs.ts';
import { metresBetween } from './helpers.ts';

// A known point: 30.27°N 120.16°E = easting 515395.85 m, northing 3350055.01 m in EPSG:4549.
const LON = 120.16, LAT = 30.27, E = 515395.85, N = 3350055.01;

describe('parseCrs', () => {
  it('projects the known point into EPSG:4549 and back within 0.01 m', () => {
    const crs = parseCrs('EPSG:4549');
    const [e, n] = crs.fromWgs84(LON, LAT);
    expect(Math.abs(e - E)).toBeLessThan(0.01);
    expect(Math.abs(n - N)).toBeLessThan(0.01);
    const [lon, lat] = crs.toWgs84(E, N);
    expect(metresBetween([lon, lat], [LON, LAT])).toBeLessThan(0.01);
  });

  it('reads the zone-prefixed system (EPSG:4528, zone 40) with the prefix on the easting', () => {
    const [lon, lat] = parseCrs('4528').toWgs84(40_000_000 + E, N);
    expect(metresBetween([lon, lat], [LON, LAT])).toBeLessThan(0.01);
  });

  it.each([
    ['4549', 'EPSG:4549'],
    ['epsg:4549', 'EPSG:4549'],
    ['urn:ogc:def:crs:EPSG::4549', 'EPSG:4549'],
    ['EPSG:4326', 'EPSG:4326'],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326'],
    ['4490', 'EPSG:4490'],
    ['GCJ02', 'GCJ02'],
    ['gcj-02', 'GCJ02'],
  ])('names %s as %s', (decl, code) => {
    expect(parseCrs(decl).code).toBe(code);
  });

  it('treats EPSG:4490 as WGS84 (identity)', () => {
    expect(parseCrs('EPSG:4490').toWgs84(120.5, 30.5)).toEqual([120.5, 30.5]);
  });

  it('recognises ESRI .prj names of CGCS2000 Gauss-Krüger zones', () => {
    const cm = 'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    expect(parseCrs(cm).code).toBe('EPSG:4549');
    const zone = cm.replace('CGCS2000_3_Degree_GK_CM_120E', 'CGCS2000_3_Degree_GK_Zone_39').replace('500000.0', '39500000.0').replace('"Central_Meridian",120.0', '"Central_Meridian",117.0');
    expect(parseCrs(zone).code).toBe('EPSG:4527');
  });

  it('builds a Transverse Mercator on CGCS2000 from WKT parameters (central meridian 117°E = EPSG:4548)', () => {
    const wkt = 'PROJCS["my county grid",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]';
    const crs = parseCrs(wkt);
    expect(crs.code).toBe('EPSG:4548');
    // On the central meridian the easting is the false easting.
    const [e] = crs.fromWgs84(117, 30);
    expect(e).toBeCloseTo(500000, 3);
  });

  it('converts GCJ-02 to WGS84 and back within 1 m', () => {
    const gcj = parseCrs('GCJ02');
    const shifted = gcj.fromWgs84(LON, LAT);
    // GCJ-02 shifts Hangzhou by several hundred metres; the inverse brings it back.
    expect(metresBetween(shifted, [LON, LAT])).toBeGreaterThan(100);
    expect(metresBetween(gcj.toWgs84(shifted[0], shifted[1]), [LON, LAT])).toBeLessThan(1);
  });

  it.each(['EPSG:3857', 'EPSG:4512', 'EPSG:4555', 'Beijing 1954', ''])('rejects %j naming it', (decl) => {
    expect(() => parseCrs(decl)).toThrow(CrsError);
    if (decl) expect(() => parseCrs(decl)).toThrow(decl);
  });
});
