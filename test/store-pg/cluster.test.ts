// The throwaway cluster fails loudly, with the install line, where PostgreSQL or PostGIS is
// missing, instead of letting the PostgreSQL tests skip.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { startPgCluster } from '../kit/pg-cluster.ts';

describe('throwaway PostgreSQL cluster', () => {
  it('names the missing binary and the apt-get line', async () => {
    await expect(startPgCluster({ bin: '/nonexistent/postgresql/bin' })).rejects.toThrow(
      /\/nonexistent\/postgresql\/bin\/initdb is missing.*apt-get install postgresql-15 postgresql-15-postgis-3/,
    );
  });

  it('names a missing PostGIS', async () => {
    await expect(startPgCluster({ postgisControl: '/nonexistent/postgis.control' })).rejects.toThrow(
      /postgis.control is missing.*postgresql-15-postgis-3/,
    );
  });

  it('starts PostGIS on loopback and removes its directory when stopped', async () => {
    const cluster = await startPgCluster();
    try {
      expect(cluster.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      const { rows } = await client.query('SELECT postgis_lib_version() AS v');
      await client.end();
      expect(rows[0].v).toMatch(/^3\./);
    } finally {
      await cluster.stop();
    }
    expect(existsSync(cluster.dir)).toBe(false);
  });
});
