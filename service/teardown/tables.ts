// What task forces record while tearing down ledger buildings, kept as an append-only history:
// status changes of ledger records, with notes and photos.
export const TEARDOWN_SQL = [
  // One sequence orders verdicts and ledger updates alike (review/tables.ts).
  `CREATE SEQUENCE IF NOT EXISTS field_seq`,
  `CREATE TABLE IF NOT EXISTS ledger_updates (
     seq BIGINT PRIMARY KEY, id VARCHAR NOT NULL, status VARCHAR NOT NULL, demolished_on DATE, note VARCHAR,
     updated_by VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL, previous_status VARCHAR, previous_seq BIGINT
   )`,
  `CREATE TABLE IF NOT EXISTS ledger_photos (
     update_seq BIGINT NOT NULL, n INTEGER NOT NULL, name VARCHAR, content_type VARCHAR, bytes BLOB
   )`,
];
