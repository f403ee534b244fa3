// Features as an Arrow IPC stream: one column per property and the geometry as WKB with the
// GeoArrow extension name, which GDAL, GeoPandas and DuckDB read as geometry.
import { Binary, Field, Float64, RecordBatch, Schema, Struct, Table, Utf8, makeData, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { LAYERS, type LayerName } from '../layers/schema.ts';
import { geometryToWkb } from '../geo/wkb.ts';
import type { StoredFeature } from '../store/index.ts';

export function featuresToArrow(layer: LayerName, features: StoredFeature[]): Uint8Array<ArrayBuffer> {
  const def = LAYERS[layer];
  const fields: Field[] = [];
  const columns: Vector[] = [];
  for (const p of def.props) {
    const numeric = p.type === 'number' || p.type === 'integer';
    const type = numeric ? new Float64() : new Utf8();
    fields.push(new Field(p.name, type, true));
    columns.push(vectorFromArray(features.map((f) => f.props[p.name] ?? null), type as never));
  }
  const geomType = new Binary();
  fields.push(new Field('geometry', geomType, false, new Map([['ARROW:extension:name', 'geoarrow.wkb']])));
  columns.push(vectorFromArray(features.map((f) => geometryToWkb(f.geometry)), geomType));
  const schema = new Schema(fields);
  const data = makeData({
    type: new Struct(fields),
    length: features.length,
    nullCount: 0,
    children: columns.map((v) => v.data[0] ?? makeData({ type: v.type, length: 0 })),
  });
  const table = new Table(schema, new RecordBatch(schema, data));
  return tableToIPC(table, 'stream') as Uint8Array<ArrayBuffer>;
}
