// What the rest of the service may ask of one county's layers, whichever engine holds them: the
// DuckDB Store (one county per file) and the PostgreSQL PgCountyStore (one county of many) both
// satisfy it, checked by test/store-pg/interface.test.ts. Modules that still call `store.all(sql)`
// or `store.db` speak DuckDB SQL and must move onto methods like these before they can run on
// PostgreSQL.
import type { LayerFeature, LayerName } from '../layers/schema.ts';
import type { LayerInfo } from './index.ts';
import type { FeatureQuery, StoredFeature } from './features.ts';
import type { LoadOptions, LoadOutcome, LoadReportLike } from './load.ts';
import type { AuditTarget } from '../audit/log.ts';

export interface LayerStore {
  layers(): Promise<LayerInfo[]>;
  layer(name: LayerName): Promise<LayerInfo>;
  versions(): Promise<Record<LayerName, number>>;
  load(layer: LayerName, features: AsyncIterable<LayerFeature>, report: LoadReportLike, opts?: LoadOptions): Promise<LoadOutcome>;
  clear(layer: LayerName, user: string | null): Promise<LoadOutcome>;
  query(layer: LayerName, q: FeatureQuery): Promise<StoredFeature[]>;
  count(layer: LayerName, q: FeatureQuery): Promise<number>;
  read(layer: LayerName, q?: FeatureQuery): AsyncGenerator<StoredFeature>;
  setDatasetParams(params: Record<string, unknown>): Promise<void>;
  datasetParams(): Promise<Record<string, unknown>>;
}

/** A county's layers with somewhere to write the audit trail of their changes. */
export type AuditedLayerStore = LayerStore & AuditTarget;

/** Sign-ins, the same on both engines (reference tables on PostgreSQL). */
export interface UserStore {
  add(name: string, role: string, password?: string): Promise<string>;
  issueToken(name: string): Promise<string>;
  byToken(token: string): Promise<{ name: string; role: string } | null>;
  login(name: string, password: string): Promise<{ token: string; user: { name: string; role: string } } | null>;
  revoke(token: string): Promise<void>;
  list(): Promise<{ name: string; role: string }[]>;
  count(): Promise<number>;
}
