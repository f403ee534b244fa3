// ESRI Shapefile, loose (.shp beside .dbf/.prj/.cpg) or zipped. The .prj declares the CRS; the
// .dbf is decoded as the .cpg says, else UTF-8 when valid, else GBK. Parts are read whole into
// memory: county shapefiles are small next to the 2 GB a .shp may hold.
import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import * as shapefile from 'shapefile';
import { hasUtf8Bom, isValidUtf8, normaliseEncoding } from './encoding.ts';
import { readShapefileZip } from './zip.ts';
import { ImportError, type RawFeature, type RawSource } from './types.ts';

interface ShapefileParts {
  shp: Uint8Array;
  dbf: Uint8Array;
  prj?: string;
  cpg?: string;
}

const textOf = (b: Uint8Array) => new TextDecoder('utf-8').decode(b).replace(/^\uFEFF/, '').trim();

async function partsFromZip(file: string, path: string): Promise<ShapefileParts> {
  const parts = await readShapefileZip(path, file);
  if (!parts.dbf) throw new ImportError(file, `the shapefile ${parts.shpName} has no .dbf part`);
  return { shp: parts.shp!, dbf: parts.dbf, prj: parts.prj && textOf(parts.prj), cpg: parts.cpg && textOf(parts.cpg) };
}

async function partsFromDir(file: string, shpPath: string): Promise<ShapefileParts> {
  const dir = dirname(shpPath);
  const stem = basename(shpPath, extname(shpPath)).toLowerCase();
  const siblings = await readdir(dir);
  const find = (ext: string) => siblings.find((n) => n.toLowerCase() === `${stem}.${ext}`);
  const dbfName = find('dbf');
  if (!dbfName) throw new ImportError(file, 'the shapefile has no .dbf part beside the .shp');
  const prjName = find('prj'), cpgName = find('cpg');
  return {
    shp: await readFile(shpPath),
    dbf: await readFile(join(dir, dbfName)),
    prj: prjName ? textOf(await readFile(join(dir, prjName))) : undefined,
    cpg: cpgName ? textOf(await readFile(join(dir, cpgName))) : undefined,
  };
}

/** Both parts' headers state their lengths; a shorter file was cut off. */
function checkComplete(file: string, parts: ShapefileParts): void {
  const shp = new DataView(parts.shp.buffer, parts.shp.byteOffset, parts.shp.byteLength);
  if (parts.shp.length < 100 || shp.getInt32(0, false) !== 9994) throw new ImportError(file, 'the .shp part is not a shapefile (bad header)');
  const declared = shp.getInt32(24, false) * 2;
  if (parts.shp.length < declared) throw new ImportError(file, `the .shp part is truncated: ${parts.shp.length} of ${declared} bytes`);
  const dbf = new DataView(parts.dbf.buffer, parts.dbf.byteOffset, parts.dbf.byteLength);
  if (parts.dbf.length < 32) throw new ImportError(file, 'the .dbf part is truncated (no header)');
  const records = dbf.getUint32(4, true), headerBytes = dbf.getUint16(8, true), recordBytes = dbf.getUint16(10, true);
  const need = headerBytes + records * recordBytes;
  if (parts.dbf.length < need) throw new ImportError(file, `the .dbf part is truncated: ${parts.dbf.length} of ${need} bytes`);
}

function dbfEncoding(parts: ShapefileParts, override?: string): string {
  if (override) return normaliseEncoding(override);
  if (parts.cpg) return normaliseEncoding(parts.cpg);
  const dbf = parts.dbf;
  const headerBytes = dbf.length >= 12 ? dbf[8] | (dbf[9] << 8) : 0;
  // Field names and records both carry text; test the whole file past the fixed 32-byte header.
  const text = dbf.subarray(32);
  return hasUtf8Bom(text) || isValidUtf8(text) ? 'utf-8' : headerBytes ? 'gbk' : 'utf-8';
}

export async function shapefileSource(path: string, file: string, totalBytes: number, encodingOpt?: string): Promise<RawSource> {
  const isZip = !/\.shp$/i.test(path);
  const parts = isZip ? await partsFromZip(file, path) : await partsFromDir(file, path);
  checkComplete(file, parts);
  let encoding: string;
  try {
    encoding = dbfEncoding(parts, encodingOpt);
  } catch (err) {
    throw new ImportError(file, (err as Error).message);
  }
  let bytes = 0;
  const recordBytes = parts.shp.length / Math.max(1, parts.dbf[4] | (parts.dbf[5] << 8) | (parts.dbf[6] << 16));
  async function* read(): AsyncGenerator<RawFeature[]> {
    let reader: Awaited<ReturnType<typeof shapefile.open>>;
    try {
      reader = await shapefile.open(parts.shp, parts.dbf, { encoding });
    } catch (err) {
      throw new ImportError(file, `the shapefile does not open: ${String((err as Error)?.message ?? err)}`);
    }
    let batch: RawFeature[] = [];
    for (;;) {
      let next: { done: boolean; value: GeoJSON.Feature };
      try {
        next = (await reader.read()) as { done: boolean; value: GeoJSON.Feature };
      } catch (err) {
        throw new ImportError(file, `the shapefile is malformed: ${String((err as Error)?.message ?? err)}`);
      }
      if (next.done) break;
      bytes += recordBytes;
      batch.push({ geometry: next.value.geometry, props: (next.value.properties ?? {}) as Record<string, unknown> });
      if (batch.length >= 1000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }
  return {
    format: 'shapefile',
    declaredCrs: parts.prj,
    excelDates: true,
    windingIsRepair: false,
    totalBytes,
    bytesRead: () => Math.min(bytes, totalBytes),
    features: read(),
  };
}
