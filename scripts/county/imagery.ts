// Two dated "orthophotos" of the sample county for the before/after review: footprints drawn as
// roofs over fields and lanes, in EPSG:4549 over the area of the change patches. Before: the
// footprints that construction and expansion patches mark as new are missing and cleared land is
// still green; after: every footprint, a blue steel roof where a construction patch has none,
// bare soil on cleared land and where removal patches took buildings down. Rendered by sharp from
// SVG, written as a tiled, deflated TIFF with overviews, then given its GeoKeys.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { crsFromEpsg } from '../../service/geo/crs.ts';
import { addGeoTags } from './geotiff-tags.ts';

export const IMAGERY_EPSG = 4549;
/** Metres per pixel: buildings of 8–15 m stay recognisable; each file is about 4 MB and renders in ~20 s. */
const DEFAULT_RES = 4;
/** Margin around the patches' extent, metres. */
const MARGIN = 300;
const COLOURS = { field: '#6f8f4e', lane: '#d9d4c7', roof: '#b9b1a4', edge: '#5d5850', steel: '#3f7fc4', soil: '#b08a62', green: '#3f6b34' };

export interface SampleImage {
  name: string;
  date: string;
  file: string;
}

const gk = crsFromEpsg(IMAGERY_EPSG);

type Ring = Position[];
const polygonsOf = (f: Feature): Ring[][] =>
  f.geometry.type === 'Polygon' ? [(f.geometry as Polygon).coordinates] : f.geometry.type === 'MultiPolygon' ? (f.geometry as MultiPolygon).coordinates : [];

function inside([x, y]: Position, ring: Ring): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

const centroid = (ring: Ring): Position => {
  const n = ring.length - 1;
  return [ring.slice(0, n).reduce((s, p) => s + p[0], 0) / n, ring.slice(0, n).reduce((s, p) => s + p[1], 0) / n];
};

/** Renders the two dates into `outDir` (before.tif, after.tif) and returns their names and dates. */
export async function renderSampleImagery(sampleDir: string, outDir: string, opts: { res?: number; keepExisting?: boolean } = {}): Promise<SampleImage[]> {
  const res = opts.res ?? DEFAULT_RES;
  const read = async (layer: string) => JSON.parse(await readFile(join(sampleDir, `${layer}.geojson`), 'utf8')) as FeatureCollection;
  const [patches, footprints, lanes] = await Promise.all([read('patches'), read('footprints'), read('fire_lanes')]);

  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of patches.features) {
    for (const [lon, lat] of polygonsOf(p)[0][0]) {
      const [x, y] = gk.fromWgs84(lon, lat);
      [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
    }
  }
  const left = Math.floor((minX - MARGIN) / res) * res;
  const top = Math.ceil((maxY + MARGIN) / res) * res;
  const width = Math.ceil((maxX + MARGIN - left) / res);
  const height = Math.ceil((top - (minY - MARGIN)) / res);
  const px = ([lon, lat]: Position) => {
    const [x, y] = gk.fromWgs84(lon, lat);
    return `${((x - left) / res).toFixed(1)},${((top - y) / res).toFixed(1)}`;
  };
  const path = (rings: Ring[]) => rings.map((r) => `M${r.map(px).join('L')}Z`).join('');

  const changes = patches.features.map((p) => ({ ring: polygonsOf(p)[0][0], type: String(p.properties?.change_type) }));
  const changeAt = (c: Position) => changes.find((ch) => inside(c, ch.ring));
  const roofsBefore: string[] = [];
  const roofsAfter: string[] = [];
  const withFootprint = new Set<number>();
  for (const f of footprints.features) {
    for (const poly of polygonsOf(f)) {
      const c = centroid(poly[0]);
      const ch = changeAt(c);
      if (ch) withFootprint.add(changes.indexOf(ch));
      const d = path(poly);
      if (!ch || (ch.type !== 'construction' && ch.type !== 'expansion')) roofsBefore.push(d);
      if (!ch || ch.type !== 'removal') roofsAfter.push(d);
    }
  }
  const newRoofs: string[] = [];
  const soil: string[] = [];
  const green: string[] = [];
  changes.forEach((ch, i) => {
    if (ch.type === 'land_clearing' || ch.type === 'removal') soil.push(path([ch.ring]));
    if (ch.type === 'land_clearing') green.push(path([ch.ring]));
    if ((ch.type === 'construction' || ch.type === 'expansion') && !withFootprint.has(i)) {
      // A roof inside the patch: the patch shrunk towards its centre.
      const [cx, cy] = centroid(ch.ring);
      newRoofs.push(path([ch.ring.map(([x, y]) => [cx + (x - cx) * 0.7, cy + (y - cy) * 0.7])]));
    }
  });
  const lanePaths = lanes.features.flatMap((f) => {
    const g = f.geometry as LineString | MultiLineString;
    const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    return lines.map((l) => `M${l.map(px).join('L')}`);
  });
  const laneWidth = (5 / res).toFixed(2);
  const svg = (ground: string, roofs: string[], steel: string[]) =>
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
        `<rect width="100%" height="100%" fill="${COLOURS.field}"/>${ground}` +
        `<path d="${lanePaths.join('')}" fill="none" stroke="${COLOURS.lane}" stroke-width="${laneWidth}"/>` +
        `<path d="${roofs.join('')}" fill="${COLOURS.roof}" stroke="${COLOURS.edge}" stroke-width="0.6"/>` +
        `<path d="${steel.join('')}" fill="${COLOURS.steel}" stroke="${COLOURS.edge}" stroke-width="0.6"/></svg>`,
    );
  const dates = patches.features.map((p) => p.properties as { before_on?: string; detected_on: string });
  const shift = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
  const earliest = dates.map((d) => d.before_on ?? d.detected_on).sort()[0];
  const latest = dates.map((d) => d.detected_on).sort().at(-1)!;
  const images = [
    { name: 'sample_before', date: shift(earliest, -14), file: join(outDir, 'before.tif'), svg: svg(`<path d="${green.join('')}" fill="${COLOURS.green}"/>`, roofsBefore, []) },
    { name: 'sample_after', date: shift(latest, 14), file: join(outDir, 'after.tif'), svg: svg(`<path d="${soil.join('')}" fill="${COLOURS.soil}"/>`, roofsAfter, newRoofs) },
  ];
  for (const img of images) {
    if (opts.keepExisting && existsSync(img.file)) continue;
    const tiff = await sharp(img.svg, { limitInputPixels: false, density: 72 })
      .removeAlpha()
      .tiff({ tile: true, tileWidth: 256, tileHeight: 256, compression: 'deflate', predictor: 'horizontal', pyramid: true })
      .toBuffer();
    const geo = addGeoTags(tiff, { pixelScale: [res, res], topLeft: [left, top], projectedEpsg: IMAGERY_EPSG });
    await writeFile(`${img.file}.partial`, geo);
    await rename(`${img.file}.partial`, img.file);
  }
  return images.map(({ name, date, file }) => ({ name, date, file }));
}
