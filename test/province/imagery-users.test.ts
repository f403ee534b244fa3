// Dated imagery and user management on province nodes. Imagery: the same session of uploads,
// listings, tiles and refusals answered as the DuckDB edition answers it (the same tile bytes from
// the same GeoTIFF), written through node A and read through node B; an image replaced or deleted
// through one node no longer served by the other; two counties with images of the same name kept
// apart; a node without an imagery folder and a role of another county refused. Users: the DuckDB
// edition's session of user management answered alike, county limits set over the API, only an
// admin of every county managing users, audit rows in audit_province.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { geoTiff } from '../imagery/make-tiff.ts';
import { answer, BLUE_ON_GREY, imagerySession, meanColour, PX, PY, RED_ON_WHITE, sender, TILE, userSession, type Send } from './imagery-users-kit.ts';
import { renderSampleImagery } from '../../scripts/county/imagery.ts';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import { PgStore } from '../../service/store/pg/index.ts';
import { createProvinceApp } from '../../service/province/app.ts';
import { openProvinceImagery, type ProvinceImagery } from '../../service/province/imagery-routes.ts';
import { PgImageryCatalog } from '../../service/province/imagery-pg.ts';
import { ImageryService, type ImageryCatalogStore } from '../../service/imagery/index.ts';
import { TileCache } from '../../service/tiles/cache.ts';

interface Node {
  store: PgStore;
  imagery: ProvinceImagery;
  send: Send;
  request: (path: string, headers: Record<string, string>) => Promise<Response>;
}

let cluster: PgCluster;
let dir: string;
let duck: { store: Store; send: Send; close(): Promise<void> };
let a: Node;
let b: Node;
let bare: Node;
const tokens: Record<string, string> = {};
const duckTokens: Record<string, string> = {};

async function startNode(url: string, imageryDir: string | undefined): Promise<Node> {
  const store = await PgStore.open(url, { max: 4 });
  const imagery = await openProvinceImagery(store, { dir: imageryDir, maxUploadBytes: 5 * 1024 * 1024 });
  const { app } = await createProvinceApp(store, { maxUploadBytes: 5 * 1024 * 1024 }, imagery.routes);
  return { store, imagery, send: sender(app, tokens), request: async (path, headers) => app.request(path, { headers }) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gt-province-imagery-'));
  cluster = await startPgCluster();
  const setup = await PgStore.open(cluster.url, { max: 2 });
  await setup.addCounty('330723', '武义县');
  await setup.addCounty('330781', '兰溪市');
  for (const role of ['viewer', 'inspector', 'admin']) tokens[role] = await setup.users.add(`u_${role}`, role);
  tokens.lanxiInspector = await setup.users.add('insp-lanxi', 'inspector');
  tokens.lanxiAdmin = await setup.users.add('admin-lanxi', 'admin');
  await setup.users.limitToCounties('insp-lanxi', ['330781']);
  await setup.users.limitToCounties('admin-lanxi', ['330781']);
  await setup.close();
  a = await startNode(cluster.url, dir);
  b = await startNode(cluster.url, dir);
  bare = await startNode(cluster.url, undefined);

  const store = await Store.open(':memory:');
  for (const role of ['viewer', 'inspector', 'admin']) duckTokens[role] = await store.users.add(`u_${role}`, role);
  // The same users as the province has, so that listings compare (a DuckDB file has no county limits).
  for (const [name, role] of [['insp-lanxi', 'inspector'], ['admin-lanxi', 'admin']]) await store.users.add(name, role);
  const { app, ctx } = await createApp(store);
  duck = { store, send: sender(app, duckTokens), close: async () => { await ctx.imagery.close(); store.close(); } };
}, 120_000);

afterAll(async () => {
  for (const n of [a, b, bare]) {
    await n?.imagery.close();
    await n?.store.close();
  }
  await duck?.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const files = (county: string) => {
  try {
    return readdirSync(join(dir, county)).sort();
  } catch {
    return [];
  }
};

describe('imagery on province nodes', () => {
  it('answers the imagery session as the DuckDB edition does, written through A and read through B', async () => {
    const expected = await imagerySession(duck.send, duck.send, '');
    const got = await imagerySession(a.send, b.send, '/c/330723');
    expect(got).toEqual(expected);
    expect(expected.map((x) => x.status)).toEqual([200, 401, 403, 201, 422, 400, 201, 201, 400, 200, 200, 200, 200, 200, 204, 404, 404, 200, 404, 404, 200]);
    // Not two empty answers: the listing holds both dates and the outside source, and tiles are images.
    expect(JSON.parse(expected[9].body).map((r: { name: string }) => r.name)).toEqual(['gaode', 'before', 'after']);
    expect(expected[4].body).toMatch(/not georeferenced/);
    expect(expected[11].type).toBe('image/png');
    expect(await meanColour(Buffer.from(got[11].body, 'base64'))).not.toEqual([255, 255, 255]);
    // The county's listing links its own tiles.
    const list = await (await b.send('GET', '/c/330723/api/imagery', null)).json();
    expect(list.find((r: { name: string }) => r.name === 'before').tiles).toEqual(['http://localhost/c/330723/imagery/before/{z}/{x}/{y}.webp']);
    expect(files('330723')).toHaveLength(1);
    expect(files('330781')).toEqual([]);
  });

  it('stops serving a tile on A once B replaced the image, and once B deleted it', async () => {
    const path = `/c/330723/imagery/before/${TILE}.png`;
    const first = await a.send('GET', path, null);
    const etag = first.headers.get('etag')!;
    const red = await meanColour(await first.arrayBuffer());
    expect((await a.send('GET', path, null, undefined)).status).toBe(200);
    const before = files('330723');

    const put = await b.send('PUT', '/c/330723/api/imagery/before?date=2024-03-01', 'inspector', new Uint8Array(BLUE_ON_GREY), 'image/tiff');
    expect(put.status).toBe(201);
    const after = await a.request(path, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const blue = await meanColour(await after.arrayBuffer());
    expect(blue).not.toEqual(red);
    expect(blue[2]).toBeGreaterThan(blue[0]);
    // The replaced file is gone from the shared folder; the new one is there.
    expect(files('330723')).toHaveLength(1);
    expect(files('330723')).not.toEqual(before);
    expect((await (await a.send('GET', '/c/330723/imagery/before.json', null)).json()).date).toBe('2024-03-01');

    expect((await b.send('DELETE', '/c/330723/api/imagery/before', 'inspector')).status).toBe(200);
    expect((await a.send('GET', path, null)).status).toBe(404);
    expect((await a.send('GET', '/c/330723/imagery/before.json', null)).status).toBe(404);
    expect(files('330723')).toEqual([]);
  });

  it('keeps two counties\' images of the same name apart, in the catalogue, the folder and the tile cache', async () => {
    const put = (node: Node, county: string, tiff: Buffer, who = 'inspector') =>
      node.send('PUT', `/c/${county}/api/imagery/dom?date=2024-05-20`, who, new Uint8Array(tiff), 'image/tiff');
    expect((await put(a, '330723', RED_ON_WHITE)).status).toBe(201);
    expect((await put(b, '330781', BLUE_ON_GREY, 'lanxiInspector')).status).toBe(201);
    const tile = async (node: Node, county: string) => meanColour(await (await node.send('GET', `/c/${county}/imagery/dom/${TILE}.png`, null)).arrayBuffer());
    // Both through one node, so one cache holds both: the county leads the key.
    const [wuyi, lanxi] = [await tile(a, '330723'), await tile(a, '330781')];
    expect(wuyi[0]).toBeGreaterThan(wuyi[2]);
    expect(lanxi[2]).toBeGreaterThan(lanxi[0]);
    expect(files('330723')).toHaveLength(1);
    expect(files('330781')).toHaveLength(1);
    expect((await b.send('DELETE', '/c/330781/api/imagery/dom', 'lanxiInspector')).status).toBe(200);
    expect(await tile(b, '330723')).toEqual(wuyi);
    expect((await (await a.send('GET', '/c/330781/api/imagery', null)).json())).toEqual([]);
    expect((await (await a.send('GET', '/c/330723/api/imagery', null)).json()).map((r: { name: string }) => r.name)).toContain('dom');
  });

  it('lets exactly one of two replacements sent at once through two nodes stand, and keeps exactly its file', async () => {
    const both = await Promise.all(
      [[a, RED_ON_WHITE], [b, BLUE_ON_GREY]].map(([node, tiff]) =>
        (node as Node).send('PUT', '/c/330723/api/imagery/race?date=2024-05-20', 'inspector', new Uint8Array(tiff as Buffer), 'image/tiff'),
      ),
    );
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    const rows = await a.store.all(`SELECT file FROM imagery WHERE county_code = '330723' AND name = 'race'`);
    expect(rows).toHaveLength(1);
    expect(files('330723').filter((f) => f.startsWith('race.'))).toEqual([rows[0].file]);
  });

  it('refuses writes by a role limited to another county, and names the county', async () => {
    const res = await a.send('PUT', '/c/330723/api/imagery/lanxi?date=2024-05-20', 'lanxiInspector', new Uint8Array(RED_ON_WHITE), 'image/tiff');
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/insp-lanxi.*330781.*not in county 330723/);
    const del = await a.send('DELETE', '/c/330723/api/imagery/dom', 'lanxiInspector');
    expect(del.status).toBe(403);
    expect((await (await a.send('GET', '/c/330723/api/imagery', null)).json()).map((r: { name: string }) => r.name)).not.toContain('lanxi');
    expect(files('330723').some((f) => f.startsWith('lanxi.'))).toBe(false);
  });

  it('on a node without an imagery folder: lists the catalogue, refuses writes and file tiles naming --imagery-dir', async () => {
    expect(await (await bare.send('GET', '/c/330781/api/imagery', null)).json()).toEqual([]);
    expect((await (await bare.send('GET', '/c/330723/api/imagery', null)).json()).map((r: { name: string }) => r.name)).toContain('dom');
    const before = files('330723');
    for (const [method, path, body, type] of [
      ['PUT', '/c/330723/api/imagery/x?date=2024-05-20', new Uint8Array(RED_ON_WHITE), 'image/tiff'],
      ['POST', '/c/330723/api/imagery', JSON.stringify({ name: 'gaode2', date: '2023-10-01', url: 'https://a/{z}/{x}/{y}.png' }), 'application/json'],
      ['DELETE', '/c/330723/api/imagery/dom', undefined, undefined],
    ] as const) {
      const res = await bare.send(method, path, 'inspector', body, type);
      expect(res.status, `${method} ${path}`).toBe(503);
      expect((await res.json()).error).toMatch(/--imagery-dir DIR.*GROUNDTRUTH_IMAGERY_DIR/);
    }
    const tile = await bare.send('GET', `/c/330723/imagery/dom/${TILE}.png`, null);
    expect(tile.status).toBe(503);
    expect((await bare.send('PUT', '/c/330723/api/imagery/x?date=2024-05-20', 'viewer', new Uint8Array(RED_ON_WHITE), 'image/tiff')).status).toBe(403);
    expect(files('330723')).toEqual(before);
    expect((await (await a.send('GET', '/c/330723/api/imagery', null)).json()).map((r: { name: string }) => r.name)).not.toContain('gaode2');
  });

  it('refuses a bad file with a 422 naming the problem, keeping the image it would replace', async () => {
    const listed = await (await a.send('GET', '/c/330723/api/imagery', null)).json();
    const before = files('330723');
    const res = await a.send('PUT', '/c/330723/api/imagery/dom?date=2024-05-20', 'inspector', new Uint8Array(geoTiff({ width: 16, height: 16, originX: PX, originY: PY, res: 1, bits: 16 })), 'image/tiff');
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatch(/16-bit samples.*8-bit/);
    expect(await (await b.send('GET', '/c/330723/api/imagery', null)).json()).toEqual(listed);
    expect(files('330723')).toEqual(before);
  });

  it('answers the plain paths only for a single county', async () => {
    const res = await a.send('GET', '/api/imagery', null);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/330723, 330781.*\/c\/<county>\/api\/imagery/);
    expect((await a.send('GET', '/imagery/dom.json', null)).status).toBe(404);
    expect((await a.send('GET', '/c/330799/api/imagery', null)).status).toBe(404);
  });

  it('serves the sample generator\'s two image dates with the DuckDB edition\'s listing and tile bytes', async () => {
    // A patch of each kind the generator draws, near (119.8, 28.9), rendered at 1 m.
    const sample = mkdtempSync(join(tmpdir(), 'gt-province-sample-'));
    try {
      const box = (lon: number, lat: number, d: number) => [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];
      const fc = (features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });
      const feature = (coordinates: number[][][], properties: object) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } });
      writeFileSync(join(sample, 'patches.geojson'), fc([
        feature(box(119.8, 28.9, 0.0003), { id: 'new', batch: '2024Q1', change_type: 'construction', before_on: '2023-10-20', detected_on: '2024-01-20' }),
        feature(box(119.801, 28.9, 0.0003), { id: 'gone', batch: '2024Q1', change_type: 'removal', before_on: '2023-12-01', detected_on: '2024-03-01' }),
      ]));
      writeFileSync(join(sample, 'footprints.geojson'), fc([feature(box(119.80105, 28.90005, 0.0002), { id: 'gone' })]));
      writeFileSync(join(sample, 'fire_lanes.geojson'), fc([]));
      const images = await renderSampleImagery(sample, sample, { res: 1 });
      expect(images.map((i) => i.name)).toEqual(['sample_before', 'sample_after']);
      const put = (send: Send, prefix: string, img: { name: string; date: string; file: string }) =>
        send('PUT', `${prefix}/api/imagery/${img.name}?date=${img.date}`, 'inspector', new Uint8Array(readFileSync(img.file)), 'image/tiff');
      for (const img of images) {
        expect((await put(duck.send, '', img)).status).toBe(201);
        expect((await put(a.send, '/c/330723', img)).status).toBe(201);
      }
      const entries = async (send: Send, prefix: string) =>
        (await answer(await send('GET', `${prefix}/api/imagery`, null))).body;
      const pgList = await entries(b.send, '/c/330723');
      const duckList = await entries(duck.send, '');
      const pick = (list: string) => (JSON.parse(list) as { name: string }[]).filter((r) => r.name.startsWith('sample_'));
      expect(pick(pgList)).toEqual(pick(duckList));
      expect(pick(pgList)).toHaveLength(2);
      let drawn = 0;
      for (const z of [15, 16, 17, 18]) {
        const n = 2 ** z;
        const x = Math.floor(((119.8003 + 180) / 360) * n);
        const s2 = Math.sin((28.9002 * Math.PI) / 180);
        const y = Math.floor((0.5 - Math.log((1 + s2) / (1 - s2)) / (4 * Math.PI)) * n);
        for (const img of images) {
          const path = `/imagery/${img.name}/${z}/${x}/${y}.webp`;
          const [pg, dk] = [await answer(await b.send('GET', `/c/330723${path}`, null)), await answer(await duck.send('GET', path, null))];
          expect(pg, `${img.name} ${z}/${x}/${y}`).toEqual(dk);
          if (pg.status === 200) drawn++;
        }
      }
      expect(drawn).toBe(8);
    } finally {
      rmSync(sample, { recursive: true, force: true });
    }
  });

  it('answers from the catalogue as it stands when the row it read names a file another node just removed', async () => {
    const real = new PgImageryCatalog(a.store.pool, '330723');
    const row = (await real.get('sample_before'))!;
    let reads = 0;
    // The first read is the row as it was a moment before another node replaced the image.
    const catalog: ImageryCatalogStore = {
      ...real,
      list: () => real.list(),
      get: async (name) => (reads++ === 0 ? { ...row, version: 'older', file: 'sample_before.older.tif' } : real.get(name)),
      replace: (r) => real.replace(r),
      remove: (name) => real.remove(name),
    };
    const service = ImageryService.shared({ catalog, dir: join(dir, '330723'), cache: new TileCache(1 << 20), scope: '330723', noDirHint: '' });
    try {
      const n = 2 ** 18;
      const s2 = Math.sin((28.9002 * Math.PI) / 180);
      const [x, y] = [Math.floor(((119.8003 + 180) / 360) * n), Math.floor((0.5 - Math.log((1 + s2) / (1 - s2)) / (4 * Math.PI)) * n)];
      const tile = await service.tile('sample_before', 18, x, y, 'png');
      // The stale row, the row read again after the missing file, and the retry's own read.
      expect(reads).toBe(3);
      expect(tile.status).toBe(200);
      const served = await b.send('GET', `/c/330723/imagery/sample_before/18/${x}/${y}.png`, null);
      expect(served.status).toBe(200);
      if (tile.status === 200) expect(Buffer.from(tile.body)).toEqual(Buffer.from(await served.arrayBuffer()));
    } finally {
      await service.close();
    }
  });
});

describe('user management on a province node', () => {
  it('answers the admin\'s session as the DuckDB edition does, with audit rows in audit_province', async () => {
    const expected = await userSession(duck.send);
    const got = await userSession(a.send);
    expect(got).toEqual(expected);
    expect(expected.map((x) => x.status)).toEqual([401, 403, 200, 403, 400, 400, 400, 400, 201, 409, 200, 200, 401, 401, 400, 400, 404, 200, 200, 401, 200, 200, 403, 200, 404, 200]);
    expect(expected[8].body).toMatch(/"name":"li","role":"inspector","token":"<token>"/);
    expect(expected[17].body).toMatch(/"role":"enforcer","disabled":true/);
    const actions = (rows: Record<string, unknown>[]) => rows.map((r) => [r.actor, r.action, r.target]);
    const pgAudit = await a.store.all(`SELECT actor, action, target FROM audit_province WHERE action LIKE 'user.%' ORDER BY seq`);
    const duckAudit = await duck.store.db.all(`SELECT actor, action, target FROM audit_log WHERE action LIKE 'user.%' ORDER BY seq`);
    expect(actions(pgAudit)).toEqual(actions(duckAudit));
    expect(actions(pgAudit)).toEqual([
      ['u_admin', 'user.add', 'li'],
      ['u_admin', 'user.change', 'li'],
      ['u_admin', 'user.change', 'li'],
      ['u_admin', 'user.change', 'li'],
      ['u_admin', 'user.remove', 'li'],
    ]);
  });

  const post = (who: string, body: unknown) => a.send('POST', '/api/auth/users', who, JSON.stringify(body));

  it('limits a new user\'s role to counties, and the limit holds on writes', async () => {
    const res = await post('admin', { name: 'wang', role: 'inspector', counties: ['330781'] });
    expect(res.status).toBe(201);
    const { token, ...rest } = await res.json();
    expect(rest).toEqual({ name: 'wang', role: 'inspector', counties: ['330781'] });
    const list = (await (await a.send('GET', '/api/auth/users', 'admin')).json()).users as { name: string; counties: string[] }[];
    expect(list.find((u) => u.name === 'wang')).toEqual({ name: 'wang', role: 'inspector', disabled: false, counties: ['330781'] });
    expect(list.find((u) => u.name === 'u_inspector')!.counties).toEqual([]);
    const refused = await a.send('PUT', '/c/330723/api/imagery/w?date=2024-05-20', `#${token}`, new Uint8Array(RED_ON_WHITE), 'image/tiff');
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/wang.*330781.*not in county 330723/);
    // Lifting the limit ([]) lets the role act in every county; the change does not revoke the token.
    const lifted = await a.send('PATCH', '/api/auth/users/wang', 'admin', JSON.stringify({ counties: [] }));
    expect(await lifted.json()).toEqual({ name: 'wang', role: 'inspector', disabled: false, counties: [] });
    expect((await a.send('PUT', '/c/330723/api/imagery/w?date=2024-05-20', `#${token}`, new Uint8Array(RED_ON_WHITE), 'image/tiff')).status).toBe(201);
    const detail = await a.store.all(`SELECT detail::text AS d FROM audit_province WHERE action = 'user.add' AND target = 'wang'`);
    expect(JSON.parse(detail[0].d as string)).toEqual({ role: 'inspector', counties: ['330781'], password_set: false });
  });

  it('refuses a malformed county list naming the code, and adds no user', async () => {
    for (const [counties, message] of [
      [['330781', '33078'], /"33078".*6-digit/],
      [['330700'], /330700.*prefecture/],
      ['330781', /list of 6-digit county codes/],
    ] as const) {
      const res = await post('admin', { name: 'zhao', role: 'viewer', counties });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(message);
    }
    const list = (await (await a.send('GET', '/api/auth/users', 'admin')).json()).users as { name: string }[];
    expect(list.map((u) => u.name)).not.toContain('zhao');
    const patch = await a.send('PATCH', '/api/auth/users/wang', 'admin', JSON.stringify({ role: 'viewer', counties: ['3307'] }));
    expect(patch.status).toBe(400);
    expect(list.find((u) => u.name === 'wang')).toMatchObject({ role: 'inspector', counties: [] });
    expect((await (await a.send('GET', '/api/auth/users', 'admin')).json()).users.find((u: { name: string }) => u.name === 'wang')).toMatchObject({ role: 'inspector' });
  });

  it('lets only an admin of every county manage users: an admin limited to counties is refused', async () => {
    const attempts: [string, string, unknown?][] = [
      ['GET', '/api/auth/users'],
      ['POST', '/api/auth/users', { name: 'lanxi-viewer', role: 'viewer', counties: ['330781'] }],
      ['PATCH', '/api/auth/users/insp-lanxi', { role: 'viewer' }],
      ['DELETE', '/api/auth/users/insp-lanxi'],
    ];
    for (const [method, path, body] of attempts) {
      const res = await a.send(method, path, 'lanxiAdmin', body === undefined ? undefined : JSON.stringify(body));
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await res.json()).error).toMatch(/admin-lanxi.*acts only in 330781.*admin of every county/);
    }
    const list = (await (await a.send('GET', '/api/auth/users', 'admin')).json()).users as { name: string; role: string }[];
    expect(list.find((u) => u.name === 'insp-lanxi')).toMatchObject({ role: 'inspector', counties: ['330781'] });
    expect(list.map((u) => u.name)).not.toContain('lanxi-viewer');
  });

  it('refuses counties on the DuckDB edition, which holds one county', async () => {
    const res = await duck.send('POST', '/api/auth/users', 'admin', JSON.stringify({ name: 'zhou', role: 'viewer', counties: ['330723'] }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/counties are for the province edition/);
    expect((await duck.store.users.list()).map((u) => u.name)).not.toContain('zhou');
  });
});
