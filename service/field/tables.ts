// What inspectors and task forces record in the field, kept as append-only histories: verdicts
// on satellite patches (by batch and id, surviving any reload of the patch layer) and status
// changes of ledger records, with notes and photos.
export const VERDICTS = ['legal', 'illegal', 'false_change'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const FIELD_SQL = [
  `CREATE SEQUENCE IF NOT EXISTS field_seq`,
  `CREATE TABLE IF NOT EXISTS patch_verdicts (
     seq BIGINT PRIMARY KEY, batch VARCHAR NOT NULL, id VARCHAR NOT NULL, verdict VARCHAR NOT NULL,
     note VARCHAR, decided_by VARCHAR NOT NULL, decided_at TIMESTAMPTZ NOT NULL, previous_verdict VARCHAR, previous_seq BIGINT
   )`,
  `CREATE TABLE IF NOT EXISTS ledger_updates (
     seq BIGINT PRIMARY KEY, id VARCHAR NOT NULL, status VARCHAR NOT NULL, demolished_on DATE, note VARCHAR,
     updated_by VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL, previous_status VARCHAR, previous_seq BIGINT
   )`,
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
