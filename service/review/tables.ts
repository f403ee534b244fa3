// What inspectors record while reviewing satellite patches, kept as an append-only history:
// verdicts by batch and id, surviving any reload of the patch layer.
export const VERDICTS = ['legal', 'illegal', 'false_change'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const REVIEW_SQL = [
  // One sequence orders verdicts and ledger updates alike (teardown/tables.ts).
  `CREATE SEQUENCE IF NOT EXISTS field_seq`,
  `CREATE TABLE IF NOT EXISTS patch_verdicts (
     seq BIGINT PRIMARY KEY, batch VARCHAR NOT NULL, id VARCHAR NOT NULL, verdict VARCHAR NOT NULL,
     note VARCHAR, decided_by VARCHAR NOT NULL, decided_at TIMESTAMPTZ NOT NULL, previous_verdict VARCHAR, previous_seq BIGINT
   )`,
];
