// Patch verdicts: roles, append-only history, conflicts between two inspectors, survival across a
// reload of the patch layer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCounty, type County } from './county-fixture.ts';
import { patch, report, stream } from '../helpers.ts';

let county: County;
let store: County['store'];
let app: County['app'];
let send: County['send'];

beforeAll(async () => {
  county = await openCounty();
  ({ store, app, send } = county);
});
afterAll(() => county.store.close());

describe('patch verdicts', () => {
  it('needs an inspector', async () => {
    expect((await send('PUT', '/api/patches/P0/verdict', null, { batch: '2024Q1', verdict: 'legal' })).status).toBe(401);
    expect((await send('PUT', '/api/patches/P0/verdict', 'viewer', { batch: '2024Q1', verdict: 'legal' })).status).toBe(403);
  });

  it('refuses unknown verdicts and patches', async () => {
    const bad = await send('PUT', '/api/patches/P0/verdict', 'inspector', { batch: '2024Q1', verdict: 'maybe' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/legal, illegal, false_change/);
    expect((await send('PUT', '/api/patches/P9/verdict', 'inspector', { batch: '2024Q1', verdict: 'legal', base_seq: null })).status).toBe(404);
  });

  it('records verdicts in an append-only history and detects a second inspector deciding at once', async () => {
    const first = await (await send('PUT', '/api/patches/P0/verdict', 'inspector', { batch: '2024Q1', verdict: 'illegal', note: '现场核实', base_seq: null })).json();
    expect(first).toMatchObject({ batch: '2024Q1', id: 'P0', verdict: 'illegal', decided_by: 'u_inspector', previous_verdict: null });
    // The second inspector loaded the patch before the first decided: same base, so a conflict.
    const clash = await send('PUT', '/api/patches/P0/verdict', 'inspector2', { batch: '2024Q1', verdict: 'legal', base_seq: null });
    expect(clash.status).toBe(409);
    const body = await clash.json();
    expect(body.error).toMatch(/decided "illegal" by u_inspector/);
    expect(body.current.seq).toBe(first.seq);
    const second = await (await send('PUT', '/api/patches/P0/verdict', 'inspector2', { batch: '2024Q1', verdict: 'legal', base_seq: first.seq })).json();
    expect(second).toMatchObject({ verdict: 'legal', previous_verdict: 'illegal' });
    const history = await (await app.request('/api/patches/verdicts/history?batch=2024Q1')).json();
    expect(history.history.map((h: { verdict: string }) => h.verdict)).toEqual(['illegal', 'legal']);
    const bytes = new Uint8Array(await (await app.request('/api/patches/verdicts/history?format=csv')).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('现场核实');
  });

  it('keeps verdicts through a reload of the patch layer', async () => {
    await store.load('patches', stream([patch(0, '2024Q1'), patch(1, '2024Q1')]), report('patches', 2));
    const current = await (await app.request('/api/patches/verdicts?batch=2024Q1')).json();
    expect(current.verdicts).toEqual([expect.objectContaining({ id: 'P0', verdict: 'legal' })]);
  });
});

