// The ledger office's quality work, search and the audit listing on PostgreSQL: the table and every
// statement, in the store's catalog style (store/pg/queries.ts). quality_dismissals leads its
// primary key with county_code and every per-county statement binds it as $1, so under Citus a
// county's dismissals live on its shard beside its ledger. What a statement returns is what the
// DuckDB store's returns (quality/findings.ts, routes/search.ts, audit/log.ts).
import { LAYERS } from '../layers/schema.ts';
import { ident } from '../store/db.ts';
import { pgLayerTable } from '../store/pg/schema.ts';
import type { Scope, Statement } from '../store/pg/queries.ts';
import { SEARCHED } from '../routes/search.ts';
import { fieldSchemaSql } from './field-queries.ts';

const st = (name: string, scope: Scope, sql: string): Statement => ({ name, scope, sql });

const COUNTY_CODE = `county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$')`;

/** Per-county tables these statements read or write (for the catalog test). */
export const WORK_TABLES_PER_COUNTY = ['quality_dismissals', 'audit_log', ...SEARCHED.map((s) => `layer_${s.layer}`), 'layer_ledger', 'layer_patches'];

/** The dismissals' table, and the field-update tables a write-off goes through. */
export function workSchemaSql(): string[] {
  return [
    ...fieldSchemaSql(),
    `CREATE SEQUENCE IF NOT EXISTS quality_seq`,
    `CREATE TABLE IF NOT EXISTS quality_dismissals (${COUNTY_CODE}, seq bigint NOT NULL, ledger_id text NOT NULL, kind text NOT NULL,
       reason text NOT NULL, run_id bigint NOT NULL, record_hash text NOT NULL, layer_versions text NOT NULL,
       dismissed_by text NOT NULL, dismissed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (county_code, seq))`,
    `CREATE INDEX IF NOT EXISTS quality_dismissals_county_ledger ON quality_dismissals (county_code, ledger_id, seq)`,
    `CREATE INDEX IF NOT EXISTS quality_dismissals_county_judged ON quality_dismissals (county_code, layer_versions, seq)`,
  ];
}

const MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const DISMISSAL_COLUMNS = `seq::float8 AS seq, ledger_id, kind, reason, run_id::float8 AS run_id, dismissed_by,
  to_char(dismissed_at AT TIME ZONE 'UTC', ${MS}) AS dismissed_at`;

/** The record's digest: every property and the geometry, so that any change to the record changes it. */
const RECORD_HASH = `md5(concat_ws('|', ${LAYERS.ledger.props.map((p) => `coalesce(${ident(p.name)}::text, '')`).join(', ')},
  encode(ST_AsBinary(geom), 'hex')))`;

/** One part of the search per layer, as routes/search.ts words it for DuckDB; $2 the text, $3 the pattern. */
const SEARCH_PARTS = SEARCHED.map(({ layer, fields, label }) =>
  `SELECT '${layer}' AS layer, ${layer === 'townships' ? 'name' : 'id'} AS id, ${label} AS label, minx, miny, maxx, maxy,
     CASE WHEN ${fields.map((f) => `${ident(f)}::text = $2`).join(' OR ')} THEN 0 ELSE 1 END AS rank
   FROM ${pgLayerTable(layer)} WHERE county_code = $1 AND (${fields.map((f) => `${ident(f)}::text ILIKE $3 ESCAPE '\\'`).join(' OR ')})`);

/**
 * Audit rows as audit/log.ts reads them, filtered by actor, action or prefix, target and since,
 * then limit and offset: $2…$7 after the county, $1…$6 in the province's own table.
 */
function auditSelect(table: string, county: boolean): string {
  const p = (i: number) => `$${county ? i + 1 : i}`;
  return `SELECT seq::float8 AS seq, to_char(happened_at AT TIME ZONE 'UTC', ${MS}) AS "at", actor, action, target, detail::text AS detail, ip
   FROM ${table} WHERE ${county ? 'county_code = $1 AND ' : ''}(${p(1)}::text IS NULL OR actor = ${p(1)})
     AND (${p(2)}::text IS NULL OR action = ${p(2)} OR starts_with(action, ${p(2)} || '.'))
     AND (${p(3)}::text IS NULL OR target = ${p(3)}) AND (${p(4)}::timestamptz IS NULL OR happened_at >= ${p(4)}::timestamptz)
   ORDER BY seq DESC LIMIT ${p(5)} OFFSET ${p(6)}`;
}

export const WQ = {
  recordHashes: st('recordHashes', 'county',
    `SELECT id, ${RECORD_HASH} AS h FROM layer_ledger WHERE county_code = $1 AND id = ANY($2::text[])`),
  /** The record's digest as it stands, the record locked until the dismissal commits. */
  recordHashLock: st('recordHashLock', 'county',
    `SELECT ${RECORD_HASH} AS h FROM layer_ledger WHERE county_code = $1 AND id = $2 FOR UPDATE`),
  dismissalInsert: st('dismissalInsert', 'county',
    `INSERT INTO quality_dismissals (county_code, seq, ledger_id, kind, reason, run_id, record_hash, layer_versions, dismissed_by)
     VALUES ($1, nextval('quality_seq'), $2, $3, $4, $5, $6, $7, $8) RETURNING ${DISMISSAL_COLUMNS}`),
  dismissalsJudgedOn: st('dismissalsJudgedOn', 'county',
    `SELECT ${DISMISSAL_COLUMNS}, record_hash FROM quality_dismissals WHERE county_code = $1 AND layer_versions = $2 ORDER BY seq`),
  dismissalHistory: st('dismissalHistory', 'county',
    `SELECT ${DISMISSAL_COLUMNS} FROM quality_dismissals WHERE county_code = $1 AND ($2::text IS NULL OR ledger_id = $2) ORDER BY seq`),
  patchExists: st('patchExists', 'county', `SELECT 1 AS found FROM layer_patches WHERE county_code = $1 AND batch = $2 AND id = $3`),
  ledgerStatus: st('ledgerStatus', 'county', `SELECT status FROM layer_ledger WHERE county_code = $1 AND id = $2`),
  /** Exact matches first, then shorter labels, then labels in code-point order (DuckDB's text order). */
  search: st('search', 'county',
    `SELECT layer, id, label, minx, miny, maxx, maxy FROM (${SEARCH_PARTS.join(' UNION ALL ')}) hits
     ORDER BY rank, length(label), label COLLATE "C" LIMIT $4`),
  auditCounty: st('auditCounty', 'county', auditSelect('audit_log', true)),
  /** Sign-ins and user changes: what spans counties. */
  auditProvince: st('auditProvince', 'reference', auditSelect('audit_province', false)),
} as const;

export function workCatalog(): Statement[] {
  return Object.values(WQ);
}
