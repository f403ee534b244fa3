// A small county for the teardown tests: one fire lane, a township, and ledger records around it
// (one blocking the lane, some near, one without a notice, one demolished), with a finished fire
// run, served by the whole app in process.
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import type { LayerFeature, LayerName } from '../../service/layers/schema.ts';
import { report, square, stream } from '../helpers.ts';

export const LON = 119.8;
export const LAT = 28.9;
const DAY = 86_400_000;
export const isoDay = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

export interface County {
  store: Store;
  app: Awaited<ReturnType<typeof createApp>>['app'];
  ctx: Awaited<ReturnType<typeof createApp>>['ctx'];
  tokens: Record<string, string>;
  send: (method: string, path: string, who: string | null, body?: unknown) => Promise<Response>;
}

export async function makeCounty(extraLedger: Omit<LayerFeature, 'index'>[] = []): Promise<County> {
  const store = await Store.open(':memory:');
  const tokens: Record<string, string> = {};
  for (const role of ['viewer', 'enforcer', 'admin']) tokens[role] = await store.users.add(`u_${role}`, role);
  const { app, ctx } = await createApp(store);
  const load = (layer: LayerName, features: Omit<LayerFeature, 'index'>[]) =>
    store.load(layer, stream(features.map((f, index) => ({ ...f, index }))), report(layer, features.length));
  const town = (w: number, e: number, name: string) => ({
    geometry: { type: 'Polygon' as const, coordinates: [[[w, LAT - 0.01], [e, LAT - 0.01], [e, LAT + 0.01], [w, LAT + 0.01], [w, LAT - 0.01]]] },
    props: { name },
    extra: {},
  });
  await load('townships', [town(LON - 0.01, LON + 0.005, '熟溪街道'), town(LON + 0.005, LON + 0.02, '王宅镇')]);
  await load('fire_lanes', [{ geometry: { type: 'LineString', coordinates: [[LON - 0.001, LAT], [LON + 0.001, LAT]] }, props: { id: 'FL1', width_m: 4 }, extra: {} }]);
  const served = { notice_on: isoDay(-30), deadline_on: isoDay(-10) };
  const rec = (id: string, lon: number, lat: number, props: Record<string, string | number | null>) => ({
    geometry: square(lon, lat),
    props: { id, recorded_on: '2021-05-01', status: 'pending', township: '熟溪街道', structure: 'steel_shed', ...props },
    extra: {},
  });
  await load('ledger', [
    rec('T-01', LON, LAT - 0.00005, { ...served, area_m2: 120, address: '武义县熟溪街道消防通道旁1号', owner: '王某某' }),
    rec('T-02', LON + 0.0003, LAT + 0.0003, { ...served, area_m2: 80, address: '熟溪街道解放街2号', owner: '李某' }),
    rec('T-03', LON - 0.0004, LAT + 0.0002, { ...served, area_m2: 200, address: '熟溪街道解放街3号', owner: '张某' }),
    rec('T-04', LON + 0.0002, LAT - 0.0004, { area_m2: 60, address: '熟溪街道南门4号', owner: '赵某' }),
    rec('T-05', LON + 0.01, LAT, { ...served, area_m2: 150, township: '王宅镇', address: '王宅镇新村5号', owner: '陈某' }),
    rec('T-06', LON + 0.0005, LAT, { status: 'demolished', demolished_on: '2026-10-20', area_m2: 90 }),
    ...extraLedger,
  ]);
  const { finished } = await ctx.runner.start('fire', {}, 'u_enforcer');
  await finished;
  const send = async (method: string, path: string, who: string | null, body?: unknown) =>
    app.request(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
    });
  return { store, app, ctx, tokens, send };
}
