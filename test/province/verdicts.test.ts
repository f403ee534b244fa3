// Verdicts on patches and ledger field updates on a province node: the same requests answered as
// the DuckDB edition answers them (the county edition's route modules over the PostgreSQL tables),
// per county under /c/:county, two counties kept apart, a role limited to one county refused in
// the other, and every statement held to the county-key rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { openCounty, type County } from '../api/county-fixture.ts';
import { patch, report, square, stream } from '../helpers.ts';
import { PgStore } from '../../service/store/pg/index.ts';
import { createProvinceApp } from '../../service/province/app.ts';
import { openProvinceFields } from '../../service/province/field-routes.ts';
import { bearer, startNode, tileIds } from './nodes.ts';
import { FIELD_TABLES_PER_COUNTY, fieldCatalog, ledgerBump } from '../../service/province/field-queries.ts';
import { countyLedIndexes, genericPlan } from '../kit/county-plans.ts';

type Send = (method: string, path: string, who: string | null, body?: unknown) => Promise<Response>;

let cluster: PgCluster;
let store: PgStore;
let duck: County;
let province: Send;
const tokens: Record<string, string> = {};

const ledgerRecord = () =>
  stream([
    { index: 0, geometry: square(119.8, 28.9), props: { id: 'L-001', recorded_on: '2019-01-01', status: 'pending', address: '武义县壶山街道解放街12号', owner: '王某某' }, extra: {} },
  ]);

beforeAll(async () => {
  duck = await openCounty();
  cluster = await startPgCluster();
  store = await PgStore.open(cluster.url, { max: 4 });
  for (const [code, name] of [['330723', '武义县'], ['330781', '兰溪市']]) {
    const county = await store.addCounty(code, name);
    await county.load('patches', stream([patch(0, '2024Q1'), patch(1, '2024Q1')]), report('patches', 2));
    await county.load('ledger', ledgerRecord(), report('ledger', 1));
  }
  for (const role of ['viewer', 'inspector', 'enforcer']) tokens[role] = await store.users.add(`u_${role}`, role);
  tokens.inspector2 = await store.users.add('u_inspector2', 'inspector');
  tokens.lanxiInspector = await store.users.add('insp-lanxi', 'inspector');
  tokens.lanxiEnforcer = await store.users.add('enf-lanxi', 'enforcer');
  await store.users.limitToCounties('insp-lanxi', ['330781']);
  await store.users.limitToCounties('enf-lanxi', ['330781']);
  const { app } = await createProvinceApp(store, {}, await openProvinceFields(store));
  province = async (method, path, who, body) =>
    app.request(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
    });
}, 120_000);
afterAll(async () => {
  await duck?.store.close();
  await store?.close();
  await cluster?.stop();
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest-of-a-png')]);

/** An answer as compared across stores: status, type and body, with the clock's times blanked. */
async function answer(res: Response): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  const text = type.startsWith('image/') ? Buffer.from(await res.arrayBuffer()).toString('base64') : await res.text();
  return { status: res.status, type, body: text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<time>') };
}

/**
 * The review and field-update session the viewer's workspaces drive, against one store; each
 * decision names the seq its store gave the one before, as the viewer does.
 */
async function session(send: Send, prefix: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const step = async (method: string, path: string, who: string | null, body?: unknown) => {
    const res = await send(method, prefix + path, who, body);
    const copy = res.clone();
    out.push(await answer(res));
    return copy;
  };
  const seqOf = async (res: Response) => ((await res.json()) as { seq: number }).seq;
  await step('PUT', '/api/patches/P0/verdict', null, { batch: '2024Q1', verdict: 'legal' });
  await step('PUT', '/api/patches/P0/verdict', 'viewer', { batch: '2024Q1', verdict: 'legal' });
  await step('PUT', '/api/patches/P0/verdict', 'inspector', { batch: '2024Q1', verdict: 'maybe' });
  await step('PUT', '/api/patches/P9/verdict', 'inspector', { batch: '2024Q1', verdict: 'legal', base_seq: null });
  const first = await seqOf(await step('PUT', '/api/patches/P0/verdict', 'inspector', { batch: '2024Q1', verdict: 'illegal', note: '现场核实', base_seq: null }));
  await step('PUT', '/api/patches/P0/verdict', 'inspector2', { batch: '2024Q1', verdict: 'legal', base_seq: null });
  await step('PUT', '/api/patches/P0/verdict', 'inspector2', { batch: '2024Q1', verdict: 'legal', base_seq: first });
  await step('PUT', '/api/patches/P1/verdict', 'inspector', { batch: '2024Q1', verdict: 'false_change', base_seq: null });
  await step('GET', '/api/patches/verdicts', null);
  await step('GET', '/api/patches/verdicts?batch=2024Q1', null);
  await step('GET', '/api/patches/verdicts?batch=2023Q4', null);
  await step('GET', '/api/patches/verdicts/history?batch=2024Q1&id=P0', null);
  await step('GET', '/api/patches/verdicts/history?format=csv', null);

  await step('PATCH', '/api/ledger/L-001', 'viewer', { status: 'retained', base_seq: null });
  await step('PATCH', '/api/ledger/L-001', 'enforcer', { status: 'gone', base_seq: null });
  await step('PATCH', '/api/ledger/L-404', 'enforcer', { status: 'retained', base_seq: null });
  await step('PATCH', '/api/ledger/L-001', 'enforcer', { notice_on: '2024-06-01', deadline_on: '2024-05-01', base_seq: null });
  const notice = await seqOf(await step('PATCH', '/api/ledger/L-001', 'enforcer', {
    notice_on: '2024-05-01', deadline_on: '2024-06-01', violation_type: '加层', note: '已送达', base_seq: null,
    photos: [{ name: 'site.png', type: 'image/png', data: PNG.toString('base64') }],
  }));
  await step('PATCH', '/api/ledger/L-001', 'enforcer', { status: 'retained', base_seq: null });
  const done = await seqOf(await step('PATCH', '/api/ledger/L-001', 'enforcer', {
    status: 'demolished', demolished_on: '2024-06-15', reuse: 'greening', reuse_on: '2024-07-01', base_seq: notice,
  }));
  await step('PATCH', '/api/ledger/L-001', 'enforcer', { reuse: null, base_seq: done });
  await step('GET', '/api/ledger/history', null);
  await step('GET', '/api/ledger/L-001/history', null);
  await step('GET', '/api/ledger/history?format=csv', null);
  await step('GET', `/api/ledger/photos/${notice}/1`, null);
  await step('GET', `/api/ledger/photos/${notice}/2`, null);
  await step('GET', '/api/ledger/photos/x/1', null);
  return out;
}

/** The record's properties as features read them after the updates. */
async function ledgerProps(send: Send, prefix: string) {
  const body = (await (await send('GET', `${prefix}/collections/ledger/items`, null)).json()) as { features: { properties: Record<string, unknown> }[] };
  return body.features.map((f) => f.properties);
}

async function ledgerVersion(send: Send, prefix: string): Promise<number> {
  const body = (await (await send('GET', `${prefix}/api/layers`, null)).json()) as { layers: { name: string; version: number }[] };
  return body.layers.find((l) => l.name === 'ledger')!.version;
}

describe('verdicts and field updates on a province node', () => {
  let expected: unknown[] = [];
  const duckSend: Send = async (method, path, who, body) =>
    method === 'GET' && who === null ? duck.app.request(path) : duck.send(method, path, who, body ?? null);

  it('answers a county\'s session as the DuckDB edition does, and leaves the other county untouched', async () => {
    const duckBefore = await ledgerVersion(duckSend, '');
    const pgBefore = await ledgerVersion(province, '/c/330723');
    expected = await session(duckSend, '');
    const got = await session(province, '/c/330723');
    expect(got).toEqual(expected);
    // Not a comparison of two empty answers: the session gave verdicts, updates and a photo.
    const statuses = (expected as { status: number }[]).map((a) => a.status);
    expect(statuses).toEqual([401, 403, 400, 404, 200, 409, 200, 200, 200, 200, 200, 200, 200, 403, 400, 404, 400, 200, 409, 200, 200, 200, 200, 200, 200, 404, 400]);
    expect(JSON.stringify(got)).toContain('现场核实');
    expect(await ledgerProps(province, '/c/330723')).toEqual(await ledgerProps(duckSend, ''));
    expect((await ledgerProps(province, '/c/330723'))[0]).toMatchObject({ status: 'demolished', demolished_on: '2024-06-15', violation_type: 'added_storey', reuse: null, reuse_on: '2024-07-01' });
    // Three field updates, three new ledger versions on both stores.
    expect(await ledgerVersion(duckSend, '')).toBe(duckBefore + 3);
    expect(await ledgerVersion(province, '/c/330723')).toBe(pgBefore + 3);

    expect((await (await province('GET', '/c/330781/api/patches/verdicts', null)).json()).verdicts).toEqual([]);
    expect((await (await province('GET', '/c/330781/api/ledger/history', null)).json()).history).toEqual([]);
    expect((await ledgerProps(province, '/c/330781'))[0]).toMatchObject({ status: 'pending', notice_on: null, violation_type: null });
  });

  it('gives the second county the same answers, under its own sequence numbers', async () => {
    // Seqs, in JSON, in CSV rows and in messages, are the one sequence's: the second county's come later.
    const strip = (a: unknown[]) =>
      JSON.stringify(a)
        .replace(/\\?"(seq|previous_seq)\\?":\d+/g, '$1')
        .replace(/\\n\d+,/g, '\\nN,')
        .replace(/update \d+/g, 'update N');
    expect(expected.length).toBe(27);
    const second = await session(province, '/c/330781');
    expect(strip(second)).toBe(strip(expected));
    const verdicts = (await (await province('GET', '/c/330723/api/patches/verdicts', null)).json()).verdicts as { id: string; verdict: string }[];
    expect(verdicts.map((v) => [v.id, v.verdict])).toEqual([['P0', 'legal'], ['P1', 'false_change']]);
  });

  it('refuses a role limited to another county, and writes nothing', async () => {
    const refused = await province('PUT', '/c/330723/api/patches/P1/verdict', 'lanxiInspector', { batch: '2024Q1', verdict: 'legal', base_seq: null });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/insp-lanxi.*330781.*not in county 330723/);
    const ledger = await province('PATCH', '/c/330723/api/ledger/L-001', 'lanxiEnforcer', { status: 'retained', base_seq: null });
    expect(ledger.status).toBe(403);
    const before = (await (await province('GET', '/c/330781/api/patches/verdicts?batch=2024Q1', null)).json()).verdicts as { id: string; seq: number }[];
    const p1 = before.find((v) => v.id === 'P1')!;
    const own = await province('PUT', '/c/330781/api/patches/P1/verdict', 'lanxiInspector', { batch: '2024Q1', verdict: 'illegal', base_seq: p1.seq });
    expect(own.status).toBe(200);
    const wuyi = (await (await province('GET', '/c/330723/api/patches/verdicts/history?id=P1', null)).json()).history as { verdict: string }[];
    // Wuyi's P1 keeps its one verdict; Lanxi's P1 now has two.
    expect(wuyi.map((h) => h.verdict)).toEqual(['false_change']);
    const lanxi = (await (await province('GET', '/c/330781/api/patches/verdicts/history?id=P1', null)).json()).history as { verdict: string }[];
    expect(lanxi.map((h) => h.verdict)).toEqual(['false_change', 'illegal']);
  });

  it('lets exactly one of two decisions made at once on the same base stand', async () => {
    const standing = ((await (await province('GET', '/c/330723/api/patches/verdicts?batch=2024Q1', null)).json()).verdicts as { id: string; seq: number }[]).find((v) => v.id === 'P1')!;
    const both = await Promise.all(
      (['inspector', 'inspector2'] as const).map((who, k) =>
        province('PUT', '/c/330723/api/patches/P1/verdict', who, { batch: '2024Q1', verdict: k ? 'legal' : 'illegal', base_seq: standing.seq }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const [last] = ((await (await province('GET', '/c/330723/api/ledger/L-001/history', null)).json()).history as { seq: number }[]).slice(-1);
    const updates = await Promise.all(
      ['permitted', 'deferred'].map((status) => province('PATCH', '/c/330723/api/ledger/L-001', 'enforcer', { status, base_seq: last.seq })),
    );
    expect(updates.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('names the counties when the single-county paths are asked with two loaded, and refuses an unknown county', async () => {
    const res = await province('GET', '/api/patches/verdicts', null);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/330723, 330781.*\/c\/<county>\/api\/patches\/verdicts/);
    expect((await province('GET', '/c/330799/api/ledger/history', null)).status).toBe(404);
  });
});

describe('two service nodes', () => {
  it('serves from B the verdict and the field update written through A, tiles included', async () => {
    const a = await startNode(cluster.url);
    const b = await startNode(cluster.url);
    try {
      const json = { 'content-type': 'application/json' };
      const tile = await tileIds(b, '/c/330723', 'ledger', 119.80005, 28.90005);
      expect(tile).toMatchObject({ status: 200, ids: ['L-001'] });
      const [standing] = (await (await b.request('/c/330723/api/ledger/L-001/history')).json()).history.slice(-1) as { seq: number }[];
      const res = await a.request('/c/330723/api/ledger/L-001', {
        method: 'PATCH',
        body: JSON.stringify({ status: 'retained', note: 'A', base_seq: standing.seq }),
        headers: { ...json, ...bearer(tokens.enforcer) },
      });
      expect(res.status).toBe(200);
      const props = (await (await b.request('/c/330723/collections/ledger/items')).json()).features[0].properties;
      expect(props).toMatchObject({ id: 'L-001', status: 'retained', demolished_on: null });
      const after = await tileIds(b, '/c/330723', 'ledger', 119.80005, 28.90005);
      expect(after.etag).not.toBe(tile.etag);

      const [p0] = (await (await a.request('/c/330723/api/patches/verdicts?batch=2024Q1')).json()).verdicts as { seq: number }[];
      const put = await a.request('/c/330723/api/patches/P0/verdict', {
        method: 'PUT',
        body: JSON.stringify({ batch: '2024Q1', verdict: 'illegal', base_seq: p0.seq }),
        headers: { ...json, ...bearer(tokens.inspector) },
      });
      expect(put.status).toBe(200);
      const seen = (await (await b.request('/c/330723/api/patches/verdicts?batch=2024Q1')).json()).verdicts as { id: string; verdict: string }[];
      expect(seen.find((v) => v.id === 'P0')!.verdict).toBe('illegal');
    } finally {
      await a.store.close();
      await b.store.close();
    }
  });
});

describe('verdict and field-update statement catalog', () => {
  const PER_COUNTY = new Set(FIELD_TABLES_PER_COUNTY);

  it('binds county_code = $1 in every statement and reaches the rows through an index led by it', async () => {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off');
      await client.query('SET plan_cache_mode = force_generic_plan');
      const led = await countyLedIndexes(client);
      // The ledger's version bump is the load's statement, held by the store's catalog test too.
      const statements = [...fieldCatalog(), ledgerBump];
      expect(statements.length).toBe(15);
      expect(new Set(statements.map((s) => s.name)).size).toBe(statements.length);
      for (const s of statements) {
        expect(s.scope, s.name).toBe('county');
        expect(s.sql, s.name).toMatch(/county_code = \$1\b|VALUES \(\$1\b/);
        const plan = await genericPlan(client, s.name, s.sql);
        const scans = plan.filter((x) => x['Relation Name'] && PER_COUNTY.has(x['Relation Name']) && /Scan/.test(x['Node Type']));
        for (const scan of scans) expect(scan['Node Type'], `${s.name} on ${scan['Relation Name']}`).not.toBe('Seq Scan');
        if (/^\s*INSERT/.test(s.sql)) continue;
        const byCounty = plan.filter((x) => /Index/.test(x['Node Type']) && led.has(x['Index Name'] ?? '') && /county_code/.test(x['Index Cond'] ?? ''));
        expect(byCounty.length, `${s.name}: ${JSON.stringify(plan.map((x) => [x['Node Type'], x['Index Name'], x['Index Cond']]))}`).toBeGreaterThan(0);
      }
    } finally {
      await client.end();
    }
  });

  it('leads the primary key of every table it adds with county_code', async () => {
    const { rows } = await store.pool.query(
      `SELECT c.relname AS t, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'p'`,
    );
    const keys = new Map(rows.map((r) => [r.t as string, r.def as string]));
    for (const t of ['patch_verdicts', 'ledger_updates', 'ledger_photos']) expect(keys.get(t), t).toMatch(/^PRIMARY KEY \(county_code, /);
  });
});
