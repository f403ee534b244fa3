// What the ledger office decides about quality findings: dismissals with their reason, kept as
// an append-only audit. A dismissal holds what the finding was judged on (the record's content
// and the versions of the other layers) so that it lapses when any of them changes.
export const QUALITY_SQL = [
  `CREATE SEQUENCE IF NOT EXISTS quality_seq`,
  `CREATE TABLE IF NOT EXISTS quality_dismissals (
     seq BIGINT PRIMARY KEY, ledger_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, reason VARCHAR NOT NULL,
     run_id BIGINT NOT NULL, record_hash VARCHAR NOT NULL, layer_versions VARCHAR NOT NULL,
     dismissed_by VARCHAR NOT NULL, dismissed_at TIMESTAMPTZ NOT NULL
   )`,
];

/** The layers besides the ledger a finding is judged on (the record itself is compared by content). */
export const JUDGED_ON = ['footprints', 'patches', 'townships'] as const;
