// Loads var/large/<layer>.geojson (or any dataset directory) into PostGIS the fast way: stream
// the features, COPY them as WKB hex into an unlogged staging table, then build the real table
// in one CREATE TABLE AS with the repaired WGS84 geometry and its EPSG:4549 copy, GiST on both.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Feature, Geometry } from 'geojson';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { geometryToWkb } from '../../service/geo/wkb.ts';
import { parseDate } from '../../service/import/dates.ts';
import { isLayerName, LAYERS, type LayerName, type PropDef } from '../../service/layers/schema.ts';

export const METRIC_SRID = 4549;

const SQL_TYPE: Record<PropDef['type'], string> = {
  string: 'text',
  date: 'date',
  number: 'double precision',
  integer: 'double precision',
};

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** COPY text format: backslash, tab, newline and CR must be escaped; \N is NULL. */
function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function cell(file: string, index: number, def: PropDef, value: unknown): string {
  if (value === undefined || value === null || value === '') return '\\N';
  if (def.type === 'date') {
    const iso = parseDate(value);
    if (iso === undefined) throw new Error(`${file}: feature ${index}: ${def.name} is not a date: ${JSON.stringify(value)}`);
    return iso ?? '\\N';
  }
  if (def.type === 'number' || def.type === 'integer') {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    if (!Number.isFinite(n)) throw new Error(`${file}: feature ${index}: ${def.name} is not a number: ${JSON.stringify(value)}`);
    return String(n);
  }
  return copyText(String(value));
}

/**
 * The generator writes one feature per line between a header and a footer line; anything else
 * (a pretty-printed file) is small in practice and parsed whole.
 */
async function* readFeatures(file: string): AsyncGenerator<Feature> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineMode = true;
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line === ']}' || line === ']' || /^\{"type":\s*"FeatureCollection".*"features":\s*\[$/.test(line)) continue;
    if (!line.startsWith('{"type":"Feature"')) {
      lineMode = false;
      break;
    }
    yield JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as Feature;
  }
  lines.close();
  if (lineMode) return;
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { features?: Feature[] };
  if (!Array.isArray(doc.features)) throw new Error(`${file}: not a GeoJSON FeatureCollection`);
  yield* doc.features;
}

async function* copyRows(file: string, defs: readonly PropDef[]): AsyncGenerator<string> {
  let index = 0;
  let batch: string[] = [];
  for await (const f of readFeatures(file)) {
    if (!f.geometry) throw new Error(`${file}: feature ${index}: no geometry`);
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const cells = [String(index)];
    for (const def of defs) cells.push(cell(file, index, def, props[def.name]));
    cells.push(Buffer.from(geometryToWkb(f.geometry as Geometry)).toString('hex'));
    batch.push(cells.join('\t'));
    index++;
    if (batch.length === 2000) {
      yield batch.join('\n') + '\n';
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join('\n') + '\n';
}

function isPolygonLayer(layer: LayerName): boolean {
  return LAYERS[layer].geometry.every((k) => k === 'Polygon' || k === 'MultiPolygon');
}

/** Invalid polygons are repaired as docs/spec/checks.md says (ST_MakeValid, linework), keeping the areal part. */
function repaired(layer: LayerName, g: string): string {
  if (!isPolygonLayer(layer)) return g;
  return `CASE WHEN ST_IsValid(${g}) THEN ${g} ELSE ST_CollectionExtract(ST_MakeValid(${g}), 3) END`;
}

async function loadLayer(client: pg.Client, dir: string, layer: LayerName): Promise<number> {
  const defs = LAYERS[layer].props;
  const cols = defs.map((d) => `${ident(d.name)} ${SQL_TYPE[d.type]}`).join(', ');
  const stage = `gt_stage_${layer}`;
  await client.query(`DROP TABLE IF EXISTS ${stage}`);
  await client.query(`CREATE UNLOGGED TABLE ${stage} (fid integer, ${cols}, geom geometry)`);
  const file = resolve(dir, `${layer}.geojson`);
  // A missing layer is an empty layer (docs/spec/checks.md, edge of the contract).
  if (existsSync(file)) {
    const names = ['fid', ...defs.map((d) => ident(d.name)), 'geom'].join(', ');
    const sink = client.query(copyFrom(`COPY ${stage} (${names}) FROM STDIN`));
    await pipeline(Readable.from(copyRows(file, defs)), sink);
  }
  const keep = defs.map((d) => ident(d.name)).join(', ');
  const g = 'ST_SetSRID(s.geom, 4326)';
  await client.query(`DROP TABLE IF EXISTS ${layer}`);
  await client.query(
    `CREATE TABLE ${layer} AS
     SELECT fid, ${keep}, g::geometry(Geometry, 4326) AS geom,
            ST_Transform(g, ${METRIC_SRID})::geometry(Geometry, ${METRIC_SRID}) AS geom_m
     FROM (SELECT s.*, ${repaired(layer, g)} AS g FROM ${stage} s) t`,
  );
  await client.query(`DROP TABLE ${stage}`);
  await client.query(`CREATE INDEX ${layer}_geom_gist ON ${layer} USING gist (geom)`);
  await client.query(`CREATE INDEX ${layer}_geom_m_gist ON ${layer} USING gist (geom_m)`);
  await client.query(`ANALYZE ${layer}`);
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${layer}`);
  return Number(rows[0].n);
}

export async function loadLayers(
  client: pg.Client,
  dir: string,
  layers: string[],
): Promise<{ seconds: number; rows: Record<string, number> }> {
  for (const layer of layers) if (!isLayerName(layer)) throw new Error(`loadLayers: unknown layer ${JSON.stringify(layer)}`);
  const started = performance.now();
  const rows: Record<string, number> = {};
  for (const layer of layers as LayerName[]) rows[layer] = await loadLayer(client, dir, layer);
  return { seconds: (performance.now() - started) / 1000, rows };
}
