// CSV with a `wkt` column or lon/lat columns (also x/y, 经度/纬度). No .prj exists for a CSV, so
// its CRS comes from the option or dataset.json "layer_crs" (or an EWKT `SRID=…;` prefix).
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { wktToGeoJSON } from '@terraformer/wkt';
import { normaliseEncoding, sniffEncoding } from './encoding.ts';
import { ImportError, type RawFeature, type RawSource } from './types.ts';

const WKT_COLUMN = /^(wkt|geometry|geom|the_geom|shape|wkt_geom)$/i;
const LON_COLUMN = /^(lon|lng|long|longitude|x|经度)$/i;
const LAT_COLUMN = /^(lat|latitude|y|纬度)$/i;
const SAMPLE_BYTES = 1 << 20;
/** Rows handed to the pipeline at a time (one await per batch). */
const BATCH = 1000;

type GeometryColumns = { wkt: string } | { lon: string; lat: string };

function findGeometryColumns(file: string, header: string[]): GeometryColumns {
  const wkt = header.find((h) => WKT_COLUMN.test(h.trim()));
  if (wkt) return { wkt };
  const lon = header.find((h) => LON_COLUMN.test(h.trim()));
  const lat = header.find((h) => LAT_COLUMN.test(h.trim()));
  if (lon && lat) return { lon, lat };
  throw new ImportError(file, `the CSV has no "wkt" column and no lon/lat columns (columns: ${header.join(', ')})`);
}

function parseWkt(text: string): { geometry?: unknown; srid?: string; error?: string } {
  const m = /^\s*SRID=(\d+);(.*)$/is.exec(text);
  const body = (m ? m[2] : text).trim();
  if (body === '') return {};
  try {
    return { geometry: wktToGeoJSON(body), srid: m?.[1] };
  } catch (err) {
    return { error: `geometry WKT does not parse: ${JSON.stringify(body.slice(0, 60))} (${String((err as Error)?.message ?? err)})` };
  }
}

function lonLatGeometry(lonText: string, latText: string): { geometry?: unknown; error?: string } {
  const lon = lonText.trim(), lat = latText.trim();
  if (lon === '' && lat === '') return {};
  const x = Number(lon), y = Number(lat);
  if (lon === '' || lat === '' || !Number.isFinite(x) || !Number.isFinite(y)) {
    return { error: `lon/lat are not numbers: ${JSON.stringify(lonText)}, ${JSON.stringify(latText)}` };
  }
  return { geometry: { type: 'Point', coordinates: [x, y] } };
}

export async function csvSource(path: string, file: string, totalBytes: number, encodingOpt?: string): Promise<RawSource> {
  if (totalBytes === 0) throw new ImportError(file, 'the file is empty');
  const handle = await open(path, 'r');
  const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, totalBytes));
  await handle.read(sample, 0, sample.length, 0);
  await handle.close();
  let encoding: string;
  try {
    encoding = encodingOpt ? normaliseEncoding(encodingOpt) : sniffEncoding(sample, sample.length < totalBytes);
  } catch (err) {
    throw new ImportError(file, (err as Error).message);
  }
  let bytes = 0;
  const source: RawSource = {
    format: 'csv',
    excelDates: true,
    windingIsRepair: false,
    totalBytes,
    bytesRead: () => bytes,
    features: read(),
  };
  async function* read(): AsyncGenerator<RawFeature[]> {
    const input = createReadStream(path, { highWaterMark: 1 << 20 });
    input.on('data', (c) => (bytes += c.length));
    const decoded = encoding === 'utf-8' ? input : input.pipe(iconv.decodeStream(encoding));
    let columns: GeometryColumns | null = null;
    const parser = decoded.pipe(
      parse({
        bom: true,
        skip_empty_lines: true,
        columns: (header: string[]) => {
          const names = header.map((h) => h.trim());
          columns = findGeometryColumns(file, names);
          return names;
        },
      }),
    );
    let batch: RawFeature[] = [];
    try {
      for await (const record of parser as AsyncIterable<Record<string, string>>) {
        const cols = columns as GeometryColumns | null;
        if (!cols) continue;
        const props: Record<string, unknown> = { ...record };
        let g: { geometry?: unknown; error?: string; srid?: string };
        if ('wkt' in cols) {
          g = parseWkt(record[cols.wkt] ?? '');
          delete props[cols.wkt];
          if (g.srid && source.declaredCrs === undefined) source.declaredCrs = `EPSG:${g.srid}`;
        } else {
          g = lonLatGeometry(record[cols.lon] ?? '', record[cols.lat] ?? '');
          delete props[cols.lon];
          delete props[cols.lat];
        }
        batch.push({ geometry: g.geometry ?? null, props, geometryError: g.error });
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } catch (err) {
      if (err instanceof ImportError) throw err;
      const e = err as Error & { code?: string; lines?: number };
      throw new ImportError(file, `malformed CSV${e.lines ? ` at line ${e.lines}` : ''}: ${e.message}`);
    }
    if (!columns) throw new ImportError(file, 'the CSV has no header row');
  }
  return source;
}
