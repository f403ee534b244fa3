// What each collection holds, as clients need to know it before reading a feature: the geometry
// type it serves (promoted to Multi* where a layer may hold both single and multi parts, so GDAL
// sees one type per layer), the property that `datetime` filters on, and JSON Schema types.
import type { Geometry } from 'geojson';
import { LAYERS, type LayerName, type PropDef } from '../layers/schema.ts';

/** The geometry type served for a layer; 'Geometry' where points and polygons mix (demand). */
export function servedGeometryType(layer: LayerName): 'Point' | 'MultiPolygon' | 'MultiLineString' | 'Geometry' {
  const kinds = new Set(LAYERS[layer].geometry);
  if (kinds.size === 1 && kinds.has('Point')) return 'Point';
  if ([...kinds].every((k) => k === 'Polygon' || k === 'MultiPolygon')) return 'MultiPolygon';
  if ([...kinds].every((k) => k === 'LineString' || k === 'MultiLineString')) return 'MultiLineString';
  return 'Geometry';
}

/** Single parts become one-part multis where the layer's served type is a multi type. */
export function promoteGeometry(layer: LayerName, g: Geometry): Geometry {
  if (g.type === 'Polygon' && servedGeometryType(layer) !== 'Point') return { type: 'MultiPolygon', coordinates: [g.coordinates] };
  if (g.type === 'LineString') return { type: 'MultiLineString', coordinates: [g.coordinates] };
  return g;
}

/** The date property `datetime` filters on: the first required date, else the first date. */
export function datetimeProperty(layer: LayerName): string | null {
  const dates = LAYERS[layer].props.filter((p) => p.type === 'date');
  return (dates.find((p) => p.required) ?? dates[0])?.name ?? null;
}

export function jsonSchemaType(p: PropDef): Record<string, unknown> {
  const base: Record<string, unknown> = { title: `${p.title.zh} · ${p.title.en}` };
  switch (p.type) {
    case 'string':
      return { ...base, type: 'string', ...(p.values && p.strictEnum ? { enum: [...p.values] } : {}) };
    case 'date':
      return { ...base, type: 'string', format: 'date' };
    case 'number':
      return { ...base, type: 'number' };
    case 'integer':
      return { ...base, type: 'integer' };
  }
}

/** The queryables' geometry entry (OGC API - Features Part 3, §6.2: `format: geometry-…`). */
export function geometrySchema(layer: LayerName): Record<string, unknown> {
  const t = servedGeometryType(layer);
  const format = { Point: 'geometry-point', MultiPolygon: 'geometry-multipolygon', MultiLineString: 'geometry-multilinestring', Geometry: 'geometry-any' }[t];
  // No $ref to geojson.org: bureau networks are often closed, and `format` says it all.
  return { title: 'Geometry', type: 'object', format, 'x-ogc-role': 'primary-geometry', 'x-geometry-type': t };
}
