// Which county a request is about. The province app's middleware picks the county from the path
// (/c/330723/…) or, with one county loaded, from the store, and runs the rest of the request inside
// it; `countyStore` then answers every LayerStore call for that county. So the single-county route
// modules (layers, OGC features, tiles) are mounted once, unchanged, and serve any county.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LayerInfo } from '../store/index.ts';
import type { PgCountyStore } from '../store/pg/index.ts';
import type { AuditedLayerStore } from '../store/layer-store.ts';

export interface CountyContext {
  store: PgCountyStore;
  /** The county's layer versions as read once for this request (tiles ask for them per layer). */
  meta?: Promise<LayerInfo[]>;
}

const current = new AsyncLocalStorage<CountyContext>();

export function runInCounty<T>(store: PgCountyStore, fn: () => Promise<T>): Promise<T> {
  return current.run({ store }, fn);
}

export function currentCounty(): CountyContext {
  const ctx = current.getStore();
  // A route module reached without the county middleware in front: a wiring mistake, not input.
  if (!ctx) throw new Error('no county chosen for this request: mount county routes behind the county middleware');
  return ctx;
}

/** The request's layer metadata, read at most once per request. */
export function requestMeta(): Promise<LayerInfo[]> {
  const ctx = currentCounty();
  return (ctx.meta ??= ctx.store.layers());
}

const store = () => currentCounty().store;

/** The LayerStore of whichever county the current request is about. */
export const countyStore: AuditedLayerStore = {
  layers: () => store().layers(),
  layer: (name) => store().layer(name),
  versions: () => store().versions(),
  load: (layer, features, report, opts) => store().load(layer, features, report, opts),
  clear: (layer, user) => store().clear(layer, user),
  query: (layer, q) => store().query(layer, q),
  count: (layer, q) => store().count(layer, q),
  read: (layer, q) => store().read(layer, q),
  setDatasetParams: (params) => store().setDatasetParams(params),
  datasetParams: () => store().datasetParams(),
  writeAudit: (entry) => store().writeAudit(entry),
};
