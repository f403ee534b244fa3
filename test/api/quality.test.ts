// The quality check as a stored run (roles, document, CSV/xlsx/GeoJSON, ledger tiles) and the
// ledger office's work on it: dismissing a finding until the record changes, and writing off an
// open record the run did not see, with its evidence, in the history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDone } from './run-check.ts';
import ExcelJS from 'exceljs';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { Store } from '../../service/store/index.ts';
import { createApp, type AppContext } from '../../service/app.ts';
import { lonLatToTile } from '../../service/tiles/index.ts';
import type { LayerFeature, LayerName } from '../../service/layers/schema.ts';
import { report, square, stream } from '../helpers.ts';

const LON = 119.8;
const LAT = 28.9;

let store: Store;
let ctx: AppContext;
let app: Awaited<ReturnType<typeof createApp>>['app'];
const tokens: Record<string, string> = {};

async function load(layer: LayerName, features: Omit<LayerFeature, 'index'>[]) {
  const items = features.map((f, index) => ({ ...f, index }));
  await store.load(layer, stream(items), report(layer, items.length));
  ctx.events.emit('layer-changed', { layer });
}

const rec = (id: string, lon: number, props: Record<string, string | number | null>) => ({
  geometry: square(lon, LAT),
  props: { id, recorded_on: '2020-01-01', township: '熟溪街道', ...props },
  extra: {},
});

beforeAll(async () => {
  store = await Store.open(':memory:');
  for (const role of ['viewer', 'inspector', 'enforcer']) tokens[role] = await store.users.add(`u_${role}`, role);
  ({ app, ctx } = await createApp(store));
  // G1 pending with nothing over it: not_seen. S1 pending with its building: seen. D1 demolished
  // with its building still there: still_standing. A1 seen, with a declared area far off.
  await load('ledger', [
    rec('G1', LON, { status: 'pending' }),
    rec('S1', LON + 0.001, { status: 'pending' }),
    rec('D1', LON + 0.002, { status: 'demolished', demolished_on: '2021-01-01' }),
    rec('A1', LON + 0.003, { status: 'retained', area_m2: 5000 }),
  ]);
  await load('footprints', [
    { geometry: square(LON + 0.001, LAT), props: { id: 'F1' }, extra: {} },
    { geometry: square(LON + 0.002, LAT), props: { id: 'F2' }, extra: {} },
    { geometry: square(LON + 0.003, LAT), props: { id: 'F3' }, extra: {} },
  ]);
  await load('patches', [{ geometry: square(LON + 0.01, LAT), props: { id: 'P7', batch: '2024Q1', detected_on: '2024-03-01', change_type: 'removal' }, extra: {} }]);
});
afterAll(() => store.close());

const auth = (role: string) => ({ authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' });
const post = (path: string, role: string, body: unknown = {}) => app.request(path, { method: 'POST', headers: auth(role), body: JSON.stringify(body) });

const runQuality = (role = 'enforcer', body: object = {}) => runDone(app, 'quality', tokens[role], body);

const kinds = (findings: { ledger_id: string; kind: string }[]) => findings.map((f) => `${f.ledger_id}:${f.kind}`);

describe('the quality check as a run', () => {
  it('is run by enforcers and admins, with parameters checked', async () => {
    expect((await post('/api/checks/quality', 'inspector')).status).toBe(403);
    const bad = await post('/api/checks/quality', 'enforcer', { duplicate_iou: 1.5 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/duplicate_iou: 1\.5/);
    const badDate = await post('/api/checks/quality', 'enforcer', { as_of: '2024-02-30' });
    expect((await badDate.json()).error).toMatch(/as_of.*"2024-02-30"/);
  });

  it('stores the document, offers CSV with BOM, xlsx and GeoJSON, and puts findings on ledger tiles', async () => {
    await runQuality();
    const doc = await (await app.request('/api/checks/quality/latest')).json();
    expect(kinds(doc.findings)).toEqual(['A1:area_mismatch', 'D1:still_standing', 'G1:not_seen']);
    expect(doc.summary).toMatchObject({ records: 4, with_findings: 3 });
    expect(doc.townships[0]).toMatchObject({ township: '熟溪街道', records: 4, with_findings: 3, share: 0.75 });
    const csv = new Uint8Array(await (await app.request('/api/checks/quality/latest?format=csv')).arrayBuffer());
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csv).split('\n')[0]).toMatch(/^\uFEFF?ledger_id,kind,township,overlap,ids,footprint_overlap/);
    const xlsx = await app.request('/api/checks/quality/latest?format=xlsx&table=townships');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('townships')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'township', 'records', 'with_findings', 'share', 'still_standing', 'not_seen', 'area_mismatch', 'duplicate', 'township_mismatch', 'dates', 'large_unverified']);
    expect(sheet.getRow(2).getCell(2).value).toBe(4);
    const gj = await (await app.request('/api/checks/quality/latest?format=geojson')).json();
    expect(gj.features.map((f: { id: string }) => f.id)).toEqual(['A1', 'D1', 'G1']);
    expect(gj.features[0].geometry.type).toBe('Polygon');
    const t = lonLatToTile(LON, LAT, 15);
    const vt = new VectorTile(new PbfReader(new Uint8Array(await (await app.request(`/tiles/ledger/${t.z}/${t.x}/${t.y}.mvt`)).arrayBuffer())));
    const props = Array.from({ length: vt.layers.ledger.length }, (_, i) => vt.layers.ledger.feature(i).properties);
    expect(props.find((p) => p.id === 'G1')).toMatchObject({ quality_findings: 1, quality_kinds: 'not_seen' });
    expect(props.find((p) => p.id === 'S1')).toMatchObject({ quality_findings: 0 });
  });
});

describe('dismissing a finding', () => {
  it('needs an enforcer, a reason and a finding of the latest run', async () => {
    expect((await post('/api/quality/findings/A1/area_mismatch/dismiss', 'inspector', { reason: 'x' })).status).toBe(403);
    expect((await post('/api/quality/findings/A1/area_mismatch/dismiss', 'enforcer', {})).status).toBe(400);
    expect((await post('/api/quality/findings/A1/dates/dismiss', 'enforcer', { reason: 'x' })).status).toBe(404);
    expect((await post('/api/quality/findings/A1/nonsense/dismiss', 'enforcer', { reason: 'x' })).status).toBe(400);
  });

  it('holds through a rerun on the same data, and lapses when the record changes', async () => {
    const res = await post('/api/quality/findings/A1/area_mismatch/dismiss', 'enforcer', { reason: '面积含院落,经核实无误' });
    expect(res.status).toBe(201);
    await runQuality();
    let list = await (await app.request('/api/quality/findings?kind=area_mismatch')).json();
    expect(list.findings[0]).toMatchObject({ ledger_id: 'A1', dismissed: { reason: '面积含院落,经核实无误', dismissed_by: 'u_enforcer' } });
    const open = await (await app.request('/api/quality/findings?dismissed=false')).json();
    expect(kinds(open.findings)).toEqual(['D1:still_standing', 'G1:not_seen']);
    // Any change to the record (here its reuse) makes the finding open again.
    const edit = await app.request('/api/ledger/A1', { method: 'PATCH', headers: auth('enforcer'), body: JSON.stringify({ violation_type: '违法扩建', base_seq: null }) });
    expect(edit.status).toBe(200);
    await runQuality();
    list = await (await app.request('/api/quality/findings?kind=area_mismatch')).json();
    expect(list.findings[0]).toMatchObject({ ledger_id: 'A1', dismissed: null });
    const audit = await (await app.request('/api/quality/dismissals')).json();
    expect(audit.dismissals).toHaveLength(1);
  });
});

describe('writing off a record', () => {
  it('refuses without evidence, a reason, an open status or a not_seen finding', async () => {
    expect((await post('/api/quality/write-offs/G1', 'inspector', { reason: 'gone', patch: { batch: '2024Q1', id: 'P7' } })).status).toBe(403);
    expect((await post('/api/quality/write-offs/G1', 'enforcer', { reason: 'gone' })).status).toBe(400);
    expect((await post('/api/quality/write-offs/G1', 'enforcer', { patch: { batch: '2024Q1', id: 'P7' } })).status).toBe(400);
    const noPatch = await post('/api/quality/write-offs/G1', 'enforcer', { reason: 'gone', patch: { batch: '2024Q1', id: 'P99' } });
    expect((await noPatch.json()).error).toMatch(/no patch "P99"/);
    expect((await post('/api/quality/write-offs/S1', 'enforcer', { reason: 'gone', patch: { batch: '2024Q1', id: 'P7' } })).status).toBe(409);
    expect((await post('/api/quality/write-offs/D1', 'enforcer', { reason: 'gone', patch: { batch: '2024Q1', id: 'P7' } })).status).toBe(409);
    const [g1] = await store.query('ledger', { equals: { id: 'G1' } });
    expect(g1.props.status).toBe('pending');
  });

  it('makes the record demolished, flagged as a write-off, in its history', async () => {
    const res = await post('/api/quality/write-offs/G1', 'enforcer', { reason: '存量违建已自行拆除', patch: { batch: '2024Q1', id: 'P7' }, demolished_on: '2024-02-20', base_seq: null });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: 'G1', status: 'demolished', previous_status: 'pending', demolished_on: '2024-02-20', written_off: true, reason: '存量违建已自行拆除', evidence_patch: '2024Q1/P7' });
    const [g1] = await store.query('ledger', { equals: { id: 'G1' } });
    expect(g1.props).toMatchObject({ status: 'demolished', demolished_on: '2024-02-20' });
    const history = await (await app.request('/api/ledger/G1/history')).json();
    expect(history.history.map((h: { written_off: boolean }) => h.written_off)).toEqual([true]);
    const list = await (await app.request('/api/quality/write-offs')).json();
    expect(list.write_offs.map((w: { id: string }) => w.id)).toEqual(['G1']);
  });

  it('keeps the dismissal and the write-off in the audit trail', async () => {
    const rows = await store.all(`SELECT actor, action, target, CAST(detail AS VARCHAR) AS detail FROM audit_log WHERE action IN ('quality.dismiss', 'ledger.write_off') ORDER BY seq`);
    expect(rows.map((r) => [r.actor, r.action, r.target])).toEqual([
      ['u_enforcer', 'quality.dismiss', 'A1:area_mismatch'],
      ['u_enforcer', 'ledger.write_off', 'G1'],
    ]);
    expect(JSON.parse(rows[1].detail as string)).toMatchObject({ reason: '存量违建已自行拆除', evidence_patch: '2024Q1/P7' });
  });
});

describe('land use after teardown', () => {
  it('reports demolished records per township, with the months checked', async () => {
    expect((await app.request('/api/quality/reuse?within_months=six')).status).toBe(400);
    const res = await (await app.request('/api/quality/reuse')).json();
    // D1 (demolished on load) and G1 (written off) are the demolished ones; none is reused yet.
    expect(res.within_months).toBe(6);
    expect(res.townships).toEqual([expect.objectContaining({ township: '熟溪街道', demolished: 2, reused_m2: 0, reused_share: 0 })]);
    expect(res.total.demolished_m2).toBeGreaterThan(150);
  });
});
