import { describe, expect, it } from 'vitest';
import { latestDoc, progressShare, runCheck } from '../../viewer/src/lib/runs.ts';
import { ConflictError, putVerdict } from '../../viewer/src/lib/field-api.ts';
import { ApiError } from '../../viewer/src/lib/api.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fake service answering from a script of [method path, response] pairs, in order. */
function scripted(script: [string, Response][]): { fetchFn: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = `${init?.method ?? 'GET'} ${String(input)}`;
    calls.push(call);
    const next = script.shift();
    if (!next || next[0] !== call) throw new Error(`unexpected ${call}; expected ${next?.[0]}`);
    return next[1];
  }) as typeof fetch;
  return { fetchFn, calls };
}

describe('runCheck', () => {
  it('starts a run, reports progress while polling and returns the id when done', async () => {
    const { fetchFn } = scripted([
      ['POST /api/checks/coverage', json(202, { id: 7, status_url: '/api/checks/runs/7' })],
      ['GET /api/checks/runs/7', json(200, { status: 'running', error: null, progress: { phase: 'siting', done: 1, total: 4 } })],
      ['GET /api/checks/runs/7', json(200, { status: 'done', error: null, progress: null })],
    ]);
    const seen: unknown[] = [];
    expect(await runCheck('coverage', { sites_to_choose: 2 }, 't', (p) => seen.push(p), { intervalMs: 1, fetchFn })).toBe(7);
    expect(seen).toEqual([{ phase: 'siting', done: 1, total: 4 }]);
  });
  it('throws the run error in words when the run fails', async () => {
    const { fetchFn } = scripted([
      ['POST /api/checks/fire', json(202, { id: 8, status_url: '/api/checks/runs/8' })],
      ['GET /api/checks/runs/8', json(200, { status: 'failed', error: 'no fire lanes loaded', progress: null })],
    ]);
    await expect(runCheck('fire', {}, 't', () => undefined, { intervalMs: 1, fetchFn })).rejects.toThrow('no fire lanes loaded');
  });
  it('passes a refusal (403) on as an ApiError', async () => {
    const { fetchFn } = scripted([['POST /api/checks/patches', json(403, { error: 'viewer may not run the patches check' })]]);
    await expect(runCheck('patches', {}, 't', () => undefined, { fetchFn })).rejects.toMatchObject({ status: 403, detail: 'viewer may not run the patches check' });
  });
});

describe('latestDoc', () => {
  it('is null before the first run (404) and passes the batch', async () => {
    const { fetchFn, calls } = scripted([['GET /api/checks/patches/latest?batch=2024Q1', json(404, { error: 'no finished patches run' })]]);
    expect(await latestDoc('patches', null, '2024Q1', fetchFn)).toBeNull();
    expect(calls).toHaveLength(1);
  });
  it('throws other errors', async () => {
    const { fetchFn } = scripted([['GET /api/checks/fire/latest', json(500, { error: 'boom' })]]);
    await expect(latestDoc('fire', null, undefined, fetchFn)).rejects.toBeInstanceOf(ApiError);
  });
});

describe('putVerdict', () => {
  it('turns a 409 into a ConflictError carrying the current record', async () => {
    const current = { seq: 4, id: 'P-1', verdict: 'legal', decided_by: 'li' };
    const { fetchFn } = scripted([['PUT /api/patches/P-1/verdict', json(409, { error: 'decided since', current })]]);
    const err = await putVerdict({ batch: 'B', id: 'P-1', verdict: 'illegal', note: null, baseSeq: null }, 't', fetchFn).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).current).toEqual(current);
  });
});

describe('progressShare', () => {
  it('is done/total, capped, and null while unknown', () => {
    expect(progressShare({ phase: 'x', done: 1, total: 4 })).toBe(0.25);
    expect(progressShare({ phase: 'x', done: 5, total: 4 })).toBe(1);
    expect(progressShare({ phase: 'x', done: 0, total: 0 })).toBeNull();
    expect(progressShare(null)).toBeNull();
  });
});
