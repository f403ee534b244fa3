// Tile bench on a large county: cold render time per zoom (p50/p95/max over a fixed block of
// tiles around the centre), largest tile, then warm throughput over HTTP with autocannon.
//   timeout 900 npx tsx scripts/bench-tiles.ts [--dir var/large] [--count 1000000] [--duration 10]
// Reads var/large/footprints.geojson (scripts/generate-county.ts --footprints 1000000 --out var/large)
// when present; otherwise makes 1M random small rectangles over 119.65–119.95E, 28.75–29.05N.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { Feature, FeatureCollection } from 'geojson';
import { createTileRoutes, lonLatToTile, MemorySource, type TileFeature, type TilePropValue } from '../service/tiles/index.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const DIR = arg('dir', 'var/large');
const COUNT = Number(arg('count', '1000000'));
const DURATION = Number(arg('duration', '10'));
const CENTRE: [number, number] = [119.8, 28.9];
const ZOOMS = [8, 10, 12, 14, 16];

async function loadOrGenerate(): Promise<{ features: TileFeature[]; origin: string }> {
  const file = join(DIR, 'footprints.geojson');
  if (existsSync(file)) return { origin: file, features: await readFeatureLines(file) };
  return { origin: `${COUNT} random rectangles (no ${file})`, features: generate() };
}

/**
 * Reads a FeatureCollection written one feature per line (as scripts/generate-county.ts does),
 * so a file larger than V8's longest string still loads; other layouts are parsed whole.
 */
async function readFeatureLines(file: string): Promise<TileFeature[]> {
  const features: TileFeature[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let first = true;
  let closed = false;
  for await (const line of lines) {
    if (first) {
      first = false;
      if (!line.startsWith('{"type":"FeatureCollection"') || line.includes('"Feature",')) {
        lines.close();
        const fc = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection;
        return fc.features.map((f, i) => ({ id: i + 1, geometry: f.geometry, properties: (f.properties ?? {}) as Record<string, TilePropValue> }));
      }
      continue;
    }
    const text = line.trim().replace(/,$/, '');
    if (text.startsWith(']')) closed = true;
    if (!text.startsWith('{')) continue;
    const f = JSON.parse(text) as Feature;
    features.push({ id: features.length + 1, geometry: f.geometry, properties: (f.properties ?? {}) as Record<string, TilePropValue> });
  }
  if (!closed) throw new Error(`${file} has no closing "]}" line: is the generator still writing it?`);
  return features;
}

function generate(): TileFeature[] {
  // Deterministic (mulberry32) so runs compare.
  let seed = 42;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const uses = ['residential', 'enterprise', 'commercial', 'public', 'other'];
  const features: TileFeature[] = [];
  for (let i = 0; i < COUNT; i++) {
    const lon = 119.65 + rand() * 0.3;
    const lat = 28.75 + rand() * 0.3;
    const w = (6 + rand() * 24) / 97500; // 6–30 m east–west at 29°N
    const h = (6 + rand() * 24) / 111000;
    features.push({
      id: i + 1,
      geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + w, lat], [lon + w, lat + h], [lon, lat + h], [lon, lat]]] },
      properties: { id: `F${i + 1}`, use: uses[i % 5], floors: 1 + (i % 6), height_m: Math.round((3 + (i % 6) * 3.1) * 10) / 10 },
    });
  }
  return features;
}

interface AutocannonResult {
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main() {
  let t0 = performance.now();
  const { features, origin } = await loadOrGenerate();
  console.log(`data: ${origin}: ${features.length} footprints in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const source = new MemorySource();
  t0 = performance.now();
  source.setLayer('footprints', features, { maxzoom: 16 });
  console.log(`index: ${((performance.now() - t0) / 1000).toFixed(2)} s`);

  const tiles = createTileRoutes({ source, cacheBytes: 1024 * 1024 * 1024 });
  const app = new Hono();
  app.route('/tiles', tiles);

  // Cold: every tile of a 3×3 block around the centre, once, through the routes (fetch, render,
  // encode, gzip as a browser asks for it).
  const urlsByZoom: Record<number, string[]> = {};
  console.log('\nzoom  tiles  cold p50 ms  p95 ms  max ms  largest raw B  reduced');
  let largest = { bytes: 0, url: '' };
  for (const z of ZOOMS) {
    const c = lonLatToTile(CENTRE[0], CENTRE[1], z);
    const urls: string[] = [];
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) urls.push(`/tiles/footprints/${z}/${c.x + dx}/${c.y + dy}.mvt`);
    urlsByZoom[z] = urls;
    const times: number[] = [];
    let maxBytes = 0;
    let reduced = 0;
    for (const url of urls) {
      const start = performance.now();
      const res = await app.request(url);
      const body = new Uint8Array(await res.arrayBuffer());
      times.push(performance.now() - start);
      if (res.status !== 200 && res.status !== 204) throw new Error(`${url} answered ${res.status}`);
      if (res.headers.get('x-tile-reduced')) reduced++;
      if (body.byteLength > maxBytes) maxBytes = body.byteLength;
      if (body.byteLength > largest.bytes) largest = { bytes: body.byteLength, url };
    }
    times.sort((a, b) => a - b);
    console.log(
      `z${String(z).padEnd(4)} ${String(urls.length).padStart(5)}  ${quantile(times, 0.5).toFixed(1).padStart(11)}  ${quantile(times, 0.95).toFixed(1).padStart(6)}  ${times[times.length - 1].toFixed(1).padStart(6)}  ${String(maxBytes).padStart(13)}  ${reduced}`,
    );
  }
  console.log(`largest tile: ${largest.bytes} B (${(largest.bytes / 1024).toFixed(0)} KiB) at ${largest.url}`);
  console.log(`cache: ${tiles.cache.count} tiles, ${(tiles.cache.bytes / 1024 / 1024).toFixed(1)} MiB`);

  // Prerender z0–z10 of the whole layer (what the app can do after a load), on a fresh cache.
  tiles.cache.clear();
  t0 = performance.now();
  const prerendered = await tiles.prerender('footprints', 10);
  console.log(`prerender z0–z10: ${prerendered} tiles in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Warm: the same tiles over HTTP, gzip as browsers ask, from the cache.
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as { port: number }).port;
  const warmUrls = Object.values(urlsByZoom).flat();
  for (const url of warmUrls) await fetch(`http://127.0.0.1:${port}${url}`, { headers: { 'accept-encoding': 'gzip, br' } }).then((r) => r.arrayBuffer());
  // autocannon runs in a worker thread so it does not share the server's event loop.
  const require = createRequire(import.meta.url);
  const autocannon = require('autocannon') as { aggregateResult(results: unknown[], opts: unknown): AutocannonResult };
  const loadOpts = {
    url: `http://127.0.0.1:${port}`,
    connections: 32,
    duration: DURATION,
    headers: { 'accept-encoding': 'br, gzip' },
    requests: warmUrls.map((path) => ({ method: 'GET', path })),
  };
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     require(workerData.autocannon)(workerData.opts).then((r) => parentPort.postMessage(r), (e) => parentPort.postMessage({ error: String(e) }));`,
    {
      eval: true,
      workerData: {
        autocannon: require.resolve('autocannon'),
        opts: loadOpts,
      },
    },
  );
  const guard = setTimeout(() => {
    console.error('bench: autocannon overran its time bound; exiting');
    process.exit(2);
  }, (DURATION + 20) * 1000);
  const raw = await new Promise<{ error?: string; totalCompletedRequests: number; totalBytes: number }>((resolve) => worker.once('message', resolve));
  await worker.terminate();
  if (raw.error) throw new Error(`autocannon: ${raw.error}`);
  // A worker's result carries encoded histograms; aggregateResult decodes them.
  const result = autocannon.aggregateResult([raw], loadOpts);
  clearTimeout(guard);
  console.log(
    `\nwarm (${DURATION} s, 32 connections, ${warmUrls.length} tiles z8–z16, br): ${(raw.totalCompletedRequests / DURATION).toFixed(0)} req/s, ` +
      `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${(raw.totalBytes / DURATION / 1024 / 1024).toFixed(1)} MiB/s, ` +
      `non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
  server.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
