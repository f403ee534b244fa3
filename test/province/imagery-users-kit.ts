// The sessions and fixtures of test/province/imagery-users.test.ts: GeoTIFFs in EPSG:4549, the
// reviewer's imagery session and the admin's user-management session, each sent to one edition,
// and the answers as compared across editions.
import proj4 from 'proj4';
import sharp from 'sharp';
import { geoTiff, plainTiff } from '../imagery/make-tiff.ts';

const GK120 = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const POINT: [number, number] = [119.81, 28.89];
export const [PX, PY] = proj4('WGS84', GK120, POINT);

/** A 400 × 400 image at 0.5 m in EPSG:4549 of one colour with a 41 × 41 block of another centred on POINT. */
const image = (ground: [number, number, number], block: [number, number, number]) =>
  geoTiff({
    width: 400, height: 400, originX: PX - 200.5 * 0.5, originY: PY + 200.5 * 0.5, res: 0.5,
    paint: (i, j) => (Math.abs(i - 200) <= 20 && Math.abs(j - 200) <= 20 ? block : ground),
  });
export const RED_ON_WHITE = image([255, 255, 255], [255, 0, 0]);
export const BLUE_ON_GREY = image([128, 128, 128], [0, 0, 255]);

/** The z18 tile holding POINT. */
function tileOfPoint(): string {
  const size = 256 * 2 ** 18;
  const s = Math.sin((POINT[1] * Math.PI) / 180);
  const x = Math.floor((((POINT[0] + 180) / 360) * size) / 256);
  const y = Math.floor(((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size) / 256);
  return `18/${x}/${y}`;
}
export const TILE = tileOfPoint();

/** Mean colour of a PNG tile's opaque pixels. */
export async function meanColour(bytes: ArrayBuffer | Buffer): Promise<number[]> {
  const { data } = await sharp(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const sum = [0, 0, 0];
  let n = 0;
  for (let k = 0; k < data.length; k += 4) {
    if (data[k + 3] < 255) continue;
    for (let c = 0; c < 3; c++) sum[c] += data[k + c];
    n++;
  }
  return sum.map((v) => Math.round(v / n));
}

export type Send = (method: string, path: string, who: string | null, body?: BodyInit, type?: string) => Promise<Response>;
export function sender(fetcher: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, toks: Record<string, string>): Send {
  return async (method, path, who, body, type = 'application/json') =>
    fetcher.request(path, {
      method,
      ...(body === undefined ? {} : { body }),
      // `who` names a user of the fixture, or is '#' and a token.
      headers: { 'content-type': type, ...(who ? { authorization: `Bearer ${who.startsWith('#') ? who.slice(1) : toks[who]}` } : {}) },
    });
}

/** An answer as compared across editions: status, type and body; clock times, tokens and the county prefix blanked. */
export async function answer(res: Response): Promise<{ status: number; type: string; body: string }> {
  const type = res.headers.get('content-type') ?? '';
  const body = type.startsWith('image/')
    ? Buffer.from(await res.arrayBuffer()).toString('base64')
    : (await res.text())
        .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z/g, '<time>')
        .replace(/gt_[A-Za-z0-9_-]{43}/g, '<token>')
        .replace(/\/c\/\d{6}\//g, '/');
  return { status: res.status, type, body };
}

/** The reviewer's imagery session: uploads, listing, TileJSON, tiles, refusals, an outside source, deletion. */
export async function imagerySession(write: Send, read: Send, prefix: string) {
  const out: { status: number; type: string; body: string }[] = [];
  const step = async (send: Send, method: string, path: string, who: string | null, body?: BodyInit, type?: string) => {
    out.push(await answer(await send(method, prefix + path, who, body, type)));
  };
  const tiff = (buf: Buffer) => new Uint8Array(buf);
  await step(read, 'GET', '/api/imagery', null);
  await step(write, 'PUT', '/api/imagery/before?date=2024-02-01', null, tiff(RED_ON_WHITE), 'image/tiff');
  await step(write, 'PUT', '/api/imagery/before?date=2024-02-01', 'viewer', tiff(RED_ON_WHITE), 'image/tiff');
  await step(write, 'PUT', '/api/imagery/before?date=2024-02-01', 'inspector', tiff(RED_ON_WHITE), 'image/tiff');
  await step(write, 'PUT', '/api/imagery/after?date=2024-06-01', 'inspector', tiff(await plainTiff()), 'image/tiff');
  await step(write, 'PUT', '/api/imagery/after?date=2024-02-30', 'inspector', tiff(BLUE_ON_GREY), 'image/tiff');
  await step(write, 'PUT', '/api/imagery/after?date=2024-06-01', 'inspector', tiff(BLUE_ON_GREY), 'image/tiff');
  await step(write, 'POST', '/api/imagery', 'inspector', JSON.stringify({ name: 'gaode', date: '2023-10-01', url: 'https://wprd01.is.autonavi.com/appmaptile?style=6&x={x}&y={y}&z={z}', crs: 'gcj02', attribution: '高德' }));
  await step(write, 'POST', '/api/imagery', 'inspector', JSON.stringify({ name: 'x', date: '2023-10-01', url: 'https://a/{x}/{y}.png' }));
  await step(read, 'GET', '/api/imagery', null);
  await step(read, 'GET', '/imagery/before.json', null);
  await step(read, 'GET', `/imagery/before/${TILE}.png`, null);
  await step(read, 'GET', `/imagery/after/${TILE}.webp`, null);
  await step(read, 'GET', `/imagery/before/${TILE}.jpg`, null);
  await step(read, 'GET', '/imagery/before/10/0/0.webp', null);
  await step(read, 'GET', '/imagery/gaode/1/0/0.webp', null);
  await step(read, 'GET', `/imagery/before/${TILE}.gif`, null);
  await step(write, 'DELETE', '/api/imagery/after', 'inspector');
  await step(write, 'DELETE', '/api/imagery/after', 'inspector');
  await step(read, 'GET', `/imagery/after/${TILE}.webp`, null);
  await step(read, 'GET', '/api/imagery', null);
  return out;
}

/** The admin's user-management session of the DuckDB edition's API. */
export async function userSession(send: Send) {
  const out: { status: number; type: string; body: string }[] = [];
  const json = (x: unknown) => JSON.stringify(x);
  const step = async (method: string, path: string, who: string | null, body?: unknown) => {
    const res = await send(method, path, who, body === undefined ? undefined : json(body));
    const copy = res.clone();
    const a = await answer(res);
    // The province lists each user's counties too (checked below); the rest is the same.
    out.push({ ...a, body: a.body.replace(/,"counties":\[[^\]]*\]/g, '') });
    return copy;
  };
  await step('GET', '/api/auth/users', null);
  await step('GET', '/api/auth/users', 'viewer');
  await step('GET', '/api/auth/users', 'admin');
  await step('POST', '/api/auth/users', 'inspector', { name: 'li', role: 'inspector' });
  await step('POST', '/api/auth/users', 'admin', { name: 'li', role: 'boss' });
  await step('POST', '/api/auth/users', 'admin', { name: 'li si', role: 'viewer' });
  await step('POST', '/api/auth/users', 'admin', { name: 'li', role: 'inspector', password: 'short' });
  await step('POST', '/api/auth/users', 'admin', { role: 'inspector' });
  const added = await (await step('POST', '/api/auth/users', 'admin', { name: 'li', role: 'inspector', password: 'a-long-password' })).json();
  await step('POST', '/api/auth/users', 'admin', { name: 'li', role: 'viewer' });
  const login = await (await step('POST', '/api/auth/login', null, { name: 'li', password: 'a-long-password' })).json();
  await step('PATCH', '/api/auth/users/li', 'admin', { role: 'enforcer' });
  // The role changed: both of li's tokens are revoked.
  for (const token of [added.token, login.token]) await step('GET', '/api/auth/me', `#${token}`);
  await step('PATCH', '/api/auth/users/li', 'admin', { role: 5 });
  await step('PATCH', '/api/auth/users/li', 'admin', { disabled: 'yes' });
  await step('PATCH', '/api/auth/users/nobody', 'admin', { role: 'viewer' });
  await step('PATCH', '/api/auth/users/li', 'admin', { password: 'another-long-password', disabled: true });
  await step('GET', '/api/auth/users', 'admin');
  await step('POST', '/api/auth/login', null, { name: 'li', password: 'another-long-password' });
  await step('PATCH', '/api/auth/users/li', 'admin', { disabled: false });
  await step('POST', '/api/auth/login', null, { name: 'li', password: 'another-long-password' });
  await step('DELETE', '/api/auth/users/li', 'viewer');
  await step('DELETE', '/api/auth/users/li', 'admin');
  await step('DELETE', '/api/auth/users/li', 'admin');
  await step('GET', '/api/auth/users', 'admin');
  return out;
}
