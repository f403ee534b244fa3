// The latest quality run's findings as the ledger office works them: each with whether it is
// dismissed — a dismissal of the same record and kind, given while the record had the content it
// has now, on a run that read the same footprints, patches and townships as the latest one.
// The office's work is kept behind a QualityStore: the DuckDB store's SQL below (duckQuality), or
// a county of the PostgreSQL store (province/quality-pg.ts).
import { LAYERS } from '../layers/schema.ts';
import { ident } from '../store/db.ts';
import type { Store } from '../store/index.ts';
import type { LayerStore } from '../store/layer-store.ts';
import { latestRun, runDocument, type RunInfo } from '../runs/persist.ts';
import type { QualityFinding, QualityResult } from '../checks/quality-types.ts';
import { duckLedger, type LedgerStore } from '../teardown/ledger.ts';
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

export interface LatestQuality {
  run: RunInfo;
  doc: QualityResult;
}

export interface DismissInput {
  ledgerId: string;
  kind: string;
  reason: string;
  runId: number;
  /** judgedOn(run) of the run the finding comes from. */
  judgedOn: string;
  user: string;
}

/** Where the quality check's results and the office's decisions on them are kept. */
export interface QualityStore {
  /** The latest finished quality run and its document, or null before any. */
  latest(): Promise<LatestQuality | null>;
  /** A digest of each record's properties and geometry: it changes when the record does. */
  recordHashes(ids: string[]): Promise<Map<string, string>>;
  /** Dismissals given on runs that read these layer versions, oldest first, with the record's digest then. */
  dismissalsJudgedOn(judgedOn: string): Promise<(Dismissal & { record_hash: string })[]>;
  /** Every dismissal (of one record), oldest first. */
  dismissals(ledgerId?: string): Promise<Dismissal[]>;
  /** Records a dismissal with the record's digest as it stands; null when there is no such record. */
  dismiss(input: DismissInput): Promise<Dismissal | null>;
  patchExists(batch: string, id: string): Promise<boolean>;
  /** The record's status, or null when there is no such record. */
  ledgerStatus(id: string): Promise<string | null>;
  /** Field updates: a write-off is one. */
  ledger: LedgerStore;
  /** The layers the reuse report reads. */
  layers: Pick<LayerStore, 'read' | 'datasetParams'>;
}

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

export function toDismissal(r: Record<string, unknown>): Dismissal {
  return {
    seq: Number(r.seq),
    ledger_id: r.ledger_id as string,
    kind: r.kind as string,
    reason: r.reason as string,
    run_id: Number(r.run_id),
    dismissed_by: r.dismissed_by as string,
    dismissed_at: r.dismissed_at as string,
  };
}

export async function dismissalHistory(store: Store, ledgerId?: string): Promise<Dismissal[]> {
  const rows = await store.all(`SELECT ${DISMISSAL_COLUMNS} FROM quality_dismissals ${ledgerId ? 'WHERE ledger_id = ?' : ''} ORDER BY seq`, ledgerId ? [ledgerId] : []);
  return rows.map(toDismissal);
}

export async function latestQuality(store: Store): Promise<LatestQuality | null> {
  const run = await latestRun(store, 'quality');
  if (!run) return null;
  return { run, doc: (await runDocument(store, run.id)) as QualityResult };
}

/** The DuckDB store's quality work, as the functions here keep it. */
export function duckQuality(store: Store): QualityStore {
  return {
    latest: () => latestQuality(store),
    recordHashes: (ids) => recordHashes(store, ids),
    async dismissalsJudgedOn(judged) {
      const rows = await store.all(`SELECT ${DISMISSAL_COLUMNS}, record_hash FROM quality_dismissals WHERE layer_versions = ? ORDER BY seq`, [judged]);
      return rows.map((r) => ({ ...toDismissal(r), record_hash: r.record_hash as string }));
    },
    dismissals: (ledgerId) => dismissalHistory(store, ledgerId),
    async dismiss(input) {
      const hash = (await recordHashes(store, [input.ledgerId])).get(input.ledgerId);
      if (!hash) return null;
      const seq = await store.writes.run(async () => {
        const rows = await store.all(
          `INSERT INTO quality_dismissals VALUES (nextval('quality_seq'), ?, ?, ?, ?, ?, ?, ?, now()) RETURNING seq`,
          [input.ledgerId, input.kind, input.reason, input.runId, hash, input.judgedOn, input.user],
        );
        return Number(rows[0].seq);
      });
      return (await dismissalHistory(store, input.ledgerId)).find((d) => d.seq === seq)!;
    },
    async patchExists(batch, id) {
      return (await store.all('SELECT 1 FROM layer_patches WHERE batch = ? AND id = ?', [batch, id])).length > 0;
    },
    async ledgerStatus(id) {
      const [rec] = await store.all('SELECT status FROM layer_ledger WHERE id = ?', [id]);
      return rec ? (rec.status as string) : null;
    },
    ledger: duckLedger(store),
    layers: store,
  };
}

/** The latest run's findings, each with the dismissal that still holds for it (or null). */
export async function workedFindings(quality: QualityStore, run: RunInfo, doc: QualityResult): Promise<WorkedFinding[]> {
  const ids = [...new Set(doc.findings.map((f) => f.ledger_id))];
  const hashes = await quality.recordHashes(ids);
  const rows = await quality.dismissalsJudgedOn(judgedOn(run));
  const holding = new Map<string, Dismissal>();
  for (const { record_hash, ...d } of rows) {
    if (hashes.get(d.ledger_id) === record_hash) holding.set(`${d.ledger_id}\u0000${d.kind}`, d);
  }
  return doc.findings.map((f) => ({ ...f, dismissed: holding.get(`${f.ledger_id}\u0000${f.kind}`) ?? null }));
}
