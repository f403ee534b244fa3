// The two things the ledger office does with a finding besides correcting the record: dismiss it
// with a reason, or — for an open record the latest run did not see — write the record off (销号):
// it becomes demolished, flagged as a write-off, on the evidence of a patch or a photo.
import { QUALITY_KINDS } from '../checks/quality-types.ts';
import { LedgerUpdateError, type LedgerUpdate, type Photo } from '../teardown/ledger.ts';
import { judgedOn, type Dismissal, type QualityStore } from './findings.ts';

export class QualityActionError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const OPEN = ['pending', 'retained', 'deferred'];

function reasonOf(reason: unknown): string {
  if (typeof reason !== 'string' || !reason.trim()) throw new QualityActionError(400, 'reason is required (text saying why)');
  return reason.trim();
}

/** Dismisses the latest run's finding of `kind` on record `ledgerId`. */
export async function dismissFinding(quality: QualityStore, input: { ledgerId: string; kind: string; reason: unknown; user: string }): Promise<Dismissal> {
  if (!(QUALITY_KINDS as readonly string[]).includes(input.kind)) throw new QualityActionError(400, `kind must be one of ${QUALITY_KINDS.join(', ')}; got "${input.kind}"`);
  const reason = reasonOf(input.reason);
  const latest = await quality.latest();
  if (!latest) throw new QualityActionError(409, 'no finished quality run yet; start one with POST /api/checks/quality');
  if (!latest.doc.findings.some((f) => f.ledger_id === input.ledgerId && f.kind === input.kind)) {
    throw new QualityActionError(404, `the latest quality run (${latest.run.id}) has no ${input.kind} finding on ledger record "${input.ledgerId}"`);
  }
  const d = await quality.dismiss({ ledgerId: input.ledgerId, kind: input.kind, reason, runId: latest.run.id, judgedOn: judgedOn(latest.run), user: input.user });
  if (!d) throw new QualityActionError(404, `no ledger record "${input.ledgerId}"`);
  return d;
}

export interface WriteOffInput {
  ledgerId: string;
  reason: unknown;
  /** Evidence: a patch (by batch and id) showing the ground empty, or photos, or both. */
  patch?: { batch?: unknown; id?: unknown } | null;
  photos?: Photo[];
  demolishedOn?: unknown;
  note?: unknown;
  baseSeq: number | null;
  user: string;
}

const today = () => new Date().toISOString().slice(0, 10);

export async function writeOff(quality: QualityStore, input: WriteOffInput): Promise<LedgerUpdate> {
  const reason = reasonOf(input.reason);
  let evidencePatch: string | null = null;
  if (input.patch !== undefined && input.patch !== null) {
    const { batch, id } = input.patch;
    if (typeof batch !== 'string' || typeof id !== 'string' || !batch || !id) throw new QualityActionError(400, 'patch evidence must be { batch, id }');
    if (!(await quality.patchExists(batch, id))) throw new QualityActionError(400, `patch evidence: no patch "${id}" in batch "${batch}"`);
    evidencePatch = `${batch}/${id}`;
  }
  if (!evidencePatch && !(input.photos && input.photos.length)) throw new QualityActionError(400, 'a write-off needs evidence: a patch { batch, id } or at least one photo');
  if (input.demolishedOn !== undefined && input.demolishedOn !== null && typeof input.demolishedOn !== 'string') {
    throw new QualityActionError(400, `demolished_on must be YYYY-MM-DD; got ${JSON.stringify(input.demolishedOn)}`);
  }
  const status = await quality.ledgerStatus(input.ledgerId);
  if (status === null) throw new QualityActionError(404, `no ledger record "${input.ledgerId}"`);
  if (!OPEN.includes(status)) throw new QualityActionError(409, `ledger record "${input.ledgerId}" is ${status}; only open records (${OPEN.join(', ')}) are written off`);
  const latest = await quality.latest();
  if (!latest?.doc.findings.some((f) => f.ledger_id === input.ledgerId && f.kind === 'not_seen')) {
    throw new QualityActionError(409, `ledger record "${input.ledgerId}" has no not_seen finding in the latest quality run; run the quality check first`);
  }
  try {
    // The update checks base_seq under the record's lock: a change since the status was read is a 409.
    return await quality.ledger.update({
      id: input.ledgerId,
      status: 'demolished',
      demolished_on: (input.demolishedOn as string | undefined) ?? today(),
      note: typeof input.note === 'string' ? input.note : null,
      photos: input.photos,
      baseSeq: input.baseSeq,
      user: input.user,
      writeOff: { reason, evidencePatch },
    });
  } catch (err) {
    if (err instanceof LedgerUpdateError) throw new QualityActionError(err.status, err.message);
    throw err;
  }
}
