// Service nodes of the province edition for tests: each its own PgStore (its own pool) over one
// throwaway cluster, sharing nothing but the database, as nodes behind a load balancer do; each
// mounts the per-county verdict and field-update routes as `groundtruth serve --db postgres://…` does.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PgStore } from '../../service/store/pg/index.ts';
import { createProvinceApp, type ProvinceConfig } from '../../service/province/app.ts';
import { lonLatToTile } from '../../service/tiles/index.ts';
import { openProvinceFields } from '../../service/province/field-routes.ts';

export interface Node {
  store: PgStore;
  request: (path: string, init?: RequestInit) => Promise<Response>;
}

export async function startNode(url: string, config: Partial<ProvinceConfig> = {}): Promise<Node> {
  const store = await PgStore.open(url, { max: 4 });
  const { app } = await createProvinceApp(store, { maxUploadBytes: 5 * 1024 * 1024, ...config }, await openProvinceFields(store));
  return { store, request: (path, init) => Promise.resolve(app.request(path, init)) };
}

export const fc = (features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });

/** A ledger record: a 0.0001° square with its south-west corner at (lon, lat). */
export const ledgerFeature = (id: string, lon = 119.8, lat = 28.9, props: object = {}) => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.0001, lat], [lon + 0.0001, lat + 0.0001], [lon, lat + 0.0001], [lon, lat]]] },
  properties: { id, recorded_on: '2020-01-01', status: 'pending', ...props },
});

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The ids of a layer's features in the z14 tile over (lon, lat), as a map client decodes them. */
export async function tileIds(node: Node, prefix: string, layer: string, lon: number, lat: number): Promise<{ status: number; etag: string | null; ids: string[] }> {
  const { x, y } = lonLatToTile(lon, lat, 14);
  const res = await node.request(`${prefix}/tiles/${layer}/14/${x}/${y}.mvt`);
  if (res.status !== 200) return { status: res.status, etag: res.headers.get('etag'), ids: [] };
  const tile = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
  const l = tile.layers[layer];
  const ids = l ? Array.from({ length: l.length }, (_, i) => String(l.feature(i).properties.id)) : [];
  return { status: res.status, etag: res.headers.get('etag'), ids: ids.sort() };
}
