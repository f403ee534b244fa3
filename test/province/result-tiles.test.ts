// Tiles of a province node carry what the county edition's carry: the sample county imported into
// PostgreSQL and into DuckDB, the patches and fire checks run (on PostgreSQL through the queue and
// a worker), then every layer of a set of tiles (z12–z15 over the layers with results) decodes to
// the same features, geometry and properties on both. A verdict given through one node changes the
// patch tile on another, and a new run changes the result tiles, whatever each node had cached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { loadDataset } from '../../service/datasets/load.ts';
import type { CheckName } from '../../service/checks/registry/index.ts';
import { LAYER_NAMES } from '../../service/layers/schema.ts';
import { lonLatToTile } from '../../service/tiles/index.ts';
import { loadDatasetPg } from '../../service/province/load-dataset.ts';
import { startWorker, type RunningWorker } from '../../service/province/worker.ts';
import { createProvinceApp } from '../../service/province/app.ts';
import { openProvinceFields } from '../../service/province/field-routes.ts';
import { RESULT_LAYERS } from '../../service/province/tile-queries.ts';
import { openProvince, readEvents, type Province } from './kit.ts';

const SAMPLE = 'data/sample';
const A = '330723';
type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

let p: Province;
let worker: RunningWorker;
let duck: Store;
let county: Awaited<ReturnType<typeof createApp>>;
let nodeA: App;
let nodeB: App;
const duckTokens: Record<string, string> = {};
let pgInspector: string;

async function runPg(check: CheckName, params?: Record<string, unknown>): Promise<number> {
  const res = await p.send('POST', '/api/province/runs', 'admin', { check, counties: [A], ...(params ? { params } : {}) });
  expect(res.status).toBe(202);
  const started = (await res.json()) as { id: number; counties: { run: number }[] };
  const events = await readEvents(await p.app.request(`/api/province/runs/${started.id}/events`));
  expect(events.at(-1)!.event).toBe('done');
  return started.counties[0].run;
}

beforeAll(async () => {
  p = await openProvince();
  await loadDatasetPg(p.store, SAMPLE, { county: A });
  const fields = await openProvinceFields(p.store);
  worker = await startWorker(p.cluster.url, { concurrency: 1, pollSeconds: 0.5, maintenanceSeconds: 1 });
  for (const check of ['patches', 'fire'] as CheckName[]) await runPg(check);
  pgInspector = await p.store.users.add('u_inspector', 'inspector');
  // Two stateless nodes on one store, each with its own tile cache.
  nodeA = (await createProvinceApp(p.store, {}, fields)).app;
  nodeB = (await createProvinceApp(p.store, {}, fields)).app;

  duck = await Store.open(':memory:');
  await loadDataset(duck, SAMPLE);
  duckTokens.inspector = await duck.users.add('u_inspector', 'inspector');
  county = await createApp(duck);
  for (const check of ['patches', 'fire'] as CheckName[]) await (await county.ctx.runner.start(check, {}, null)).finished;
}, 600_000);

afterAll(async () => {
  await worker?.stop();
  await county?.ctx.runner.close();
  await duck?.close();
  await p?.close();
});

interface Decoded {
  status: number;
  etag: string | null;
  layers: Record<string, string[]>;
}

/** A tile as a map client sees it: per layer, each feature (id, type, geometry, properties) as text, sorted. */
async function tile(app: App, prefix: string, layers: readonly string[], z: number, x: number, y: number): Promise<Decoded> {
  const res = await app.request(`${prefix}/tiles/${layers.join(',')}/${z}/${x}/${y}.mvt`);
  const out: Decoded = { status: res.status, etag: res.headers.get('etag'), layers: {} };
  if (res.status !== 200) return out;
  const vt = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
  for (const [name, l] of Object.entries(vt.layers)) {
    const features: string[] = [];
    for (let i = 0; i < l.length; i++) {
      const f = l.feature(i);
      const props = Object.fromEntries(Object.entries(f.properties).sort(([a], [b]) => (a < b ? -1 : 1)));
      features.push(JSON.stringify([f.id, f.type, f.loadGeometry().map((ring) => ring.map((pt) => [pt.x, pt.y])), props]));
    }
    out.layers[name] = features.sort();
  }
  return out;
}

const center = (b: [number, number, number, number]) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] as const;

/** Tiles z12–z15 over the features of the layers with results: up to `perZoom` per layer and zoom, spread over the layer. */
async function tilesOverResults(perZoom: number): Promise<[number, number, number][]> {
  const keys = new Set<string>();
  for (const layer of RESULT_LAYERS) {
    const features = await duck.query(layer, {});
    for (let z = 12; z <= 15; z++) {
      const seen = new Set<string>();
      for (const f of features) {
        const [lon, lat] = center(f.bbox);
        const t = lonLatToTile(lon, lat, z);
        seen.add(`${z}/${t.x}/${t.y}`);
      }
      const all = [...seen].sort();
      const step = Math.max(1, Math.floor(all.length / perZoom));
      for (let i = 0; i < all.length && i / step < perZoom; i += step) keys.add(all[i]);
    }
  }
  return [...keys].map((k) => k.split('/').map(Number) as [number, number, number]);
}

/** The tile over a patch at z14, and the patch. */
async function patchTile(): Promise<{ batch: string; id: string; z: number; x: number; y: number }> {
  const [f] = await duck.query('patches', { limit: 1 });
  const [lon, lat] = center(f.bbox);
  const t = lonLatToTile(lon, lat, 14);
  return { batch: String(f.props.batch), id: f.id, z: 14, x: t.x, y: t.y };
}

const OTHER_LAYERS = LAYER_NAMES.filter((l) => !RESULT_LAYERS.includes(l));

describe('result tiles on PostgreSQL', () => {
  it('serves every layer of z12–z15 tiles as the DuckDB edition does, results and all', async () => {
    const tiles = await tilesOverResults(6);
    expect(tiles.length).toBeGreaterThan(40);
    let features = 0;
    const joined = new Set<string>();
    for (const [z, x, y] of tiles) {
      for (const layers of [RESULT_LAYERS, OTHER_LAYERS]) {
        const pg = await tile(nodeA, `/c/${A}`, layers, z, x, y);
        const dk = await tile(county.app, '', layers, z, x, y);
        expect(pg.status, `${layers.join(',')} ${z}/${x}/${y}`).toBe(dk.status);
        expect(Object.keys(pg.layers).sort(), `${z}/${x}/${y}`).toEqual(Object.keys(dk.layers).sort());
        for (const name of Object.keys(dk.layers)) {
          expect(pg.layers[name], `${name} ${z}/${x}/${y}`).toEqual(dk.layers[name]);
          features += dk.layers[name].length;
          for (const f of dk.layers[name]) for (const k of Object.keys(JSON.parse(f)[3])) joined.add(`${name}.${k}`);
        }
      }
    }
    expect(features).toBeGreaterThan(1000);
    // The joined results are there to compare, not only the layers' own properties.
    for (const field of ['patches.class', 'patches.overlap', 'ledger.class', 'ledger.blocked', 'ledger.spacing_violation', 'fire_lanes.encroached']) {
      expect(joined.has(field), field).toBe(true);
    }
  }, 600_000);

  it('shows a verdict given through node A on node B, whose tile was cached, and as the DuckDB edition does', async () => {
    const t = await patchTile();
    const before = await tile(nodeB, `/c/${A}`, ['patches'], t.z, t.x, t.y);
    const again = await tile(nodeB, `/c/${A}`, ['patches'], t.z, t.x, t.y);
    expect(again.etag).toBe(before.etag);
    const own = (d: Decoded) => d.layers.patches.map((f) => JSON.parse(f)).filter((f) => f[3].id === t.id);
    expect(own(before).every((f) => f[3].verdict === undefined)).toBe(true);

    const give = { batch: t.batch, verdict: 'illegal', note: null };
    const res = await nodeA.request(`/c/${A}/api/patches/${encodeURIComponent(t.id)}/verdict`, {
      method: 'PUT',
      body: JSON.stringify(give),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${pgInspector}` },
    });
    expect(res.status).toBe(200);
    const after = await tile(nodeB, `/c/${A}`, ['patches'], t.z, t.x, t.y);
    expect(after.etag).not.toBe(before.etag);
    expect(own(after).length).toBeGreaterThan(0);
    expect(own(after).every((f) => f[3].verdict === 'illegal')).toBe(true);
    // A conditional request with the old ETag gets the new tile, not a 304.
    const cond = await nodeB.request(`/c/${A}/tiles/patches/${t.z}/${t.x}/${t.y}.mvt`, { headers: { 'if-none-match': before.etag! } });
    expect(cond.status).toBe(200);

    const duckRes = await county.app.request(`/api/patches/${encodeURIComponent(t.id)}/verdict`, {
      method: 'PUT',
      body: JSON.stringify(give),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${duckTokens.inspector}` },
    });
    expect(duckRes.status).toBe(200);
    const dk = await tile(county.app, '', ['patches'], t.z, t.x, t.y);
    expect(after.layers.patches).toEqual(dk.layers.patches);
  });

  it('shows a new run on every node at once: the ledger tile moves to the new results', async () => {
    // A record the fire check finds encroaching, and its tile.
    const [{ building_id: id }] = (await p.store.pool.query(
      `SELECT building_id FROM result_encroachments WHERE county_code = $1 AND blocked ORDER BY building_id LIMIT 1`, [A],
    )).rows as { building_id: string }[];
    const [rec] = await duck.query('ledger', { equals: { id } });
    const [lon, lat] = center(rec.bbox);
    const { x, y } = lonLatToTile(lon, lat, 15);
    const flags = (d: Decoded) => d.layers.ledger.map((f) => JSON.parse(f)[3]).filter((pr) => pr.id === id).map((pr) => pr.blocked);
    const before = await tile(nodeB, `/c/${A}`, ['ledger'], 15, x, y);
    expect(flags(before).length).toBe(1);

    // No encroachment is large enough to count: the record is no longer blocked once this run is the latest.
    await runPg('fire', { min_encroach_area_m2: 1e9 });
    const after = await tile(nodeB, `/c/${A}`, ['ledger'], 15, x, y);
    expect(after.etag).not.toBe(before.etag);
    expect(flags(after)).toEqual([false]);
    const onA = await tile(nodeA, `/c/${A}`, ['ledger'], 15, x, y);
    expect(onA.layers).toEqual(after.layers);
  }, 300_000);
});
