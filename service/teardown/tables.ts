// What task forces record while tearing down ledger buildings, kept as an append-only history:
// status changes of ledger records, with notes and photos.
export const TEARDOWN_SQL = [
  // One sequence orders verdicts and ledger updates alike (review/tables.ts).
  `CREATE SEQUENCE IF NOT EXISTS field_seq`,
  `CREATE TABLE IF NOT EXISTS ledger_updates (
     seq BIGINT PRIMARY KEY, id VARCHAR NOT NULL, status VARCHAR NOT NULL, demolished_on DATE, note VARCHAR,
     updated_by VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL, previous_status VARCHAR, previous_seq BIGINT
   )`,
  // The notice step (notice and deadline dates) came after the first ledgers were stored.
  `ALTER TABLE ledger_updates ADD COLUMN IF NOT EXISTS notice_on DATE`,
  `ALTER TABLE ledger_updates ADD COLUMN IF NOT EXISTS deadline_on DATE`,
  `ALTER TABLE layer_ledger ADD COLUMN IF NOT EXISTS notice_on DATE`,
  `ALTER TABLE layer_ledger ADD COLUMN IF NOT EXISTS deadline_on DATE`,
  // Attribute edits (reuse, reuse_on, violation_type) as { field: [before, after] }, and write-offs
  // (销号) with their reason and evidence; added to stores made before them.
  `ALTER TABLE ledger_updates ADD COLUMN IF NOT EXISTS changes JSON`,
  `ALTER TABLE ledger_updates ADD COLUMN IF NOT EXISTS written_off BOOLEAN DEFAULT false`,
  `ALTER TABLE ledger_updates ADD COLUMN IF NOT EXISTS reason VARCHAR`,
  `ALTER TABLE ledger_updates ADD COLUMN IF NOT EXISTS evidence_patch VARCHAR`,
  `CREATE TABLE IF NOT EXISTS ledger_photos (
     update_seq BIGINT NOT NULL, n INTEGER NOT NULL, name VARCHAR, content_type VARCHAR, bytes BLOB
   )`,
];
