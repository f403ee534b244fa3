// The latest quality run's findings as the ledger office works them: each with whether it is
// dismissed — a dismissal of the same record and kind, given while the record had the content it
// has now, on a run that read the same footprints, patches and townships as the latest one.
import { LAYERS } from '../layers/schema.ts';
import { ident } from '../store/db.ts';
import type { Store } from '../store/index.ts';
import { latestRun, runDocument, type RunInfo } from '../runs/persist.ts';
import type { QualityFinding, QualityResult } from '../checks/quality-types.ts';
import { JUDGED_ON } from './tables.ts';

export interface Dismissal {
  seq: number;
  ledger_id: string;
  kind: string;
  reason: string;
  run_id: number;
  dismissed_by: string;
  dismissed_at: string;
}

export type WorkedFinding = QualityFinding & { dismissed: Dismissal | null };

/** A digest of each record's properties and geometry: it changes when the record does. */
export async function recordHashes(store: Store, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const parts = LAYERS.ledger.props.map((p) => `coalesce(CAST(${ident(p.name)} AS VARCHAR), '')`);
  const rows = await store.all(
    `SELECT id, md5(concat_ws('|', ${parts.join(', ')}, hex(ST_AsWKB(geom)))) AS h FROM layer_ledger
     WHERE id IN (SELECT unnest(CAST(? AS VARCHAR[])))`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [r.id as string, r.h as string]));
}

export function judgedOn(run: RunInfo): string {
  return JSON.stringify(Object.fromEntries(JUDGED_ON.map((l) => [l, run.layer_versions[l] ?? 0])));
}

const DISMISSAL_COLUMNS = `seq, ledger_id, kind, reason, run_id, dismissed_by, strftime(dismissed_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS dismissed_at`;

function toDismissal(r: Record<string, unknown>): Dismissal {
  return { ...(r as unknown as Dismissal), seq: Number(r.seq), run_id: Number(r.run_id) };
}

export async function dismissalHistory(store: Store, ledgerId?: string): Promise<Dismissal[]> {
  const rows = await store.all(`SELECT ${DISMISSAL_COLUMNS} FROM quality_dismissals ${ledgerId ? 'WHERE ledger_id = ?' : ''} ORDER BY seq`, ledgerId ? [ledgerId] : []);
  return rows.map(toDismissal);
}

export async function latestQuality(store: Store): Promise<{ run: RunInfo; doc: QualityResult } | null> {
  const run = await latestRun(store, 'quality');
  if (!run) return null;
  return { run, doc: (await runDocument(store, run.id)) as QualityResult };
}

/** The latest run's findings, each with the dismissal that still holds for it (or null). */
export async function workedFindings(store: Store, run: RunInfo, doc: QualityResult): Promise<WorkedFinding[]> {
  const ids = [...new Set(doc.findings.map((f) => f.ledger_id))];
  const hashes = await recordHashes(store, ids);
  const rows = await store.all(
    `SELECT ${DISMISSAL_COLUMNS}, record_hash FROM quality_dismissals
     WHERE layer_versions = ? ORDER BY seq`,
    [judgedOn(run)],
  );
  const holding = new Map<string, Dismissal>();
  for (const r of rows) {
    if (hashes.get(r.ledger_id as string) === r.record_hash) holding.set(`${r.ledger_id}\u0000${r.kind}`, toDismissal(r));
  }
  return doc.findings.map((f) => ({ ...f, dismissed: holding.get(`${f.ledger_id}\u0000${f.kind}`) ?? null }));
}
