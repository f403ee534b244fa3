// Soak of the province edition with a read replica: a throwaway primary and a streaming replica of
// it, counties imported from data/sample (`import --county`), the checks run once through
// POST /api/province/runs and an in-process worker, then two service nodes (`serve --db … --read-db
// …`, each its own process) and C clients for D seconds. Each client, on a random node each time,
// mixes tiles, feature pages, layer lists, check results and uploads of a small ledger; after its
// own upload it reads the layer back at once (on either node, carrying the cookie the upload set)
// and counts a stale read if the version is older than the one its upload answered. Prints errors,
// p50/p95 per route, where reads were served from, and wall beside CPU seconds; exits non-zero on
// any error or stale read.
//   npx tsx scripts/bench-province-soak.ts [--duration 60] [--clients 64] [--counties 2] [--compare]
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

const { values } = parseArgs({ options: { duration: { type: 'string', default: '60' }, clients: { type: 'string', default: '64' }, counties: { type: 'string', default: '2' }, compare: { type: 'boolean', default: false }, 'primary-first': { type: 'boolean', default: false } } });
const DURATION = Number(values.duration);
const CLIENTS = Number(values.clients);
const CODES = ['330723', '330781', '330782', '330783'].slice(0, Number(values.counties));
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
  const tokens: string[] = [];
  for (let i = 0; i < CLIENTS; i++) tokens.push(await store.users.add(`soak_${i}`, 'enforcer'));
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
  const ledger = (client: number, seq: number) =>
    JSON.stringify({
      type: 'FeatureCollection',
      features: [0, 1, 2].map((k) => {
        const x = lon();
        const y = lat();
        return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.0002, y], [x + 0.0002, y + 0.0002], [x, y + 0.0002], [x, y]]] }, properties: { id: `S${client}-${seq}-${k}`, recorded_on: '2024-01-01', status: 'pending' } };
      }),
    });

  const times = new Map<string, number[]>();
  const from = { primary: 0, replica: 0 };
  let errors = 0;
  let stale = 0;
  let ownReads = 0;
  const errorSamples: string[] = [];
  let end = 0;
  let ownFromPrimary = 0;

  async function timed(route: string, url: string, init: RequestInit): Promise<Response> {
    const started = performance.now();
    const res = await fetch(url, init);
    const body = await res.arrayBuffer();
    (times.get(route) ?? times.set(route, []).get(route)!).push(performance.now() - started);
    if (res.status >= 400) {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`${route} ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`);
    }
    const f = res.headers.get('groundtruth-read-from');
    if (f === 'primary' || f === 'replica') from[f]++;
    return new Response(res.status === 204 || res.status === 304 ? null : body, { status: res.status, headers: res.headers });
  }

  async function client(i: number) {
    const auth = { authorization: `Bearer ${tokens[i]}` };
    let cookie = '';
    let seq = 0;
    while (Date.now() < end) {
      const base = urls[rnd(urls.length)];
      const county = CODES[rnd(CODES.length)];
      const p = `${base}/c/${county}`;
      const headers = cookie ? { ...auth, cookie } : auth;
      const r = Math.random();
      try {
        if (r < 0.45) await timed('tile', `${p}${tilePath()}`, { headers });
        else if (r < 0.7) await timed('features', `${p}${featurePath()}`, { headers });
        else if (r < 0.8) await timed('layers', `${p}/api/layers`, { headers });
        else if (r < 0.95) await timed('check result', `${p}/api/checks/${Math.random() < 0.5 ? 'fire' : 'patches'}/latest`, { headers });
        else {
          const res = await timed('upload', `${p}/api/layers/ledger?filename=ledger.geojson`, { method: 'PUT', headers, body: ledger(i, seq++) });
          if (res.status !== 200) continue;
          const { version } = (await res.json()) as { version: number };
          cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
          // Read it back at once, through either node.
          const back = await timed('own read', `${urls[rnd(urls.length)]}/c/${county}/api/layers/ledger`, { headers: { ...auth, cookie } });
          ownReads++;
          if (back.headers.get('groundtruth-read-from') === 'primary') ownFromPrimary++;
          if (back.status === 200 && ((await back.json()) as { version: number }).version < version) stale++;
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
    say(`errors ${errors}; own reads after an upload ${ownReads} (${ownFromPrimary} marked Groundtruth-Read-From: primary), stale ${stale}`);
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
} finally {
  for (const n of nodes) n.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await replicaStop();
  await primary.stop();
}
