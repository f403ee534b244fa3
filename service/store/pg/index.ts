// The PostgreSQL store: many counties in one PostGIS database, keyed by county_code. `PgStore` holds
// the pool, the schema and what spans counties (users, the county list); `store.county(code)` gives
// a `PgCountyStore` whose methods and results are the DuckDB Store's (layers, versions, load,
// clear, query, count, read, datasetParams), so both can stand behind one interface.
import pg from 'pg';
import { LAYER_NAMES, LAYERS, type LayerFeature, type LayerName } from '../../layers/schema.ts';
import type { LayerInfo } from '../index.ts';
import { rowToFeature, type FeatureQuery, type StoredFeature } from '../features.ts';
import type { LoadOptions, LoadOutcome, LoadReportLike } from '../load.ts';
import type { BBox } from '../../geo/bbox.ts';
import { CountyError, checkCountyCode } from './county.ts';
import { pgSchemaSql } from './schema.ts';
import { Q, countFeatures, layerReads, selectFeatures } from './queries.ts';
import { pgClearLayer, pgReplaceLayer } from './load.ts';
import { PgUsers } from './users.ts';
import { auditDetailJson, type AuditEntry } from '../../audit/log.ts';
import { ReadRoute } from './read-route.ts';
import { inTransaction } from './transaction.ts';

/** The advisory lock key that serialises schema migrations across processes ("gtmigrat" as bytes). */
const MIGRATE_LOCK = 0x67746d6967726174n.toString();

const READ_PAGE = 2000;

export class PgStore {
  readonly users: PgUsers;
  /** Where reads go: a streaming replica when one is configured (see read-route.ts). */
  readonly route: ReadRoute;

  private constructor(
    readonly pool: pg.Pool,
    replica: pg.Pool | null,
  ) {
    this.users = new PgUsers(pool);
    this.route = new ReadRoute(pool, replica);
  }

  /** The pool for reads of county data and results: the replica's or the primary's, per request. */
  get reads(): pg.Pool {
    return this.route.pool;
  }

  /**
   * Connects to `url` (postgres://…) and creates the tables when missing. With `readUrl` (a
   * streaming replica of it), reads of county data and results go there; writes, users and the
   * county list stay on the primary.
   */
  static async open(url: string, opts: { max?: number; readUrl?: string } = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 8 });
    // An idle connection dropped by the server (restart, failover) must not crash the process;
    // the next query on a fresh connection reports the problem to its caller.
    pool.on('error', () => undefined);
    const replica = opts.readUrl ? new pg.Pool({ connectionString: opts.readUrl, max: opts.max ?? 8 }) : null;
    replica?.on('error', () => undefined);
    const store = new PgStore(pool, replica);
    try {
      await store.migrate(pgSchemaSql());
    } catch (err) {
      await pool.end().catch(() => undefined);
      await replica?.end().catch(() => undefined);
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`cannot open PostgreSQL store ${hidePassword(url)}: ${message}`);
    }
    if (replica) {
      // A read URL that is not a replica of this primary would serve reads nobody writes to.
      try {
        const { rows } = await replica.query('SELECT pg_is_in_recovery() AS standby');
        if (!rows[0].standby) throw new Error('it is not a standby (pg_is_in_recovery() is false): give a streaming replica of --db');
      } catch (err) {
        await store.close().catch(() => undefined);
        const message = err instanceof Error ? err.message : String(err);
        throw new Error(`cannot use read replica ${hidePassword(opts.readUrl!)}: ${message}`);
      }
    }
    return store;
  }

  /**
   * Runs idempotent DDL, one statement after another, in one transaction under one advisory lock:
   * service nodes and workers started together on a new database would otherwise race on
   * `CREATE … IF NOT EXISTS` (both create the table's row type, one fails on pg_type's unique key).
   */
  async migrate(statements: string[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
      for (const sql of statements) await client.query(sql);
    });
  }

  /** Registers a county (idempotent; a later name replaces an earlier one) with every layer at version 0. */
  async addCounty(code: string, name?: string | null): Promise<PgCountyStore> {
    const county = checkCountyCode(code);
    await inTransaction(this.pool, async (client) => {
      await client.query(Q.countyUpsert.sql, [county, name ?? null]);
      await client.query(Q.metaInit.sql, [county, [...LAYER_NAMES]]);
    });
    return new PgCountyStore(this.pool, county, this.route.pool);
  }

  /** The store of one registered county; a malformed or unknown code is a CountyError. */
  async county(code: string): Promise<PgCountyStore> {
    const county = checkCountyCode(code);
    const { rows } = await this.pool.query(Q.countyGet.sql, [county]);
    if (!rows.length) {
      const known = (await this.counties()).map((c) => c.code);
      throw new CountyError(
        `unknown county "${county}": no dataset has been loaded for it (${known.length ? `loaded: ${known.join(', ')}` : 'no county is loaded'})`,
        404,
      );
    }
    return new PgCountyStore(this.pool, county, this.route.pool);
  }

  async counties(): Promise<{ code: string; name: string | null }[]> {
    const { rows } = await this.pool.query(Q.countyList.sql);
    return rows.map((r) => ({ code: r.county_code as string, name: (r.name as string | null) ?? null }));
  }

  /** Raw SQL for tools and tests; county data goes through PgCountyStore's catalogued statements. */
  async all(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return (await this.pool.query(sql, params)).rows as Record<string, unknown>[];
  }

  /** An audit row of what spans counties: sign-ins, users and roles. */
  async writeAudit(e: AuditEntry): Promise<void> {
    await this.pool.query(Q.auditProvinceInsert.sql, [e.actor, e.action, e.target ?? null, auditDetailJson(e.detail), e.ip ?? null]);
  }

  async close(): Promise<void> {
    await this.route.close();
    await this.pool.end();
  }
}

const hidePassword = (url: string) => url.replace(/:[^:@/]*@/, ':***@');

export class PgCountyStore {
  constructor(
    private readonly pool: pg.Pool,
    readonly county: string,
    /** Reads: the primary's pool, or the routed one when a replica serves reads. */
    private readonly reads: pg.Pool = pool,
  ) {}

  async layers(): Promise<LayerInfo[]> {
    const { rows } = await this.reads.query(Q.metaAll.sql, [this.county]);
    const byName = new Map(rows.map((r) => [r.name as string, r]));
    return LAYER_NAMES.map((name) => {
      const r = byName.get(name);
      const count = r ? (r.feature_count as number) : 0;
      return {
        name,
        title: LAYERS[name].title,
        geometry: LAYERS[name].geometry,
        count,
        bbox: count && r ? ([r.minx, r.miny, r.maxx, r.maxy] as BBox) : null,
        version: r ? (r.version as number) : 0,
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

  async load(layer: LayerName, features: AsyncIterable<LayerFeature>, report: LoadReportLike, opts?: LoadOptions): Promise<LoadOutcome> {
    const client = await this.pool.connect();
    try {
      return await pgReplaceLayer(client, this.county, layer, features, report, opts);
    } finally {
      client.release();
    }
  }

  async clear(layer: LayerName, user: string | null): Promise<LoadOutcome> {
    const client = await this.pool.connect();
    try {
      return await pgClearLayer(client, this.county, layer, user);
    } finally {
      client.release();
    }
  }

  async query(layer: LayerName, q: FeatureQuery): Promise<StoredFeature[]> {
    const { sql, params } = selectFeatures(layer, q, this.county);
    const { rows } = await this.reads.query(sql, params);
    return rows.map((r) => rowToFeature(layer, r));
  }

  async count(layer: LayerName, q: FeatureQuery): Promise<number> {
    const { sql, params } = countFeatures(layer, q, this.county);
    return (await this.reads.query(sql, params)).rows[0].n as number;
  }

  /** Streams a layer in fid order, a page at a time, from one snapshot (a load meanwhile is not seen). */
  async *read(layer: LayerName, q: FeatureQuery = {}): AsyncGenerator<StoredFeature> {
    const client = await this.reads.connect();
    let open = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      open = true;
      let after = 0;
      let left = q.limit ?? Infinity;
      let skip = q.offset ?? 0;
      for (;;) {
        const page = Math.min(READ_PAGE, left + skip);
        if (page <= 0) break;
        const { sql, params } = selectFeatures(layer, { bbox: q.bbox, equals: q.equals, afterFid: after, limit: page }, this.county);
        const { rows } = await client.query(sql, params);
        for (const r of rows) {
          if (skip > 0) {
            skip--;
            continue;
          }
          left--;
          yield rowToFeature(layer, r);
        }
        if (rows.length < page) break;
        after = rows[rows.length - 1].fid as number;
      }
      await client.query('COMMIT');
      open = false;
    } finally {
      // A consumer that stops early (break) leaves the snapshot open: end it before release.
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  /** Features of a tile: bbox meets `bbox`, and at least `minDeg` wide or high (points always). */
  async tileFeatures(layer: LayerName, bbox: BBox, minDeg: number): Promise<StoredFeature[]> {
    const { rows } = await this.reads.query(layerReads(layer).tile.sql, [this.county, ...bbox, minDeg]);
    return rows.map((r) => rowToFeature(layer, r));
  }

  /** An audit row of this county (audit/log.ts sends here instead of its DuckDB SQL). */
  async writeAudit(e: AuditEntry): Promise<void> {
    await this.pool.query(Q.auditInsert.sql, [this.county, e.actor, e.action, e.target ?? null, auditDetailJson(e.detail), e.ip ?? null]);
  }

  async setDatasetParams(params: Record<string, unknown>): Promise<void> {
    await this.pool.query(Q.paramsSet.sql, [this.county, JSON.stringify(params)]);
  }

  async datasetParams(): Promise<Record<string, unknown>> {
    const { rows } = await this.reads.query(Q.paramsGet.sql, [this.county]);
    return rows.length ? (JSON.parse(rows[0].v as string) as Record<string, unknown>) : {};
  }
}

export { CountyError, checkCountyCode };
