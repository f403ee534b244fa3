// Starts a check run through the app and waits for it to end (the test timeout bounds the wait).
import { expect } from 'vitest';

interface RequestApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

export interface FinishedRun {
  id: number;
  status: 'done' | 'failed';
  error: string | null;
}

/** POST /api/checks/:check (202 expected), then polls the run until it is no longer running. */
export async function runToEnd(app: RequestApp, check: string, token: string, body: object = {}): Promise<FinishedRun> {
  const res = await app.request(`/api/checks/${check}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: number };
  for (let i = 0; i < 600; i++) {
    const run = (await (await app.request(`/api/checks/runs/${id}`)).json()) as { status: string; error: string | null };
    if (run.status !== 'running') return { id, status: run.status as FinishedRun['status'], error: run.error };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the ${check} run did not finish`);
}

/** Like runToEnd, for runs that must succeed: their id. */
export async function runDone(app: RequestApp, check: string, token: string, body: object = {}): Promise<number> {
  const run = await runToEnd(app, check, token, body);
  expect(run.error ?? run.status).toBe('done');
  return run.id;
}
