// The county bulletin's queries for one county of the PostgreSQL store (bulletin-queries.ts), as
// the BulletinStore the report route module speaks to; tallying and ranking are shared with the
// DuckDB edition (reports/monthly-data.ts), so both give the same document for the same data.
import type pg from 'pg';
import type { PgCountyStore } from '../store/pg/index.ts';
import type { BulletinStore, TallyRow } from '../reports/monthly-data.ts';
import { latestRunPg } from './runs.ts';
import { BQ } from './bulletin-queries.ts';

export function pgBulletin(reads: pg.Pool, county: PgCountyStore): BulletinStore {
  const code = county.county;
  const rows = async (sql: string, params: unknown[]): Promise<TallyRow[]> => (await reads.query(sql, [code, ...params])).rows;
  return {
    datasetParams: () => county.datasetParams(),
    patches: (from, next) => rows(BQ.patches.sql, [from, next]),
    newViolations: (from, next, baseline) => rows(BQ.newViolations.sql, [from, next, baseline]),
    demolished: (from, next) => rows(BQ.demolished.sql, [from, next]),
    reuse: (within, to) => rows(BQ.reuse.sql, [within, to]),
    writtenOff: (from, next, to) => rows(BQ.writtenOff.sql, [from, next, from, to]),
    async fireLanes() {
      const fire = await latestRunPg(reads, code, 'fire');
      return fire ? { runId: fire.id, rows: await rows(BQ.fireLanes.sql, [fire.id]) } : null;
    },
    townships: async () => (await rows(BQ.townships.sql, [])).map((r) => r.name as string),
  };
}
