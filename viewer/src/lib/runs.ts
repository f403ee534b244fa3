// Running a check from the viewer: start it, then follow its progress by polling the run (one
// small GET every 400 ms; it works behind any proxy and with tokens, which EventSource cannot
// send). The page never waits on it: callers get progress callbacks and a promise.
import { api, ApiError } from './api.ts';

export type CheckName = 'patches' | 'fire' | 'coverage' | 'quality';
export interface RunProgress {
  phase: string;
  done: number;
  total: number;
}
interface RunState {
  status: 'running' | 'done' | 'failed';
  error: string | null;
  progress: RunProgress | null;
}

export async function runCheck(
  check: CheckName,
  params: Record<string, unknown>,
  token: string | null,
  onProgress: (p: RunProgress | null) => void,
  { intervalMs = 400, fetchFn }: { intervalMs?: number; fetchFn?: typeof fetch } = {},
): Promise<number> {
  const started = await api<{ id: number; status_url: string }>(`/api/checks/${check}`, { method: 'POST', body: params, token, fetchFn });
  for (;;) {
    const run = await api<RunState>(started.status_url, { token, fetchFn });
    if (run.status === 'done') return started.id;
    if (run.status === 'failed') throw new ApiError(500, run.error ?? `the ${check} run failed`, 'http');
    onProgress(run.progress);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The latest document of a check, or null before its first run (the service answers 404). */
export async function latestDoc<T>(check: CheckName, token: string | null, batch?: string, fetchFn?: typeof fetch): Promise<T | null> {
  try {
    return await api<T>(`/api/checks/${check}/latest${batch ? `?batch=${encodeURIComponent(batch)}` : ''}`, { token, fetchFn });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** "phase 3/10" style text for a progress bar, share 0..1 (null while the total is unknown). */
export function progressShare(p: RunProgress | null): number | null {
  return p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
}
