// Check runs through the API: roles, progress, the latest document in three formats, staleness,
// summaries, and the results showing up in vector tiles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDone } from './run-check.ts';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { lonLatToTile } from '../../service/tiles/index.ts';
import type { LayerFeature, LayerName } from '../../service/layers/schema.ts';
import { report, square, stream } from '../helpers.ts';

// About 9.7 m east-west and 11.1 m north-south per 0.0001° here.
const LON = 119.8;
const LAT = 28.9;

let store: Store;
let ctx: Awaited<ReturnType<typeof createApp>>['ctx'];
let app: Awaited<ReturnType<typeof createApp>>['app'];
const tokens: Record<string, string> = {};

async function load(layer: LayerName, features: Omit<LayerFeature, 'index'>[]) {
  const items = features.map((f, index) => ({ ...f, index }));
  const out = await store.load(layer, stream(items), report(layer, items.length));
  // The app's layer-change listeners refresh tiles; tests that load directly must tell them too.
  ctx.events.emit('layer-changed', { layer });
  return out;
}

beforeAll(async () => {
  store = await Store.open(':memory:');
  for (const role of ['viewer', 'inspector', 'enforcer', 'planner']) tokens[role] = await store.users.add(`u_${role}`, role);
  ({ app, ctx } = await createApp(store));
  // A lane running east along LAT; B1 straddles it (blocked), B2 stands well away.
  await load('fire_lanes', [
    { geometry: { type: 'LineString', coordinates: [[LON - 0.001, LAT], [LON + 0.001, LAT]] }, props: { id: 'L1', width_m: 4 }, extra: {} },
  ]);
  await load('ledger', [
    { geometry: square(LON, LAT - 0.00005), props: { id: 'B1', recorded_on: '2020-05-01', status: 'pending', township: '熟溪街道' }, extra: {} },
    { geometry: square(LON, LAT + 0.002), props: { id: 'B2', recorded_on: '2010-05-01', status: 'pending', township: '熟溪街道' }, extra: {} },
  ]);
  await load('patches', [
    { geometry: square(LON + 0.01, LAT), props: { id: 'N1', batch: '2024Q1', detected_on: '2024-03-01' }, extra: {} },
    { geometry: square(LON, LAT + 0.002), props: { id: 'S1', batch: '2024Q1', detected_on: '2024-03-01' }, extra: {} },
  ]);
  await load('transfer_stations', [
    { geometry: { type: 'Point', coordinates: [LON, LAT] }, props: { id: 'T1', capacity_tpd: 1, status: 'operating' }, extra: {} },
  ]);
  await load('demand', [
    { geometry: { type: 'Point', coordinates: [LON + 0.01, LAT] }, props: { id: 'D1', population: 3000 }, extra: {} },
    { geometry: { type: 'Point', coordinates: [LON + 0.2, LAT] }, props: { id: 'D2', population: 500 }, extra: {} },
  ]);
});
afterAll(() => store.close());

const auth = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });

const runCheck = (check: string, role: string, body: object = {}) => runDone(app, check, tokens[role], body);

async function tileFeatures(layer: string) {
  const t = lonLatToTile(LON, LAT, 15);
  const res = await app.request(`/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`);
  expect(res.status).toBe(200);
  const vt = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
  const l = vt.layers[layer];
  return { etag: res.headers.get('etag'), props: Array.from({ length: l.length }, (_, i) => l.feature(i).properties) };
}

describe('check runs over the API', () => {
  it('needs the role of the check', async () => {
    expect((await app.request('/api/checks/fire', { method: 'POST' })).status).toBe(401);
    expect((await app.request('/api/checks/fire', { method: 'POST', headers: auth('inspector') })).status).toBe(403);
    expect((await app.request('/api/checks/coverage', { method: 'POST', headers: auth('enforcer') })).status).toBe(403);
    expect((await app.request('/api/checks/nope', { method: 'POST', headers: auth('enforcer') })).status).toBe(404);
  });

  it('refuses a bad parameter with 400 naming it', async () => {
    const res = await app.request('/api/checks/patches', { method: 'POST', headers: auth('inspector'), body: '{"min_overlap": "lots"}' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/min_overlap/);
  });

  it('runs fire, shows the document, CSV with BOM and GeoJSON, and the tiles change', async () => {
    const before = await tileFeatures('ledger');
    expect(before.props.find((p) => p.id === 'B1')?.blocked).toBeUndefined();
    await runCheck('fire', 'enforcer');
    const doc = await (await app.request('/api/checks/fire/latest')).json();
    expect(doc.encroachments).toHaveLength(1);
    expect(doc.encroachments[0]).toMatchObject({ building_id: 'B1', lane_id: 'L1', remaining_width_m: 0, blocked: true });
    const csv = await app.request('/api/checks/fire/latest?format=csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(/building_id,lane_id,encroach_area_m2/);
    const gj = await (await app.request('/api/checks/fire/latest?format=geojson')).json();
    expect(gj.features[0].geometry.type).toBe('Polygon');
    const after = await tileFeatures('ledger');
    expect(after.etag).not.toBe(before.etag);
    expect(after.props.find((p) => p.id === 'B1')).toMatchObject({ blocked: true, spacing_violation: false });
    const lanes = await tileFeatures('fire_lanes');
    expect(lanes.props[0]).toMatchObject({ id: 'L1', blocked: true, encroached: true });
  });

  it('runs coverage and patches; summaries and runs list follow', async () => {
    await runCheck('coverage', 'planner');
    const cov = await (await app.request('/api/checks/coverage/latest')).json();
    expect(cov.demand.find((d: { id: string }) => d.id === 'D1')).toMatchObject({ station_id: 'T1', covered: true, demand_tpd: 3 });
    expect(cov.demand.find((d: { id: string }) => d.id === 'D2')).toMatchObject({ covered: false });
    expect(cov.stations[0]).toMatchObject({ id: 'T1', assigned_tpd: 3.5, overloaded: true });
    await runCheck('patches', 'inspector');
    const p = await (await app.request('/api/checks/patches/latest?batch=2024Q1')).json();
    const classes = Object.fromEntries(p.patches.map((r: { id: string; class: string }) => [r.id, r.class]));
    expect(classes).toEqual({ N1: 'new', S1: 'stock' });
    const sumRes = await app.request('/api/checks/summaries');
    const sum = await sumRes.json();
    expect(sum.error).toBeUndefined();
    expect(sum.batches['2024Q1']).toEqual({ new: expect.objectContaining({ count: 1 }), stock: expect.objectContaining({ count: 1 }) });
    expect(sum.coverage.uncovered_units).toBe(1);
    const twp = sum.townships.find((t: { township: string }) => t.township === '熟溪街道');
    expect(twp).toMatchObject({ buildings_on_lanes: 1, blocked_lanes: 1 });
    const runs = await (await app.request('/api/checks/runs')).json();
    expect(runs.runs.map((r: { check: string }) => r.check)).toEqual(['patches', 'coverage', 'fire']);
  });

  it('marks a result stale once a layer it read changes', async () => {
    expect((await app.request('/api/checks/fire/latest')).headers.get('x-run-stale')).toBe('false');
    await load('fire_lanes', [
      { geometry: { type: 'LineString', coordinates: [[LON - 0.001, LAT + 0.01], [LON + 0.001, LAT + 0.01]] }, props: { id: 'L9' }, extra: {} },
    ]);
    const res = await app.request('/api/checks/fire/latest');
    expect(res.headers.get('x-run-stale')).toBe('true');
    expect((await res.json()).run.stale).toBe(true);
  });
});
