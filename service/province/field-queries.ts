// Verdicts on patches and field updates of ledger records on PostgreSQL: the tables and every
// statement, in the store's catalog style (store/pg/queries.ts). Each table leads its primary key
// with county_code and every statement binds it as $1, so that under Citus a decision and its
// history live on the county's shard, co-located with its patches and ledger. One sequence numbers
// verdicts and updates alike, as in the DuckDB store (review/tables.ts, teardown/tables.ts).
import type { Scope, Statement } from '../store/pg/queries.ts';
import { layerWrites } from '../store/pg/queries.ts';

const st = (name: string, scope: Scope, sql: string): Statement => ({ name, scope, sql });

const COUNTY_CODE = `county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$')`;

export const FIELD_TABLES_PER_COUNTY = ['patch_verdicts', 'ledger_updates', 'ledger_photos', 'layer_patches', 'layer_ledger', 'layer_meta'];

export function fieldSchemaSql(): string[] {
  return [
    `CREATE SEQUENCE IF NOT EXISTS field_seq`,
    `CREATE TABLE IF NOT EXISTS patch_verdicts (${COUNTY_CODE}, seq bigint NOT NULL, batch text NOT NULL, id text NOT NULL,
       verdict text NOT NULL, note text, decided_by text NOT NULL, decided_at timestamptz NOT NULL DEFAULT now(),
       previous_verdict text, previous_seq bigint, PRIMARY KEY (county_code, seq))`,
    // A patch's standing verdict: one descent to its newest row.
    `CREATE INDEX IF NOT EXISTS patch_verdicts_county_patch ON patch_verdicts (county_code, batch, id, seq DESC)`,
    `CREATE TABLE IF NOT EXISTS ledger_updates (${COUNTY_CODE}, seq bigint NOT NULL, id text NOT NULL, status text NOT NULL,
       demolished_on date, notice_on date, deadline_on date, note text, updated_by text NOT NULL,
       updated_at timestamptz NOT NULL DEFAULT now(), previous_status text, previous_seq bigint, changes json,
       written_off boolean NOT NULL DEFAULT false, reason text, evidence_patch text, PRIMARY KEY (county_code, seq))`,
    `CREATE INDEX IF NOT EXISTS ledger_updates_county_id ON ledger_updates (county_code, id, seq)`,
    `CREATE TABLE IF NOT EXISTS ledger_photos (${COUNTY_CODE}, update_seq bigint NOT NULL, n integer NOT NULL, name text,
       content_type text, bytes bytea NOT NULL, PRIMARY KEY (county_code, update_seq, n))`,
    // A decision finds its patch, and an update its record, by id within the county.
    `CREATE INDEX IF NOT EXISTS layer_patches_county_batch_id ON layer_patches (county_code, batch, id)`,
    `CREATE INDEX IF NOT EXISTS layer_ledger_county_id ON layer_ledger (county_code, id)`,
  ];
}

const MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const VERDICT_COLUMNS = `seq::float8 AS seq, batch, id, verdict, note, decided_by,
  to_char(decided_at AT TIME ZONE 'UTC', ${MS}) AS decided_at, previous_verdict`;
const day = (c: string) => `to_char(${c}, 'YYYY-MM-DD') AS ${c.replace(/^u\./, '')}`;
const UPDATE_COLUMNS = `u.seq::float8 AS seq, u.id, u.status, ${day('u.demolished_on')}, ${day('u.notice_on')}, ${day('u.deadline_on')},
  u.note, u.updated_by, to_char(u.updated_at AT TIME ZONE 'UTC', ${MS}) AS updated_at, u.previous_status,
  (SELECT count(*)::float8 FROM ledger_photos p WHERE p.county_code = $1 AND p.update_seq = u.seq) AS photos,
  u.changes::text AS changes, u.written_off, u.reason, u.evidence_patch`;

export const FQ = {
  /** The patch exists, and is locked: two decisions on one patch run one after the other. */
  patchLock: st('patchLock', 'county', `SELECT 1 AS found FROM layer_patches WHERE county_code = $1 AND batch = $2 AND id = $3 FOR UPDATE`),
  verdictStanding: st('verdictStanding', 'county',
    `SELECT ${VERDICT_COLUMNS} FROM patch_verdicts WHERE county_code = $1 AND batch = $2 AND id = $3 ORDER BY seq DESC LIMIT 1`),
  verdictInsert: st('verdictInsert', 'county',
    `INSERT INTO patch_verdicts (county_code, seq, batch, id, verdict, note, decided_by, previous_verdict, previous_seq)
     VALUES ($1, nextval('field_seq'), $2, $3, $4, $5, $6, $7, $8) RETURNING ${VERDICT_COLUMNS}`),
  verdictCurrent: st('verdictCurrent', 'county',
    `SELECT DISTINCT ON (batch, id) ${VERDICT_COLUMNS} FROM patch_verdicts WHERE county_code = $1
     ORDER BY batch, id, seq DESC`),
  verdictCurrentBatch: st('verdictCurrentBatch', 'county',
    `SELECT DISTINCT ON (batch, id) ${VERDICT_COLUMNS} FROM patch_verdicts WHERE county_code = $1 AND batch = $2
     ORDER BY batch, id, seq DESC`),
  verdictHistory: st('verdictHistory', 'county',
    `SELECT ${VERDICT_COLUMNS} FROM patch_verdicts
     WHERE county_code = $1 AND ($2::text IS NULL OR batch = $2) AND ($3::text IS NULL OR id = $3) ORDER BY seq`),
  /** The record as it stands, locked until the update commits; every editable field is read. */
  ledgerLock: st('ledgerLock', 'county',
    `SELECT status, ${day('notice_on')}, ${day('deadline_on')}, ${day('demolished_on')}, violation_type, reuse, ${day('reuse_on')}
     FROM layer_ledger WHERE county_code = $1 AND id = $2 FOR UPDATE`),
  ledgerStanding: st('ledgerStanding', 'county', `SELECT max(seq)::float8 AS seq FROM ledger_updates WHERE county_code = $1 AND id = $2`),
  /** Status and dates always; an attribute only when its flag says it was edited. */
  ledgerSet: st('ledgerSet', 'county',
    `UPDATE layer_ledger SET status = $3, demolished_on = $4::date, notice_on = $5::date, deadline_on = $6::date,
       violation_type = CASE WHEN $7::boolean THEN $8::text ELSE violation_type END,
       reuse = CASE WHEN $9::boolean THEN $10::text ELSE reuse END,
       reuse_on = CASE WHEN $11::boolean THEN $12::date ELSE reuse_on END
     WHERE county_code = $1 AND id = $2`),
  ledgerInsert: st('ledgerInsert', 'county',
    `INSERT INTO ledger_updates (county_code, seq, id, status, demolished_on, note, updated_by, previous_status, previous_seq,
       notice_on, deadline_on, changes, written_off, reason, evidence_patch)
     VALUES ($1, nextval('field_seq'), $2, $3, $4::date, $5, $6, $7, $8, $9::date, $10::date, $11::json, $12, $13, $14)
     RETURNING seq::float8 AS seq`),
  photoInsert: st('photoInsert', 'county',
    `INSERT INTO ledger_photos (county_code, update_seq, n, name, content_type, bytes) VALUES ($1, $2, $3, $4, $5, $6)`),
  ledgerOne: st('ledgerOne', 'county', `SELECT ${UPDATE_COLUMNS} FROM ledger_updates u WHERE u.county_code = $1 AND u.seq = $2`),
  ledgerHistory: st('ledgerHistory', 'county',
    `SELECT ${UPDATE_COLUMNS} FROM ledger_updates u WHERE u.county_code = $1 AND ($2::text IS NULL OR u.id = $2) ORDER BY u.seq`),
  photoGet: st('photoGet', 'county',
    `SELECT name, content_type, bytes FROM ledger_photos WHERE county_code = $1 AND update_seq = $2 AND n = $3`),
} as const;

/** The ledger's new version after a field update (the load's statement: $1 county, $2 layer, $3 user, $4 source). */
export const ledgerBump = layerWrites('ledger').bumpVersion;

export function fieldCatalog(): Statement[] {
  return Object.values(FQ);
}
