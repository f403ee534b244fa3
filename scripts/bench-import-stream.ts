// Import speed of service/import: parse + validate + repair-check (+ project with --crs) a generated
// FeatureCollection of small building polygons, consumed as the store would (without the database).
//   npx tsx scripts/bench-import-stream.ts [--count 1000000] [--crs EPSG:4549] [--regen]
// The file is written once to var/bench-import-stream/ (git-ignored). Prints wall and CPU seconds,
// features/s and peak RSS. The machine is shared: CPU seconds are the steadier figure.
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { Command } from 'commander';
import { openLayerFile } from '../service/import/index.ts';
import { GeoJsonScanner } from '../service/import/geojson-scanner.ts';
import { parseCrs } from '../service/geo/crs.ts';

const opts = new Command()
  .option('--count <n>', 'polygons', '1000000')
  .option('--crs <crs>', 'write and read the file in this CRS (default lon/lat)')
  .option('--regen', 'rewrite the file')
  .parse()
  .opts<{ count: string; crs?: string; regen?: boolean }>();
const count = Number(opts.count);
const dir = 'var/bench-import-stream';
const path = `${dir}/footprints-${count}${opts.crs ? '-' + opts.crs.replace(/\W/g, '') : ''}.geojson`;

/** A grid of 8 m × 10 m buildings around 120°E 30°N with Chinese values; every 1000th is a bow-tie. */
async function generate(): Promise<void> {
  await mkdir(dir, { recursive: true });
  const crs = opts.crs ? parseCrs(opts.crs) : null;
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const uses = ['住宅', '企业', '商业', 'public', 'other'];
  await write(`{"type":"FeatureCollection",${crs ? `"crs":{"type":"name","properties":{"name":"${opts.crs}"}},` : ''}"name":"bench","features":[\n`);
  const side = Math.ceil(Math.sqrt(count));
  let buf = '';
  for (let i = 0; i < count; i++) {
    const lon = 120 + (i % side) * 0.0002, lat = 30 + Math.floor(i / side) * 0.0002;
    const dx = 0.00008, dy = 0.00009;
    let ring = [[lon, lat], [lon + dx, lat], [lon + dx, lat + dy], [lon, lat + dy], [lon, lat]];
    if (i % 1000 === 999) ring = [[lon, lat], [lon + dx, lat + dy], [lon + dx, lat], [lon, lat + dy], [lon, lat]];
    if (crs) ring = ring.map(([x, y]) => crs.fromWgs84(x, y));
    const coords = ring.map(([x, y]) => `[${x.toFixed(crs ? 3 : 7)},${y.toFixed(crs ? 3 : 7)}]`).join(',');
    buf += `${i ? ',\n' : ''}{"type":"Feature","properties":{"id":"F${i}","用途":"${uses[i % 5]}","层数":${1 + (i % 6)},"height_m":${(3 + (i % 6) * 3).toFixed(1)},"note":"generated building ${i}"},"geometry":{"type":"Polygon","coordinates":[[${coords}]]}}`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf + '\n]}\n');
  out.end();
  await once(out, 'finish');
}

if (opts.regen || !existsSync(path)) {
  const t = performance.now();
  await generate();
  console.log(`generated ${path} (${(statSync(path).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const mb = statSync(path).size / 1e6;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return ((d.user + d.system) / 1e6).toFixed(2);
};

// 1. The scanner alone (cut features + JSON.parse), to separate parsing from validation.
{
  const t = performance.now();
  const cpu = process.cpuUsage();
  let n = 0;
  const scanner = new GeoJsonScanner({ features: (v) => (n += v.length), member: () => {} });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) scanner.push(chunk as Buffer);
  scanner.end();
  const s = (performance.now() - t) / 1000;
  console.log(`scan + JSON.parse only: ${n} features, ${s.toFixed(2)} s wall, ${cpuSeconds(cpu)} s CPU, ${(mb / s).toFixed(0)} MB/s`);
}

// 2. The whole importer.
{
  const t = performance.now();
  const cpu = process.cpuUsage();
  const { report, features } = await openLayerFile(path, { layer: 'footprints' });
  let n = 0;
  for await (const _f of features) n++;
  const s = (performance.now() - t) / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `openLayerFile: ${n} loaded, ${report.repaired} repaired, ${report.rejected} rejected, crs ${report.crs}, ` +
      `${s.toFixed(2)} s wall, ${cpuSeconds(cpu)} s CPU, ${Math.round(n / s)} features/s, peak RSS ${rss.toFixed(0)} MB`,
  );
}
