// --parquet writes a GeoParquet file next to each GeoJSON with the same features.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { LAYER_NAMES } from '../../service/layers/schema.ts';
import { generateCounty } from '../../scripts/county/generate.ts';
import { readLayer } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'gen-parquet-'));
let conn: DuckDBConnection;

beforeAll(async () => {
  await generateCounty({ out: dir, footprints: 600, seed: 'parquet', parquet: true });
  const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  conn = await db.connect();
});
afterAll(() => {
  conn?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe('--parquet', () => {
  it.each(LAYER_NAMES)('%s.parquet holds the GeoJSON features with a GEOMETRY column and geo metadata', async (layer) => {
    const file = join(dir, `${layer}.parquet`).replaceAll("'", "''");
    const fc = readLayer(dir, layer);
    const rows = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n, any_value(typeof(geometry)) AS t FROM '${file}'`)).getRowObjects();
    expect(rows[0].n).toBe(fc.features.length);
    expect(String(rows[0].t)).toMatch(/^GEOMETRY/);
    const geo = (await conn.runAndReadAll(`SELECT decode(value) AS v FROM parquet_kv_metadata('${file}') WHERE decode(key) = 'geo'`)).getRowObjects();
    expect(JSON.parse(String(geo[0].v)).primary_column).toBe('geometry');
    // First feature's geometry, as WKT from DuckDB, starts with its GeoJSON type.
    const wkt = (await conn.runAndReadAll(`SELECT ST_AsText(geometry) AS w FROM '${file}' LIMIT 1`)).getRowObjects();
    expect(String(wkt[0].w).replace(/ .*/, '')).toBe(fc.features[0].geometry.type.toUpperCase());
  });

  it('types dates as DATE and numbers as DOUBLE', async () => {
    const file = join(dir, 'ledger.parquet').replaceAll("'", "''");
    const cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM '${file}'`)).getRowObjects();
    const type = Object.fromEntries(cols.map((c) => [String(c.column_name), String(c.column_type)]));
    expect(type.recorded_on).toBe('DATE');
    expect(type.floors).toBe('DOUBLE');
    expect(type.status).toBe('VARCHAR');
  });
});
