// GeoJSON FeatureCollection (or a lone Feature / geometry) read as a stream of features through
// the byte scanner. A legacy `crs` member before "features" declares the CRS.
import { createReadStream } from 'node:fs';
import { GeoJsonScanner, ScanError } from './geojson-scanner.ts';
import { ImportError, type RawFeature, type RawSource } from './types.ts';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);
const CHUNK_BYTES = 1 << 20;

/** A Feature (or a bare geometry where a feature belongs) → raw feature. */
export function rawFromGeoJson(value: unknown): RawFeature {
  if (!value || typeof value !== 'object') return { geometry: undefined, props: {} };
  const o = value as Record<string, unknown>;
  if (typeof o.type === 'string' && GEOMETRY_TYPES.has(o.type)) return { geometry: o, props: {} };
  const props = o.properties && typeof o.properties === 'object' ? (o.properties as Record<string, unknown>) : {};
  return { geometry: o.geometry, props, featureId: o.id };
}

/** The CRS named by a legacy GeoJSON `crs` member ({type:'name'} or the older {type:'EPSG'}). */
export function crsFromMember(crs: unknown): string | undefined {
  if (!crs || typeof crs !== 'object') return undefined;
  const c = crs as { type?: string; properties?: Record<string, unknown> };
  const p = c.properties ?? {};
  if (typeof p.name === 'string') return p.name;
  if (p.code !== undefined) return `EPSG:${p.code}`;
  return undefined;
}

export function geojsonSource(path: string, file: string, totalBytes: number): RawSource {
  let bytes = 0;
  const source: RawSource = {
    format: 'geojson',
    excelDates: false,
    windingIsRepair: true,
    totalBytes,
    bytesRead: () => bytes,
    features: read(),
  };
  async function* read(): AsyncGenerator<RawFeature[]> {
    let pending: RawFeature[] = [];
    const members: Record<string, unknown> = {};
    let sawFeatures = false;
    const scanner = new GeoJsonScanner({
      features: (values) => {
        sawFeatures = true;
        for (const v of values) pending.push(rawFromGeoJson(v));
      },
      member: (key, value) => {
        members[key] = value;
        if (key === 'crs' && value !== null) {
          const name = crsFromMember(value);
          if (!name) throw new ImportError(file, `the "crs" member names no coordinate system: ${JSON.stringify(value)}`);
          source.declaredCrs = name;
        }
      },
    });
    try {
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
        bytes += (chunk as Buffer).length;
        scanner.push(chunk as Buffer);
        if (pending.length) yield pending;
        pending = [];
      }
      scanner.end();
    } catch (err) {
      if (err instanceof ScanError) throw new ImportError(file, err.message);
      throw err;
    }
    if (sawFeatures) return;
    const type = members.type;
    if (type === 'FeatureCollection') {
      // An array would have been cut into features above; anything else but null is wrong.
      if ('features' in members && members.features !== null) throw new ImportError(file, '"features" is not an array');
      return;
    }
    if (type === 'Feature' || (typeof type === 'string' && GEOMETRY_TYPES.has(type))) {
      yield [rawFromGeoJson(members)];
      return;
    }
    throw new ImportError(file, `not GeoJSON: the root object's type is ${JSON.stringify(type)}`);
  }
  return source;
}
