// The real desktop client: Debian's GDAL (ogrinfo, ogr2ogr) against a running service on the
// sample county. GDAL missing is a failure with the install hint, never a skip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { Store } from '../../service/store/index.ts';
import { loadDataset } from '../../service/datasets/load.ts';
import { startServer, type RunningServer } from '../../service/server.ts';
import { LAYER_NAMES, LAYERS } from '../../service/layers/schema.ts';
import { crsFromEpsg } from '../../service/geo/crs.ts';
import { servedGeometryType } from '../../service/ogc/describe.ts';
import { lonLatToTile } from '../../service/tiles/index.ts';

const HINT = 'GDAL is needed for these tests: apt-get install -y gdal-bin (scripts/ensure-gdal.sh does it in CI)';
const hasGdal = spawnSync('ogrinfo', ['--version']).status === 0;

let server: RunningServer;
let store: Store;
const dir = mkdtempSync(join(tmpdir(), 'gt-gdal-'));

/**
 * Runs a GDAL tool; returns stdout and stderr (warnings land there). Asynchronously: the service
 * answering GDAL runs in this very process.
 */
function gdal(tool: string, args: string[]): Promise<{ out: string; err: string }> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 300_000, env: { ...process.env, CPL_DEBUG: 'OFF' } }, (err, out, stderr) => {
      if (err) reject(new Error(`${tool} ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve({ out, err: stderr });
    });
  });
}

const GDAL_GEOMETRY: Record<string, string> = { MultiPolygon: 'Multi Polygon', MultiLineString: 'Multi Line String', Point: 'Point', Geometry: 'Unknown (any)' };

beforeAll(async () => {
  if (!hasGdal) return;
  store = await Store.open(':memory:');
  await loadDataset(store, new URL('../../data/sample/', import.meta.url).pathname);
  server = await startServer({ store, port: 0, viewerDist: '/nonexistent' });
}, 180_000);
afterAll(async () => {
  await server?.close();
  store?.close();
});

const api = async (path: string) => (await fetch(`${server.url}${path}`)).json();

describe('GDAL against the running service', () => {
  it('is installed', () => {
    expect(hasGdal, HINT).toBe(true);
  });

  it('ogrinfo lists every collection with its geometry type and field types', async () => {
    expect(hasGdal, HINT).toBe(true);
    const { out } = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${server.url}`]);
    for (const layer of LAYER_NAMES) {
      const want = GDAL_GEOMETRY[servedGeometryType(layer)];
      const line = out.split('\n').find((l) => l.includes(`: ${layer} (title: ${LAYERS[layer].title.zh})`));
      expect(line, `${layer} in\n${out}`).toBeDefined();
      if (want !== 'Unknown (any)') expect(line).toContain(`(${want})`);
    }
    const ledger = (await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${server.url}`, 'ledger'])).out;
    expect(ledger).toContain('Geometry: Multi Polygon');
    const fields = Object.fromEntries([...ledger.matchAll(/^(\w+): (\w+) \(/gm)].map((m) => [m[1], m[2]]));
    // GDAL types a field from the values it reads: a property no record fills (the notice step on
    // a ledger where no notice was served yet) can only come out as String.
    const sample = (await api('/collections/ledger/items?limit=10000')).features as { properties: Record<string, unknown> }[];
    const filled = new Set(sample.flatMap((f) => Object.keys(f.properties).filter((k) => f.properties[k] !== null)));
    for (const p of LAYERS.ledger.props) {
      if (!filled.has(p.name)) continue;
      const allowed = p.type === 'date' ? ['Date'] : p.type === 'string' ? ['String'] : ['Real', 'Integer', 'Integer64'];
      expect(allowed, `${p.name} is ${fields[p.name]}`).toContain(fields[p.name]);
    }
  });

  it('ogr2ogr of every layer matches the API count, without warnings', async () => {
    expect(hasGdal, HINT).toBe(true);
    {
      for (const layer of LAYER_NAMES) {
        const expected = (await api(`/collections/${layer}/items?limit=1`)).numberMatched as number;
        const gpkg = join(dir, `${layer}.gpkg`);
        const { err } = await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, `OAPIF:${server.url}`, '-oo', 'PAGE_SIZE=10000', layer]);
        expect(err.trim(), `${layer} warnings`).toBe('');
        if (expected === 0) continue;
        const info = (await gdal('ogrinfo', ['-ro', '-so', gpkg, layer])).out;
        expect(Number(/Feature Count: (\d+)/.exec(info)?.[1]), layer).toBe(expected);
      }
    }
  }, 600_000);

  it('items in EPSG:4549 read by GDAL land within 1 mm of the importer projection', async () => {
    expect(hasGdal, HINT).toBe(true);
    const q = '/collections/ledger/items?limit=200';
    const lonlat = await api(q);
    const gk = await (await fetch(`${server.url}${q}&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4549')}`)).text();
    const file = join(dir, 'ledger-4549.geojson');
    writeFileSync(file, gk);
    const csv = (await gdal('ogr2ogr', ['-f', 'CSV', '/vsistdout/', file, '-lco', 'GEOMETRY=AS_WKT', '-select', 'id'])).out;
    const rows = csv.trim().split('\n').slice(1);
    expect(rows).toHaveLength(lonlat.features.length);
    const importer = crsFromEpsg(4549);
    let checked = 0;
    for (const [i, row] of rows.entries()) {
      const firstRing = row.slice(0, row.indexOf(')'));
      const coords = [...firstRing.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const ring = lonlat.features[i].geometry.coordinates[0][0] as number[][];
      expect(coords.length).toBe(ring.length);
      for (const [j, [lon, lat]] of ring.entries()) {
        const [e, n] = importer.fromWgs84(lon, lat);
        // GeoJSON as GDAL reads it: first number x, second y — here northing, easting (EPSG order).
        expect(Math.abs(coords[j][0] - n)).toBeLessThan(0.001);
        expect(Math.abs(coords[j][1] - e)).toBeLessThan(0.001);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(800);
  });

  it('a filter through GDAL returns the same ids as the API', async () => {
    expect(hasGdal, HINT).toBe(true);
    const cql = "status = 'pending' AND floors > 3";
    const viaApi = (await api(`/collections/ledger/items?limit=10000&filter=${encodeURIComponent(cql)}`)).features.map((f: { id: string }) => f.id).sort();
    expect(viaApi.length).toBeGreaterThan(5);
    // OAPIF turns -where into what the server offers (status=…) and filters the rest itself.
    const where = (await gdal('ogr2ogr', ['-f', 'CSV', '/vsistdout/', `OAPIF:${server.url}`, 'ledger', '-oo', 'PAGE_SIZE=10000', '-where', cql, '-select', 'id'])).out;
    expect(where.trim().split('\n').slice(1).map((l) => l.replace(/"/g, '')).sort()).toEqual(viaApi);
    // The CQL2 text itself, read by GDAL's GeoJSON driver from the items URL.
    const url = `${server.url}/collections/ledger/items?limit=10000&filter=${encodeURIComponent(cql)}`;
    const direct = (await gdal('ogr2ogr', ['-f', 'CSV', '/vsistdout/', url, '-select', 'id'])).out;
    expect(direct.trim().split('\n').slice(1).map((l) => l.replace(/"/g, '')).sort()).toEqual(viaApi);
  });

  it('ogrinfo MVT: decodes a tile with the features the tile holds', async () => {
    expect(hasGdal, HINT).toBe(true);
    const f = (await api('/collections/ledger/items?limit=1')).features[0];
    const [lon, lat] = f.geometry.coordinates[0][0][0];
    const t = lonLatToTile(lon, lat, 15);
    const res = await fetch(`${server.url}/tiles/ledger/${t.z}/${t.x}/${t.y}.mvt`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const tileDir = join(dir, 'mvt', String(t.z), String(t.x));
    mkdirSync(tileDir, { recursive: true });
    const file = join(tileDir, `${t.y}.pbf`);
    writeFileSync(file, bytes);
    const expected = new VectorTile(new PbfReader(bytes)).layers.ledger.length;
    const { out } = await gdal('ogrinfo', ['-ro', '-so', `MVT:${file}`, 'ledger']);
    expect(Number(/Feature Count: (\d+)/.exec(out)?.[1])).toBe(expected);
    expect(out).toMatch(/Geometry: (Multi Polygon|Polygon)/);
  });
});
