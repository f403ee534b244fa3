// The field-work calls: verdicts on patches and status updates of ledger records. A 409 from
// either means someone else changed the record since this page read it; the error carries the
// current record so the page can show who and what.
import { api, ApiError } from './api.ts';
import type { Verdict, VerdictRecord } from './review.ts';
import type { LedgerStatus } from './teardown.ts';

export class ConflictError extends Error {
  constructor(readonly current: unknown, message: string) {
    super(message);
  }
}

/** Re-throws a 409 as a ConflictError with the service's `current` record. */
async function withConflict<T>(call: (fetchFn: typeof fetch) => Promise<T>, fetchFn: typeof fetch): Promise<T> {
  let current: unknown = null;
  // The body is read once by api(); a wrapper keeps a copy of `current` for a 409.
  const spy: typeof fetch = async (input, init) => {
    const response = await fetchFn(input, init);
    if (response.status === 409) {
      const text = await response.clone().text();
      try {
        current = (JSON.parse(text) as { current?: unknown }).current ?? null;
      } catch {
        current = null;
      }
    }
    return response;
  };
  try {
    return await call(spy);
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) throw new ConflictError(current, err.detail);
    throw err;
  }
}

export function putVerdict(
  args: { batch: string; id: string; verdict: Verdict; note: string | null; baseSeq: number | null },
  token: string | null,
  fetchFn: typeof fetch = fetch,
): Promise<VerdictRecord> {
  return withConflict(
    (f) =>
      api<VerdictRecord>(`/api/patches/${encodeURIComponent(args.id)}/verdict`, {
        method: 'PUT',
        body: { batch: args.batch, verdict: args.verdict, note: args.note || undefined, base_seq: args.baseSeq },
        token,
        fetchFn: f,
      }),
    fetchFn,
  );
}

export const currentVerdicts = (batch: string, token: string | null, fetchFn?: typeof fetch) =>
  api<{ verdicts: VerdictRecord[] }>(`/api/patches/verdicts?batch=${encodeURIComponent(batch)}`, { token, fetchFn }).then((r) => r.verdicts);

export const verdictHistoryCsvUrl = (batch: string) => `/api/patches/verdicts/history?batch=${encodeURIComponent(batch)}&format=csv`;

export interface LedgerUpdate {
  seq: number;
  id: string;
  status: LedgerStatus;
  previous_status?: LedgerStatus | null;
  demolished_on: string | null;
  note: string | null;
  /** How many photos the update carries; each at /api/ledger/photos/<seq>/<n>, n from 1. */
  photos?: number;
  updated_by: string;
  updated_at: string;
}

export interface PhotoUpload {
  name: string;
  type: string;
  /** base64 */
  data: string;
}

export function patchLedger(
  id: string,
  body: { status: LedgerStatus; demolished_on: string | null; note: string | null; photos: PhotoUpload[]; baseSeq: number | null },
  token: string | null,
  fetchFn: typeof fetch = fetch,
): Promise<LedgerUpdate> {
  return withConflict(
    (f) =>
      api<LedgerUpdate>(`/api/ledger/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: {
          status: body.status,
          demolished_on: body.status === 'demolished' ? body.demolished_on : undefined,
          note: body.note || undefined,
          photos: body.photos.length ? body.photos : undefined,
          base_seq: body.baseSeq,
        },
        token,
        fetchFn: f,
      }),
    fetchFn,
  );
}

export const ledgerHistory = (id: string, token: string | null, fetchFn?: typeof fetch) =>
  api<{ history: LedgerUpdate[] }>(`/api/ledger/${encodeURIComponent(id)}/history`, { token, fetchFn }).then((r) => r.history);

/** A picked file as the API's photo object (base64 without the data: prefix). */
export function fileToPhoto(file: File): Promise<PhotoUpload> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ name: file.name, type: file.type || 'image/jpeg', data: String(reader.result).replace(/^data:[^,]*,/, '') });
    reader.onerror = () => reject(new Error(`cannot read photo "${file.name}"`));
    reader.readAsDataURL(file);
  });
}
