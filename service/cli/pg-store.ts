// Which store a command runs on: `--db postgres://…` (or GROUNDTRUTH_DB) is the province edition's
// PostgreSQL store, anything else the county edition's DuckDB file. On PostgreSQL every county
// command needs a county: `--county`, or a dataset directory's dataset.json "county_code".
import { stat } from 'node:fs/promises';
import { readDatasetJson } from '../import/index.ts';
import { PgStore, CountyError, checkCountyCode, type PgCountyStore } from '../store/pg/index.ts';

/** Commands that run on a PostgreSQL store ("parent sub" for subcommands); the rest refuse it. */
export const PG_COMMANDS = new Set(['import', 'export', 'serve', 'user add', 'user list', 'user remove', 'user disable', 'user enable', 'worker', 'check']);

export const isPgUrl = (db: string | undefined): db is string => Boolean(db && /^postgres(ql)?:\/\//i.test(db));

export async function withPgStore<T>(url: string, fn: (store: PgStore) => Promise<T>): Promise<T> {
  const store = await PgStore.open(url, { max: 4 });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The county code an import goes to, checked before anything is written. */
export async function importCounty(path: string, flag: string | undefined): Promise<{ code: string; name: string | null }> {
  const dir = (await stat(path)).isDirectory();
  const config = dir ? ((await readDatasetJson(path)) as Record<string, unknown>) : {};
  const fromFile = config.county_code;
  if (flag !== undefined && fromFile !== undefined && String(fromFile) !== flag) {
    throw new Error(`--county ${flag} and dataset.json "county_code" ${JSON.stringify(fromFile)} disagree; nothing was loaded`);
  }
  const raw = flag ?? fromFile;
  if (raw === undefined) {
    throw new Error(
      `${dir ? `${path}/dataset.json has no "county_code"` : `${path} is a single file`}: a PostgreSQL store holds many counties, ` +
        'so say which one with --county 330723 (or "county_code" in dataset.json); nothing was loaded',
    );
  }
  let code: string;
  try {
    code = checkCountyCode(raw);
  } catch (err) {
    throw new Error(`${(err as Error).message}; nothing was loaded`);
  }
  const name = typeof config.county_name === 'string' ? config.county_name : typeof config.name === 'string' ? config.name : null;
  return { code, name };
}

/** A registered county for reading (export): unknown and malformed codes are errors naming them. */
export async function existingCounty(store: PgStore, code: string | undefined): Promise<PgCountyStore> {
  if (!code) {
    const known = (await store.counties()).map((c) => c.code);
    if (known.length === 1) return store.county(known[0]);
    throw new Error(`say which county with --county (${known.length ? `loaded: ${known.join(', ')}` : 'no county is loaded'})`);
  }
  try {
    return await store.county(code);
  } catch (err) {
    if (err instanceof CountyError) throw new Error(err.message);
    throw err;
  }
}
