// The store: one DuckDB file holding every layer, its versions, the users and (later) check runs.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { LAYER_NAMES, LAYERS, type LayerFeature, type LayerName } from '../layers/schema.ts';
import { Database, WriteLock, resolveDbPath } from './db.ts';
import { schemaSql } from './tables.ts';
import { replaceLayer, replaceLayerStaged, type StagedRows, clearLayer, restoreLayer, archivedVersions, VERSIONS_SQL, type ArchivedVersion, type LoadOptions, type LoadOutcome, type LoadReportLike } from './load.ts';
import { queryFeatures, countFeatures, readLayer, type FeatureQuery, type StoredFeature } from './features.ts';
import { Users, USERS_SQL } from './users.ts';
import { AUDIT_SQL } from '../audit/log.ts';
import type { BBox } from '../geo/bbox.ts';

export interface LayerInfo {
  name: LayerName;
  title: { zh: string; en: string };
  geometry: readonly string[];
  count: number;
  bbox: BBox | null;
  version: number;
  updated_at: string | null;
  updated_by: string | null;
}

export class Store {
  readonly users: Users;
  /** Serialises every write so concurrent uploads queue instead of conflicting. */
  readonly writes = new WriteLock();
  private readonly extraSchema: string[] = [];

  private constructor(readonly db: Database) {
    this.users = new Users(db);
  }

  static async open(path?: string): Promise<Store> {
    const db = await Database.open(resolveDbPath(path));
    const store = new Store(db);
    await store.migrate([...schemaSql(), ...USERS_SQL, ...AUDIT_SQL, ...VERSIONS_SQL]);
    return store;
  }

  /** Runs idempotent DDL; other modules (checks, verdicts) add their own tables through it. */
  async migrate(statements: string[]): Promise<void> {
    for (const sql of statements) await this.db.run(sql);
    this.extraSchema.push(...statements);
  }

  async layers(): Promise<LayerInfo[]> {
    const rows = await this.db.all(
      `SELECT name, version, feature_count, xmin, ymin, xmax, ymax, strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') AS updated_at, updated_by
       FROM layer_meta`,
    );
    const byName = new Map(rows.map((r) => [r.name as string, r]));
    return LAYER_NAMES.map((name) => {
      const r = byName.get(name);
      const count = r ? Number(r.feature_count) : 0;
      return {
        name,
        title: LAYERS[name].title,
        geometry: LAYERS[name].geometry,
        count,
        bbox: count && r ? ([r.xmin, r.ymin, r.xmax, r.ymax] as BBox) : null,
        version: r ? Number(r.version) : 0,
        updated_at: (r?.updated_at as string | null) ?? null,
        updated_by: (r?.updated_by as string | null) ?? null,
      };
    });
  }

  async layer(name: LayerName): Promise<LayerInfo> {
    return (await this.layers()).find((l) => l.name === name)!;
  }

  async versions(): Promise<Record<LayerName, number>> {
    const out = {} as Record<LayerName, number>;
    for (const l of await this.layers()) out[l.name] = l.version;
    return out;
  }

  load(layer: LayerName, features: AsyncIterable<LayerFeature>, report: LoadReportLike, opts?: LoadOptions): Promise<LoadOutcome> {
    // Staging runs outside the write lock; replaceLayer takes it for the swap only.
    return replaceLayer(this.db, this.writes, layer, features, report, opts);
  }

  /** A load whose rows a stager writes into TEMP tables itself (GeoParquet read by DuckDB). */
  loadStaged(layer: LayerName, stage: (conn: DuckDBConnection) => Promise<StagedRows>, report: LoadReportLike, opts?: LoadOptions): Promise<LoadOutcome> {
    return replaceLayerStaged(this.db, this.writes, layer, stage, report, opts);
  }

  restore(layer: LayerName, version: number, user: string | null): Promise<LoadOutcome> {
    return this.writes.run(() => restoreLayer(this.db, layer, version, user));
  }

  archivedVersions(layer?: LayerName): Promise<ArchivedVersion[]> {
    return archivedVersions(this.db, layer);
  }

  clear(layer: LayerName, user: string | null): Promise<LoadOutcome> {
    return this.writes.run(() => clearLayer(this.db, layer, user));
  }

  query(layer: LayerName, q: FeatureQuery): Promise<StoredFeature[]> {
    return queryFeatures(this.db, layer, q);
  }

  count(layer: LayerName, q: FeatureQuery): Promise<number> {
    return countFeatures(this.db, layer, q);
  }

  read(layer: LayerName, q?: FeatureQuery): AsyncGenerator<StoredFeature> {
    return readLayer(this.db, layer, q);
  }

  /** Run parameters and name from the dataset's dataset.json (checks read them as defaults). */
  async setDatasetParams(params: Record<string, unknown>): Promise<void> {
    await this.db.run(
      `INSERT INTO dataset_meta VALUES ('params', CAST(? AS JSON)) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [JSON.stringify(params)],
    );
  }

  async datasetParams(): Promise<Record<string, unknown>> {
    const rows = await this.db.all(`SELECT CAST(value AS VARCHAR) AS v FROM dataset_meta WHERE key = 'params'`);
    return rows.length ? (JSON.parse(rows[0].v as string) as Record<string, unknown>) : {};
  }

  all(sql: string, params?: DuckDBValue[]) {
    return this.db.all(sql, params);
  }

  close(): void {
    this.db.close();
  }
}

export type { StoredFeature, FeatureQuery, LoadOutcome, LoadReportLike, StagedRows, BBox };
