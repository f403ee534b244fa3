// The bad-input corpus: requests a careless user or an attacker sends — malformed and truncated
// files of every format, wrong CRSs, huge and deep JSON, zip bombs, bad tile addresses, bad dates,
// SQL-looking values, out-of-range ids — each of which the service must answer with a 4xx and a
// reason, staying up, with its data unchanged.
import { zipSync } from 'fflate';
import { writeDbf, writeShp } from '../import/shapefile-writer.ts';

export interface BadCase {
  name: string;
  method: string;
  path: string;
  body?: BodyInit;
  /** Role whose token goes with it (admin unless said). */
  as?: 'admin' | 'inspector' | 'enforcer' | 'viewer' | null;
  headers?: Record<string, string>;
}

const ring = [[119.8, 28.9], [119.8001, 28.9], [119.8001, 28.9001], [119.8, 28.9001], [119.8, 28.9]];
const feature = (props: Record<string, unknown>, geometry: unknown = { type: 'Polygon', coordinates: [ring] }) => ({ type: 'Feature', properties: props, geometry });
const ledger = (over: Record<string, unknown> = {}) => ({ id: 'C1', recorded_on: '2020-01-01', status: 'pending', ...over });
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const GOOD = fc([feature(ledger()), feature(ledger({ id: 'C2' })), feature(ledger({ id: 'C3' }))]);

const SQL = [`'; DROP TABLE layer_ledger; --`, `1 OR 1=1`, `x' UNION SELECT password_hash FROM users --`, `"); DELETE FROM users; --`, `$(rm -rf /)`];

function upload(name: string, file: string, body: BodyInit, query = '', layer = 'ledger'): BadCase {
  return { name, method: 'PUT', path: `/api/layers/${layer}?filename=${encodeURIComponent(file)}${query}`, body };
}

function shapefileZip(mutate?: (set: Record<string, Uint8Array>) => void): Uint8Array<ArrayBuffer> {
  const { shp, shx } = writeShp([{ type: 'Polygon', coordinates: [ring] }]);
  const dbf = writeDbf([{ name: 'id', type: 'C', length: 10 }, { name: 'rec_on', type: 'C', length: 10 }, { name: 'status', type: 'C', length: 10 }], [['Z1', '2020-01-01', 'pending']], 'utf-8');
  const set: Record<string, Uint8Array> = { 'ledger.shp': shp, 'ledger.shx': shx, 'ledger.dbf': dbf };
  mutate?.(set);
  return zipSync(set) as Uint8Array<ArrayBuffer>;
}

export function corpus(parquet: Uint8Array<ArrayBuffer>): BadCase[] {
  const cases: BadCase[] = [];
  const add = (c: BadCase) => cases.push(c);

  // GeoJSON: truncated at 24 points, malformed, wrong shapes, deep and odd.
  for (let i = 1; i <= 24; i++) {
    const cut = Math.floor((GOOD.length * i) / 25);
    add(upload(`geojson truncated at ${cut} bytes`, 'ledger.geojson', GOOD.slice(0, cut)));
  }
  const badGeojson: [string, string][] = [
    ['not JSON', 'hello world'],
    ['a bare array', '[1,2,3]'],
    ['a number', '42'],
    ['features not a list', '{"type":"FeatureCollection","features":{}}'],
    ['empty collection', fc([])],
    ['null geometry', fc([feature(ledger(), null)])],
    ['string coordinates', fc([feature(ledger(), { type: 'Polygon', coordinates: 'abc' })])],
    ['NaN-like coordinates', fc([feature(ledger(), { type: 'Polygon', coordinates: [[['a', 'b'], [1, 2], [3, 4], ['a', 'b']]] })])],
    ['unknown geometry type', fc([feature(ledger(), { type: 'Circle', coordinates: [119.8, 28.9] })])],
    ['point for a polygon layer', fc([feature(ledger(), { type: 'Point', coordinates: [119.8, 28.9] })])],
    ['ring of two points', fc([feature(ledger(), { type: 'Polygon', coordinates: [[[119.8, 28.9], [119.8, 28.9]]] })])],
    ['longitude 500', fc([feature(ledger(), { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x + 400, y])] })])],
    ['latitude 95', fc([feature(ledger(), { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x, y + 66])] })])],
    ['projected metres declared as degrees', fc([feature(ledger(), { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x * 4000, y * 100000])] })])],
    ['missing id', fc([feature({ recorded_on: '2020-01-01', status: 'pending' })])],
    ['duplicate ids', fc([feature(ledger()), feature(ledger())])],
    ['deeply nested coordinates', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"D"},"geometry":{"type":"Polygon","coordinates":${'['.repeat(5000)}${']'.repeat(5000)}}}]}`],
    ['deeply nested properties', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"D","x":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}},"geometry":null}]}`],
    ['huge number', fc([feature(ledger({ floors: 7 }))]).replace('"floors":7', '"floors":1e400')],
    ['binary garbage', '\u0000\u0001\u0002\u00ff'.repeat(100)],
    ['BOM only', '\ufeff'],
    ['whitespace only', '   \n\n  '],
    ['a single Feature with an unknown status', JSON.stringify(feature(ledger({ status: 'gone' })))],
    ['negative floors as text', fc([feature(ledger({ floors: 'minus three' }))])],
  ];
  for (const [n, body] of badGeojson) add(upload(`geojson: ${n}`, 'ledger.geojson', body));
  for (const d of ['2020-13-45', 'yesterday', '0000-00-00', '99999999', '2020/02/30', '1899-01-01T25:00', '', '二〇二〇年', '2020-02-30', '1e9']) {
    add(upload(`bad date ${JSON.stringify(d)}`, 'ledger.geojson', fc([feature(ledger({ recorded_on: d }))])));
  }
  for (const s of SQL) {
    add(upload(`SQL-looking status ${s}`, 'ledger.geojson', fc([feature(ledger({ status: s }))])));
    add(upload(`SQL-looking date ${s}`, 'ledger.geojson', fc([feature(ledger({ recorded_on: s }))])));
    add(upload(`SQL-looking crs ${s}`, 'ledger.geojson', GOOD, `&crs=${encodeURIComponent(s)}`));
    add({ name: `SQL-looking layer name ${s}`, method: 'PUT', path: `/api/layers/${encodeURIComponent(s)}`, body: GOOD });
    add(upload(`SQL-looking field map ${s}`, 'ledger.geojson', GOOD, `&field_map=${encodeURIComponent(s)}`));
  }
  for (const crs of ['EPSG:99999', 'EPSG:abc', 'WGS84-ish', '+proj=nonsense', 'EPSG:3857;EPSG:4326', 'EPSG:'.padEnd(300, '9')]) {
    add(upload(`unknown CRS ${crs.slice(0, 30)}`, 'ledger.geojson', GOOD, `&crs=${encodeURIComponent(crs)}`));
  }
  add(upload('field_map not an object', 'ledger.geojson', GOOD, '&field_map=[1,2]'));
  add(upload('field_map to an empty name', 'ledger.geojson', GOOD, `&field_map=${encodeURIComponent('{"id":""}')}`));

  // NDJSON.
  const lines = [feature(ledger()), feature(ledger({ id: 'C2' }))].map((f) => JSON.stringify(f)).join('\n');
  for (let i = 1; i <= 10; i++) add(upload(`ndjson truncated ${i}/11`, 'ledger.ndjson', lines.slice(0, Math.floor((lines.length * i) / 11))));
  add(upload('ndjson garbage line', 'ledger.ndjson', `${lines}\nnot json at all\n`));
  add(upload('ndjson array line', 'ledger.ndjson', `[1,2]\n${lines}`));
  add(upload('ndjson empty lines only', 'ledger.ndjson', '\n\n\n'));

  // CSV.
  const csvHead = 'id,recorded_on,status,wkt\n';
  const csvGood = `${csvHead}C1,2020-01-01,pending,"POLYGON((119.8 28.9,119.8001 28.9,119.8001 28.9001,119.8 28.9))"\n`;
  for (let i = 1; i <= 10; i++) add(upload(`csv truncated ${i}/11`, 'ledger.csv', csvGood.slice(0, Math.floor((csvGood.length * i) / 11))));
  const badCsv: [string, string][] = [
    ['no geometry column', 'id,recorded_on,status\nC1,2020-01-01,pending\n'],
    ['bad WKT', `${csvHead}C1,2020-01-01,pending,POLYGON((oops))\n`],
    ['WKT of a point', `${csvHead}C1,2020-01-01,pending,POINT(119.8 28.9)\n`],
    ['unterminated quote', `${csvHead}C1,2020-01-01,pending,"POLYGON((119.8 28.9\n`],
    ['ragged rows', `${csvHead}C1,2020-01-01\nC2\n`],
    ['lon/lat out of range', 'id,recorded_on,status,lon,lat\nC1,2020-01-01,pending,999,999\n'],
    ['header only', csvHead],
    ['formula cells', `${csvHead}=cmd|' /C calc'!A0,2020-01-01,pending,=1+1\n`],
    ['binary garbage', '\u0000,\u0001\n\u0002,\u0003\n'],
    ['semicolon header with garbage', 'a;b;c\n1;2;3\n'],
  ];
  for (const [n, body] of badCsv) add(upload(`csv: ${n}`, 'ledger.csv', body));
  for (const s of SQL) add(upload(`csv SQL-looking status ${s}`, 'ledger.csv', `${csvHead}C1,2020-01-01,"${s.replace(/"/g, '""')}","POLYGON((119.8 28.9,119.8001 28.9,119.8001 28.9001,119.8 28.9))"\n`));

  // Zipped shapefiles: truncated, bombs, wrong contents.
  const zip = shapefileZip();
  for (let i = 1; i <= 12; i++) add(upload(`zip truncated ${i}/13`, 'ledger.zip', new Blob([zip.slice(0, Math.floor((zip.length * i) / 13))])));
  add(upload('zip bomb (.shp inflating 1000×)', 'ledger.zip', new Blob([shapefileZip((s) => { const big = new Uint8Array(40 * 1024 * 1024); big.set(s['ledger.shp']); s['ledger.shp'] = big; })])));
  add(upload('zip with no shapefile', 'ledger.zip', new Blob([zipSync({ 'readme.txt': new TextEncoder().encode('hi') }) as Uint8Array<ArrayBuffer>])));
  add(upload('zip with two shapefiles', 'ledger.zip', new Blob([shapefileZip((s) => { s['other.shp'] = s['ledger.shp']; s['other.dbf'] = s['ledger.dbf']; })])));
  add(upload('zip without .dbf', 'ledger.zip', new Blob([shapefileZip((s) => delete s['ledger.dbf'])])));
  add(upload('zip with a truncated .shp', 'ledger.zip', new Blob([shapefileZip((s) => (s['ledger.shp'] = s['ledger.shp'].slice(0, 120)))])));
  add(upload('zip with a bad .shp header', 'ledger.zip', new Blob([shapefileZip((s) => (s['ledger.shp'] = new Uint8Array(200).fill(7)))])));
  add(upload('zip with a truncated .dbf', 'ledger.zip', new Blob([shapefileZip((s) => (s['ledger.dbf'] = s['ledger.dbf'].slice(0, 40)))])));
  add(upload('zip with a nonsense .prj', 'ledger.zip', new Blob([shapefileZip((s) => (s['ledger.prj'] = new TextEncoder().encode('PROJCS["nowhere",GEOGCS["x"]]')))])));
  add(upload('zip with an unknown .cpg', 'ledger.zip', new Blob([shapefileZip((s) => (s['ledger.cpg'] = new TextEncoder().encode('KLINGON-1')))])));
  add(upload('zip magic and garbage', 'ledger.zip', new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(200).fill(1)])])));
  add(upload('empty zip file', 'ledger.zip', new Blob([new Uint8Array(0)])));

  // GeoParquet: truncated, garbage behind the magic.
  for (let i = 1; i <= 10; i++) add(upload(`parquet truncated ${i}/11`, 'ledger.parquet', new Blob([parquet.slice(0, Math.floor((parquet.length * i) / 11))])));
  add(upload('parquet magic and garbage', 'ledger.parquet', new Blob([new TextEncoder().encode(`PAR1${'x'.repeat(300)}PAR1`)])));
  add(upload('parquet without geometry', 'ledger.parquet', new Blob([new TextEncoder().encode('PAR1')])));
  add(upload('unknown format by name and content', 'ledger.xyz', '\u0000\u0001binary'));
  add(upload('empty body', 'ledger.geojson', ''));

  // Upload envelopes.
  add({ name: 'malformed filename*=', method: 'PUT', path: '/api/layers/ledger', body: GOOD, headers: { 'content-disposition': "attachment; filename*=UTF-8''%E0%A4%A" } });
  add({ name: 'filename*= without charset', method: 'PUT', path: '/api/layers/ledger', body: GOOD, headers: { 'content-disposition': 'attachment; filename*=ledger.geojson' } });
  add({ name: 'multipart without boundary', method: 'PUT', path: '/api/layers/ledger', body: GOOD, headers: { 'content-type': 'multipart/form-data' } });
  add({ name: 'multipart without a file', method: 'PUT', path: '/api/layers/ledger', body: '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=b' } });
  add({ name: 'multipart cut off', method: 'PUT', path: '/api/layers/ledger', body: '--b\r\nContent-Disposition: form-data; name="file"; filename="l.geojson"\r\n\r\n{"type"', headers: { 'content-type': 'multipart/form-data; boundary=b' } });
  add({ name: 'upload over the size limit', method: 'PUT', path: '/api/layers/ledger?filename=ledger.geojson', body: `${GOOD}${' '.repeat(3 * 1024 * 1024)}` });
  add({ name: 'restore a version that does not exist', method: 'POST', path: '/api/layers/ledger/restore?version=999' });
  add({ name: 'restore version zero', method: 'POST', path: '/api/layers/ledger/restore?version=0' });
  add({ name: 'restore SQL-looking version', method: 'POST', path: `/api/layers/ledger/restore?version=${encodeURIComponent(SQL[1])}` });

  // JSON bodies of the field routes: wrong shapes, huge, deep, SQL-looking.
  const verdict = (body: string, n: string) => add({ name: `verdict: ${n}`, method: 'PUT', path: '/api/patches/P1/verdict', body, as: 'inspector', headers: { 'content-type': 'application/json' } });
  verdict('not json', 'not JSON');
  verdict('[]', 'an array');
  verdict('null', 'null');
  verdict('"text"', 'a string');
  verdict(JSON.stringify({ verdict: 'legal' }), 'no batch');
  verdict(JSON.stringify({ batch: '2024Q1', verdict: 'maybe' }), 'unknown verdict');
  verdict(JSON.stringify({ batch: '2024Q1', verdict: 'legal', base_seq: 'abc' }), 'base_seq text');
  verdict(JSON.stringify({ batch: '2024Q1', verdict: 'legal', base_seq: 1.5 }), 'base_seq fraction');
  verdict(JSON.stringify({ batch: '2024Q1', verdict: 'legal', note: { a: 1 } }), 'note object');
  verdict(JSON.stringify({ batch: 'nope', verdict: 'legal', base_seq: null }), 'unknown patch');
  verdict(JSON.stringify({ batch: '2024Q1', verdict: 'legal', note: 'x'.repeat(2 * 1024 * 1024) }), 'huge JSON (2 MB)');
  verdict(`${'['.repeat(100000)}${']'.repeat(100000)}`, 'deep JSON (100k arrays)');
  verdict(`${'{"a":'.repeat(50000)}1${'}'.repeat(50000)}`, 'deep JSON (50k objects)');
  for (const s of SQL) {
    verdict(JSON.stringify({ batch: s, verdict: 'legal', base_seq: null }), `SQL-looking batch ${s}`);
    verdict(JSON.stringify({ batch: '2024Q1', verdict: s }), `SQL-looking verdict ${s}`);
  }
  const ledgerPatch = (body: string, n: string, id = 'L1') => add({ name: `ledger update: ${n}`, method: 'PATCH', path: `/api/ledger/${encodeURIComponent(id)}`, body, as: 'enforcer', headers: { 'content-type': 'application/json' } });
  ledgerPatch('{', 'truncated JSON');
  ledgerPatch(JSON.stringify({ status: 'gone' }), 'unknown status');
  ledgerPatch(JSON.stringify({ status: 'demolished' }), 'demolished without a date');
  for (const d of ['2024-13-01', 'tomorrow', '2024-1-1', "2024-01-01'; DROP TABLE x; --", '20240101']) ledgerPatch(JSON.stringify({ status: 'demolished', demolished_on: d, base_seq: null }), `bad date ${d}`);
  ledgerPatch(JSON.stringify({ status: 'retained', photos: 'x' }), 'photos not a list');
  ledgerPatch(JSON.stringify({ status: 'retained', photos: [null], base_seq: null }), 'null photo');
  ledgerPatch(JSON.stringify({ status: 'retained', photos: [{ name: 'x.svg', type: 'image/svg+xml', data: Buffer.from('<svg onload="alert(1)"/>').toString('base64') }], base_seq: null }), 'SVG photo');
  ledgerPatch(JSON.stringify({ status: 'retained', photos: [{ name: 'x.jpg', type: 'image/jpeg', data: Buffer.from('<html><script>alert(1)</script>').toString('base64') }], base_seq: null }), 'HTML named .jpg');
  ledgerPatch(JSON.stringify({ status: 'retained', photos: [{ name: 'x.png', type: 'image/png', data: '!!!not base64!!!' }], base_seq: null }), 'photo not base64');
  ledgerPatch(JSON.stringify({ status: 'retained', base_seq: null }), 'unknown record', "nope' OR '1'='1");
  for (const s of SQL) ledgerPatch(JSON.stringify({ status: s, base_seq: null }), `SQL-looking status ${s}`);

  // Sign-in and users.
  const login = (body: string, n: string) => add({ name: `login: ${n}`, method: 'POST', path: '/api/auth/login', body, as: null, headers: { 'content-type': 'application/json' } });
  login('nope', 'not JSON');
  login('{"name":1,"password":2}', 'numbers');
  login(JSON.stringify({ name: 'root', password: 'x'.repeat(100_000) }), '100 KB password');
  login(JSON.stringify({ name: SQL[0], password: SQL[1] }), 'SQL-looking name');
  login(JSON.stringify({ name: 'root', password: 'wrong-password' }), 'wrong password');
  const users = (body: string, n: string, method = 'POST', path = '/api/auth/users') => add({ name: `users: ${n}`, method, path, body, headers: { 'content-type': 'application/json' } });
  users(JSON.stringify({ name: 'root', role: 'viewer' }), 'existing name');
  users(JSON.stringify({ name: SQL[0], role: 'viewer' }), 'SQL-looking name');
  users(JSON.stringify({ name: 'newbie', role: 'emperor' }), 'unknown role');
  users(JSON.stringify({ name: 'newbie', role: 'viewer', password: 'short' }), 'short password');
  users(JSON.stringify({ role: 'chief' }), 'unknown role change', 'PATCH', '/api/auth/users/root');
  users('{}', 'unknown user', 'DELETE', '/api/auth/users/ghost');

  // Checks: bad parameters, names, ids, tables and formats.
  const check = (body: string, n: string, path = '/api/checks/fire') => add({ name: `check: ${n}`, method: 'POST', path, body, headers: { 'content-type': 'application/json' } });
  check('[1]', 'array body');
  check('{', 'truncated body');
  check(JSON.stringify({ required_lane_width_m: 'wide' }), 'text parameter');
  check(JSON.stringify({ required_lane_width_m: -4 }), 'negative parameter');
  check(JSON.stringify({ metric_crs: 'EPSG:99999' }), 'unknown metric CRS');
  check('{}', 'unknown check', '/api/checks/teleport');
  for (const id of ['abc', '-1', '99999999999999999999', '1e3', '0x10', "1'; DROP TABLE check_runs; --"]) {
    add({ name: `run id ${id}`, method: 'GET', path: `/api/checks/runs/${encodeURIComponent(id)}`, as: null });
    add({ name: `run events id ${id}`, method: 'GET', path: `/api/checks/runs/${encodeURIComponent(id)}/events`, as: null });
  }
  add({ name: 'run that does not exist', method: 'GET', path: '/api/checks/runs/424242', as: null });
  for (const t of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', SQL[0]]) add({ name: `table=${t}`, method: 'GET', path: `/api/checks/fire/latest?format=csv&table=${encodeURIComponent(t)}`, as: null });
  add({ name: 'format=xml', method: 'GET', path: '/api/checks/fire/latest?format=xml', as: null });

  // Tiles: bad z/x/y.
  for (const [z, x, y] of [['99', '0', '0'], ['-1', '0', '0'], ['3', '8', '0'], ['3', '0', '8'], ['a', '0', '0'], ['3', 'x', '1'], ['3', '1', 'y'], ['1e1', '0', '0'], ['3', '-1', '0'], ['99999999999999999999', '0', '0'], ['3', '0', '0.5'], ['0', '0', '99999999999999999999']]) {
    add({ name: `tile ${z}/${x}/${y}`, method: 'GET', path: `/tiles/ledger/${z}/${x}/${y}.mvt`, as: null });
  }
  add({ name: 'tile of an unknown layer', method: 'GET', path: '/tiles/rivers/1/0/0.mvt', as: null });
  add({ name: 'tile with a bad extension', method: 'GET', path: '/tiles/ledger/1/0/0.png', as: null });
  add({ name: 'tilejson of an SQL-looking layer', method: 'GET', path: `/tiles/${encodeURIComponent(SQL[0])}.json`, as: null });

  // Feature reads: out-of-range offsets, limits, bboxes, unknown parameters.
  for (const q of ['offset=99999999999999999999', 'offset=-1', 'offset=abc', 'limit=-5', 'limit=1e9x', 'bbox=1,2,3', 'bbox=a,b,c,d', 'bbox=10,10,0,0', 'f=xml', `township=${encodeURIComponent(SQL[0])}&nosuch=1`, 'offset=1.5', 'bbox=NaN,0,1,1']) {
    add({ name: `items ?${q.slice(0, 40)}`, method: 'GET', path: `/collections/ledger/items?${q}`, as: null });
  }
  add({ name: 'collection that does not exist', method: 'GET', path: `/collections/${encodeURIComponent(SQL[2])}/items`, as: null });
  for (const p of ['abc/1', '1/abc', '99999999999999999999/1', '1/99999999999999999999', '-1/1']) add({ name: `photo ${p}`, method: 'GET', path: `/api/ledger/photos/${p}`, as: null });
  add({ name: 'audit since not a date', method: 'GET', path: `/api/audit?since=${encodeURIComponent(SQL[1])}` });
  add({ name: 'audit offset out of range', method: 'GET', path: '/api/audit?offset=99999999999999999999' });
  add({ name: 'audit limit not a number', method: 'GET', path: '/api/audit?limit=ten' });
  return cases;
}
