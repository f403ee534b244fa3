// Soak of the province edition with a read replica: a throwaway primary and a streaming replica of
// it, counties imported from data/sample (`import --county`), the checks run once through
// POST /api/province/runs and an in-process worker, then two service nodes (`serve --db … --read-db
// …`, each its own process) and C clients for D seconds. Each client, on a random node each time,
// mixes tiles, feature pages, layer lists and check results with its role's writes: inspectors give
// verdicts on patches (read the patch's history, PUT the verdict on that base), enforcers record
// field updates of ledger records (read the record's history, PATCH on that base) and upload a
// small fire-lane layer. The records written are a small shared set per county, so two clients
// sometimes write one record at once: the loser's 409 is the conflict rule at work, counted apart
// from errors. After each write the writer reads it back at once through either node (with the
// cookie the write set) and counts a stale read if it does not show the write: a layer version
// older than the upload's, a verdict or update history whose last seq is below the write's, or a
// ledger feature whose status is not the one written while no later update stands. Prints errors,
// conflicts, p50/p95 per route, where reads were served from, and wall beside CPU seconds; exits
// non-zero on any error or stale read.
//   npx tsx scripts/bench-province-soak.ts [--duration 60] [--clients 64] [--counties 2] [--hot 40] [--compare]
// --compare: then the same soak again with both nodes reading the primary (no --read-db);
// --primary-first: that one first (the order matters on a busy machine: measure both orders).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startPgCluster } from '../test/kit/pg-cluster.ts';
import { startPgReplica } from '../test/kit/pg-replica.ts';
import { PgStore } from '../service/store/pg/index.ts';
import { startWorker } from '../service/province/worker.ts';
import { SAMPLE_DIR } from '../service/cli/server-commands.ts';
import { lonLatToTile } from '../service/tiles/index.ts';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '60' }, clients: { type: 'string', default: '64' }, counties: { type: 'string', default: '2' }, compare: { type: 'boolean', default: false }, 'primary-first': { type: 'boolean', default: false }, hot: { type: 'string', default: '40' } } });
const DURATION = Number(values.duration);
const CLIENTS = Number(values.clients);
const CODES = ['330723', '330781', '330782', '330783'].slice(0, Number(values.counties));
const HOT = Number(values.hot);
const VERDICTS = ['legal', 'illegal', 'false_change'];
const STATUSES = ['pending', 'deferred', 'retained'];
const BIN = new URL('../service/cli/bin.mjs', import.meta.url).pathname;
const say = (line: string) => process.stdout.write(`${line}\n`);
const cpuOf = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
};
const myCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const primary = await startPgCluster();
let replicaStop = async () => undefined as void;
const nodes: ChildProcess[] = [];
try {
  let t0 = performance.now();
  for (const code of CODES) execFileSync(process.execPath, [BIN, 'import', SAMPLE_DIR, '--db', primary.url, '--county', code], { stdio: ['ignore', 'ignore', 'inherit'] });
  say(`imported ${CODES.length} counties from data/sample in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const store = await PgStore.open(primary.url, { max: 2 });
  const admin = await store.users.add('soak_admin', 'admin');
  // Even clients are enforcers (field updates, uploads), odd ones inspectors (verdicts).
  const tokens: string[] = [];
  for (let i = 0; i < CLIENTS; i++) tokens.push(await store.users.add(`soak_${i}`, i % 2 ? 'inspector' : 'enforcer'));
  // The records written: the first HOT patches and ledger records of each county, shared by all.
  const hot = new Map<string, { patches: { batch: string; id: string }[]; ledger: string[] }>();
  for (const code of CODES) {
    const patches = (await store.all(`SELECT batch, id FROM layer_patches WHERE county_code = $1 ORDER BY fid LIMIT ${HOT}`, [code])) as { batch: string; id: string }[];
    const ledger = ((await store.all(`SELECT id FROM layer_ledger WHERE county_code = $1 ORDER BY fid LIMIT ${HOT}`, [code])) as { id: string }[]).map((r) => r.id);
    hot.set(code, { patches, ledger });
  }
  const bbox = (await (await store.county(CODES[0])).layer('footprints')).bbox!;

  const ports = [18961, 18962];
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);
  const startNodes = (readUrl: string | null) => {
    for (const port of ports) {
      const read = readUrl ? ['--read-db', readUrl] : [];
      nodes.push(spawn(process.execPath, [BIN, 'serve', '--db', primary.url, ...read, '--port', String(port)], { stdio: ['ignore', 'ignore', 'inherit'] }));
    }
  };
  const waitUp = async () => {
    for (const base of urls) {
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${base}/api/health`)).ok) break;
        } catch {
          // not up yet
        }
        if (i > 600) throw new Error(`${base} did not start`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  // The checks once, so check results are there to read.
  const replica = await startPgReplica(primary);
  replicaStop = replica.stop;
  startNodes(replica.url);
  await waitUp();
  t0 = performance.now();
  const worker = await startWorker(primary.url, { concurrency: 2, pollSeconds: 0.5 });
  for (const check of ['fire', 'patches']) {
    const res = await fetch(`${urls[0]}/api/province/runs`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ check, counties: CODES }) });
    if (res.status !== 202) throw new Error(`POST /api/province/runs ${check}: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: number };
    for (;;) {
      const s = (await (await fetch(`${urls[0]}/api/province/runs/${id}`)).json()) as { status: string };
      if (s.status === 'done') break;
      if (s.status === 'failed') throw new Error(`${check} run failed: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await worker.stop();
  await replica.catchUp(primary.url);
  say(`checks fire and patches run on ${CODES.length} counties in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Requests. Tiles and feature boxes around the sample's footprints.
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const lon = () => bbox[0] + Math.random() * (bbox[2] - bbox[0]);
  const lat = () => bbox[1] + Math.random() * (bbox[3] - bbox[1]);
  const tilePath = () => {
    const z = 12 + rnd(4);
    const { x, y } = lonLatToTile(lon(), lat(), z);
    return `/tiles/ledger,patches,footprints/${z}/${x}/${y}.mvt`;
  };
  const featurePath = () => {
    const x = lon();
    const y = lat();
    return `/collections/footprints/items?bbox=${x},${y},${x + 0.01},${y + 0.01}&limit=100`;
  };
  // Uploads replace the fire lanes (an enforcer's layer), not the ledger, whose records the field
  // updates write to.
  const lanes = (client: number, seq: number) =>
    JSON.stringify({
      type: 'FeatureCollection',
      features: [0, 1, 2].map((k) => {
        const x = lon();
        const y = lat();
        return { type: 'Feature', geometry: { type: 'LineString', coordinates: [[x, y], [x + 0.002, y + 0.0005]] }, properties: { id: `S${client}-${seq}-${k}`, width_m: 4 } };
      }),
    });

  const times = new Map<string, number[]>();
  const from = { primary: 0, replica: 0 };
  let errors = 0;
  let stale = 0;
  let ownReads = 0;
  const writes = { verdict: 0, verdictConflicts: 0, update: 0, updateConflicts: 0 };
  const staleBy = { upload: 0, verdict: 0, update: 0 };
  const errorSamples: string[] = [];
  let end = 0;
  let ownFromPrimary = 0;

  /** A 409 is counted an error unless `conflictExpected` (a write on a base another client replaced). */
  async function timed(route: string, url: string, init: RequestInit, conflictExpected = false): Promise<Response> {
    const started = performance.now();
    const res = await fetch(url, init);
    const body = await res.arrayBuffer();
    (times.get(route) ?? times.set(route, []).get(route)!).push(performance.now() - started);
    if (res.status >= 400 && !(res.status === 409 && conflictExpected)) {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`${route} ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`);
    }
    const f = res.headers.get('groundtruth-read-from');
    if (f === 'primary' || f === 'replica') from[f]++;
    return new Response(res.status === 204 || res.status === 304 ? null : body, { status: res.status, headers: res.headers });
  }

  type History = { history: { seq: number }[] };
  const lastSeq = (h: History) => h.history.reduce<number | null>((m, r) => (m === null || r.seq > m ? r.seq : m), null);
  const other = () => urls[rnd(urls.length)];

  async function client(i: number) {
    const auth = { authorization: `Bearer ${tokens[i]}` };
    const inspector = i % 2 === 1;
    let cookie = '';
    let seq = 0;
    const json = { 'content-type': 'application/json' };
    const wrote = (res: Response) => {
      const set = (res.headers.get('set-cookie') ?? '').split(';')[0];
      if (set) cookie = set;
    };
    while (Date.now() < end) {
      const base = urls[rnd(urls.length)];
      const county = CODES[rnd(CODES.length)];
      const p = `${base}/c/${county}`;
      const headers = cookie ? { ...auth, cookie } : auth;
      const r = Math.random();
      try {
        if (r < 0.4) await timed('tile', `${p}${tilePath()}`, { headers });
        else if (r < 0.62) await timed('features', `${p}${featurePath()}`, { headers });
        else if (r < 0.7) await timed('layers', `${p}/api/layers`, { headers });
        else if (r < 0.82) await timed('check result', `${p}/api/checks/${Math.random() < 0.5 ? 'fire' : 'patches'}/latest`, { headers });
        else if (inspector) {
          // A verdict on one of the shared patches, on the base its history shows.
          const { batch, id } = hot.get(county)!.patches[rnd(HOT)];
          const historyPath = `/c/${county}/api/patches/verdicts/history?batch=${encodeURIComponent(batch)}&id=${encodeURIComponent(id)}`;
          const before = await timed('verdict history', `${base}${historyPath}`, { headers });
          if (before.status !== 200) continue;
          const baseSeq = lastSeq((await before.json()) as History);
          const verdict = VERDICTS[rnd(VERDICTS.length)];
          const res = await timed('verdict', `${p}/api/patches/${encodeURIComponent(id)}/verdict`, { method: 'PUT', headers: { ...headers, ...json }, body: JSON.stringify({ batch, verdict, note: `soak ${i}`, base_seq: baseSeq }) }, true);
          if (res.status === 409) {
            writes.verdictConflicts++;
            continue;
          }
          if (res.status !== 200) continue;
          writes.verdict++;
          wrote(res);
          const mine = ((await res.json()) as { seq: number }).seq;
          const back = await timed('own verdict read', `${other()}${historyPath}`, { headers: { ...auth, cookie } });
          ownReads++;
          if (back.status === 200 && (lastSeq((await back.json()) as History) ?? -1) < mine) {
            stale++;
            staleBy.verdict++;
          }
        } else if (Math.random() < 2 / 3) {
          // A field update of one of the shared ledger records, on the base its history shows.
          const id = hot.get(county)!.ledger[rnd(HOT)];
          const historyPath = `/c/${county}/api/ledger/${encodeURIComponent(id)}/history`;
          const before = await timed('ledger history', `${base}${historyPath}`, { headers });
          if (before.status !== 200) continue;
          const baseSeq = lastSeq((await before.json()) as History);
          const status = STATUSES[rnd(STATUSES.length)];
          const res = await timed('field update', `${p}/api/ledger/${encodeURIComponent(id)}`, { method: 'PATCH', headers: { ...headers, ...json }, body: JSON.stringify({ status, note: `soak ${i}`, base_seq: baseSeq }) }, true);
          if (res.status === 409) {
            writes.updateConflicts++;
            continue;
          }
          if (res.status !== 200) continue;
          writes.update++;
          wrote(res);
          const mine = ((await res.json()) as { seq: number }).seq;
          // The record as features and tiles read it (from the replica unless it lags the write),
          // then its history from the primary: the feature must carry this status unless a later
          // update already replaced it.
          const item = await timed('own record read', `${other()}/c/${county}/collections/ledger/items/${encodeURIComponent(id)}`, { headers: { ...auth, cookie } });
          const seen = item.status === 200 ? ((await item.json()) as { properties: { status: string } }).properties.status : null;
          if (item.headers.get('groundtruth-read-from') === 'primary') ownFromPrimary++;
          const back = await timed('own update read', `${other()}${historyPath}`, { headers: { ...auth, cookie } });
          ownReads++;
          const last = back.status === 200 ? (lastSeq((await back.json()) as History) ?? -1) : mine;
          if (last < mine || (item.status === 200 && seen !== status && last === mine)) {
            stale++;
            staleBy.update++;
          }
        } else {
          const res = await timed('upload', `${p}/api/layers/fire_lanes?filename=fire_lanes.geojson`, { method: 'PUT', headers, body: lanes(i, seq++) });
          if (res.status !== 200) continue;
          const { version } = (await res.json()) as { version: number };
          wrote(res);
          // Read it back at once, through either node.
          const back = await timed('own layer read', `${other()}/c/${county}/api/layers/fire_lanes`, { headers: { ...auth, cookie } });
          ownReads++;
          if (back.headers.get('groundtruth-read-from') === 'primary') ownFromPrimary++;
          if (back.status === 200 && ((await back.json()) as { version: number }).version < version) {
            stale++;
            staleBy.upload++;
          }
        }
      } catch (err) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(String(err));
      }
    }
  }

  let failed = false;
  async function soak(label: string) {
    times.clear();
    from.primary = from.replica = 0;
    errors = stale = ownReads = ownFromPrimary = 0;
    writes.verdict = writes.verdictConflicts = writes.update = writes.updateConflicts = 0;
    staleBy.upload = staleBy.verdict = staleBy.update = 0;
    errorSamples.length = 0;
    // Warm each node's columns once per county, as a viewer's first visit would.
    for (const base of urls) {
      for (const county of CODES) {
        const { x, y } = lonLatToTile((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, 12);
        await (await fetch(`${base}/c/${county}/tiles/ledger,patches,footprints/12/${x}/${y}.mvt`)).arrayBuffer();
      }
    }
    await new Promise((r) => setTimeout(r, 3000));

    const cpu0 = { me: myCpu(), nodes: nodes.map((n) => cpuOf(n.pid!)) };
    t0 = performance.now();
    end = Date.now() + DURATION * 1000;
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    const wall = (performance.now() - t0) / 1000;
    const nodeCpu = nodes.map((n, k) => cpuOf(n.pid!) - cpu0.nodes[k]);

    const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
    let total = 0;
    say(`\n${label}: ${CLIENTS} clients, ${DURATION} s, ${CODES.length} counties, 2 nodes`);
    say('route          requests   p50 ms   p95 ms');
    for (const [route, xs] of [...times].sort()) {
      xs.sort((a, b) => a - b);
      total += xs.length;
      say(`${route.padEnd(14)} ${String(xs.length).padStart(8)} ${pct(xs, 0.5).toFixed(1).padStart(8)} ${pct(xs, 0.95).toFixed(1).padStart(8)}`);
    }
    say(`total ${total} requests in ${wall.toFixed(1)} s (${(total / wall).toFixed(0)}/s); reads served by the replica ${from.replica}, by the primary ${from.primary}`);
    say(`writes: verdicts ${writes.verdict} (+ ${writes.verdictConflicts} refused 409, another client's verdict first), field updates ${writes.update} (+ ${writes.updateConflicts} refused 409)`);
    say(`errors ${errors}; own reads after a write ${ownReads} (layer and record reads marked Groundtruth-Read-From: primary ${ownFromPrimary}), stale ${stale} (uploads ${staleBy.upload}, verdicts ${staleBy.verdict}, field updates ${staleBy.update})`);
    say(`CPU s: nodes ${nodeCpu.map((c) => c.toFixed(1)).join(' + ')}, clients (this process) ${(myCpu() - cpu0.me).toFixed(1)}; wall ${wall.toFixed(1)} s`);
    for (const e of errorSamples) say(`  error: ${e}`);
    failed ||= errors > 0 || stale > 0;
  }

  const restart = async (readUrl: string | null) => {
    for (const n of nodes.splice(0)) n.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    startNodes(readUrl);
    await waitUp();
  };
  if (values.compare && values['primary-first']) {
    await restart(null);
    await soak('reads from the primary (no --read-db)');
    await restart(replica.url);
  }
  await soak('reads from the replica');
  if (values.compare && !values['primary-first']) {
    await restart(null);
    await soak('reads from the primary (no --read-db)');
  }
  await store.close();
  process.exitCode = failed ? 1 : 0;
} catch (err) {
  // What the primary said about it, before the cluster and its log are removed.
  const log = readFileSync(`${primary.dir}/server.log`, 'utf8').split('\n');
  for (const line of log.filter((l) => /ERROR|DETAIL|STATEMENT|CONTEXT/.test(l)).slice(0, 40)) say(`primary: ${line}`);
  throw err;
} finally {
  for (const n of nodes) n.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await replicaStop();
  await primary.stop();
}
