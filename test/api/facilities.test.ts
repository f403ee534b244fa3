// Road-network coverage and service areas through the API: a 10 km road, a station on it with a
// 1 km radius, one unit within reach and one beyond.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToEnd } from './run-check.ts';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import type { LayerFeature, LayerName } from '../../service/layers/schema.ts';
import { report, stream } from '../helpers.ts';

const LON = 119.8;
const LAT = 28.9;

let store: Store;
let app: Awaited<ReturnType<typeof createApp>>['app'];
let planner = '';

async function load(layer: LayerName, features: Omit<LayerFeature, 'index' | 'extra'>[]) {
  const items = features.map((f, index) => ({ ...f, index, extra: {} }));
  await store.load(layer, stream(items), report(layer, items.length));
}

const runCoverage = (body: object) => runToEnd(app, 'coverage', planner, body);

beforeAll(async () => {
  store = await Store.open(':memory:');
  planner = await store.users.add('u_planner', 'planner');
  ({ app } = await createApp(store));
  await load('transfer_stations', [{ geometry: { type: 'Point', coordinates: [LON, LAT + 0.0001] }, props: { id: 'T1', capacity_tpd: 10, status: 'operating', service_radius_m: 1000 } }]);
  await load('demand', [
    { geometry: { type: 'Point', coordinates: [LON + 0.005, LAT] }, props: { id: 'D1', population: 1000 } },
    { geometry: { type: 'Point', coordinates: [LON + 0.02, LAT] }, props: { id: 'D2', population: 1000 } },
  ]);
});
afterAll(() => store.close());

describe('road-network coverage', () => {
  it('refuses network distance without roads, naming the layer', async () => {
    const run = await runCoverage({ distance: 'network' });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/roads layer/);
  });

  it('covers by road and draws the area of each station', async () => {
    await load('roads', [{ geometry: { type: 'LineString', coordinates: [[LON - 0.05, LAT], [LON + 0.05, LAT]] }, props: { id: 'R1' } }]);
    const run = await runCoverage({ distance: 'network' });
    expect(run.status).toBe('done');
    const doc = await (await app.request('/api/checks/coverage/latest')).json();
    expect(doc.demand.map((d: { id: string; covered: boolean }) => [d.id, d.covered])).toEqual([['D1', true], ['D2', false]]);
    // D1 is about 487 m east along the road from the station's road point.
    expect(doc.demand[0].distance_m).toBeGreaterThan(480);
    expect(doc.demand[0].distance_m).toBeLessThan(495);

    const areas = await (await app.request('/api/facilities/service-areas')).json();
    expect(areas.features).toHaveLength(1);
    expect(areas.features[0].properties.station_id).toBe('T1');
    // 1 km each way along a straight two-way road.
    expect(areas.features[0].properties.road_m).toBeCloseTo(2000, 6);
    const xs = areas.features[0].geometry.coordinates.flat().map((p: number[]) => p[0]);
    expect(Math.min(...xs)).toBeLessThan(LON - 0.01);
    expect(Math.max(...xs)).toBeGreaterThan(LON + 0.01);
  });

  it('draws the area of any place, and names a bad radius', async () => {
    const one = await (await app.request(`/api/facilities/service-areas?lon=${LON}&lat=${LAT}&radius_m=500`)).json();
    expect(one.properties.road_m).toBeCloseTo(1000, 6);
    const bad = await app.request(`/api/facilities/service-areas?lon=${LON}&lat=${LAT}&radius_m=-1`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/radius_m/);
  });
});

describe('siting with the stations as sites', () => {
  it('keeps the listed station open, closes none it needs, and names bad options', async () => {
    await load('candidates', [{ geometry: { type: 'Point', coordinates: [LON + 0.02, LAT] }, props: { id: 'C1', capacity_tpd: 0.5 } }]);
    const body = { distance: 'straight', service_radius_m: 1000, siting_existing: 'relocate', siting_keep_open: ['T1'], sites_to_choose: 2 };
    const run = await runCoverage(body);
    expect(run.error ?? run.status).toBe('done');
    const doc = await (await app.request('/api/checks/coverage/latest')).json();
    // T1 serves D1 (1 t/d); C1 serves D2 (1 t/d) with room for half of it.
    expect(doc.siting.chosen.map((c: { id: string; kind: string }) => [c.id, c.kind])).toEqual([['T1', 'station'], ['C1', 'candidate']]);
    expect(doc.siting.chosen[1].assigned_tpd).toBeCloseTo(0.5, 9);
    expect(doc.siting.unassigned_tpd).toBeCloseTo(0.5, 9);
    expect(doc.siting.closed).toEqual([]);
    expect(doc.siting.covered_tpd_after).toBeCloseTo(2, 9);

    const unknown = await runCoverage({ ...body, siting_keep_open: ['T9'] });
    expect(unknown.status).toBe('failed');
    expect(unknown.error).toMatch(/siting_keep_open: no serving station has id "T9"/);
    const res = await app.request('/api/checks/coverage', { method: 'POST', headers: { authorization: `Bearer ${planner}` }, body: JSON.stringify({ siting_existing: 'move' }) });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/siting_existing: expected one of keep, relocate/);
  });
});
