// Writing a layer out: GeoJSON (streamed), CSV with a UTF-8 BOM and a WKT column (Excel opens
// Chinese text correctly only with the BOM), or GeoParquet through DuckDB's own writer.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { LAYERS, type LayerName } from '../layers/schema.ts';
import { ident } from '../store/db.ts';
import { layerTable } from '../store/tables.ts';
import { toGeoJSON } from '../store/features.ts';
import type { LayerStore } from '../store/layer-store.ts';
import type { Store } from '../store/index.ts';
import { geojsonToWKT } from '@terraformer/wkt';
import { cell, csvStream } from './csv.ts';

export const EXPORT_FORMATS = ['geojson', 'csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function exportGeoJSON(store: Pick<LayerStore, 'read'>, layer: LayerName, out: Writable): Promise<number> {
  let n = 0;
  await write(out, '{"type":"FeatureCollection","name":' + JSON.stringify(layer) + ',"features":[\n');
  for await (const f of store.read(layer)) {
    await write(out, (n++ ? ',\n' : '') + JSON.stringify(toGeoJSON(layer, f)));
  }
  await write(out, '\n]}\n');
  return n;
}

export async function exportCsv(store: Pick<LayerStore, 'read'>, layer: LayerName, out: Writable): Promise<number> {
  const columns = [...LAYERS[layer].props.map((p) => p.name), 'wkt'];
  const csv = csvStream(columns);
  csv.pipe(out, { end: false });
  let n = 0;
  for await (const f of store.read(layer)) {
    const row = [...LAYERS[layer].props.map((p) => cell(f.props[p.name])), geojsonToWKT(f.geometry)];
    if (!csv.write(row)) await once(csv, 'drain');
    n++;
  }
  csv.end();
  await once(csv, 'end');
  return n;
}

/** GeoParquet needs a file path: DuckDB writes it (with its `geo` metadata) directly. */
export async function exportParquet(store: Store, layer: LayerName, path: string): Promise<number> {
  const cols = [...LAYERS[layer].props.map((p) => ident(p.name)), 'geom AS geometry'].join(', ');
  const escaped = path.replaceAll("'", "''");
  // COPY cannot bind its target as a parameter; the path comes from the local command line only.
  await store.db.run(`COPY (SELECT ${cols} FROM ${layerTable(layer)} ORDER BY fid) TO '${escaped}' (FORMAT parquet)`);
  return (await store.layer(layer)).count;
}
