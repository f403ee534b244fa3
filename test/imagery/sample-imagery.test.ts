// The generator's two image dates, on a hand-made county of five places: what each date shows at
// each kind of change patch, where it is (EPSG:4549 GeoKeys read back), and the dates chosen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { renderSampleImagery, type SampleImage } from '../../scripts/county/imagery.ts';
import { openRaster } from '../../service/imagery/tiff.ts';
import { readWindow } from '../../service/imagery/window.ts';

const GK120 = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
/** A square of `m` metres centred `east`/`north` metres from (119.8°, 28.9°). */
function square(east: number, north: number, m: number): number[][][] {
  const [x0, y0] = proj4('WGS84', GK120, [119.8, 28.9]);
  const h = m / 2;
  const ring = [[-h, -h], [h, -h], [h, h], [-h, h], [-h, -h]].map(([dx, dy]) => proj4(GK120, 'WGS84', [x0 + east + dx, y0 + north + dy]));
  return [ring];
}
const PLACES = {
  newNoFootprint: [0, 0],
  newWithFootprint: [100, 0],
  removal: [200, 0],
  clearing: [300, 0],
  untouched: [0, 100],
} as const;

const fc = (features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });
const polygon = (coordinates: number[][][], properties: object) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } });

let dir: string;
let images: SampleImage[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gt-sample-imagery-'));
  const patch = (place: keyof typeof PLACES, change_type: string, before_on: string, detected_on: string) =>
    polygon(square(PLACES[place][0], PLACES[place][1], 30), { id: place, batch: '2024Q1', change_type, before_on, detected_on });
  writeFileSync(
    join(dir, 'patches.geojson'),
    fc([
      patch('newNoFootprint', 'construction', '2023-10-20', '2024-01-20'),
      patch('newWithFootprint', 'construction', '2023-11-01', '2024-02-01'),
      patch('removal', 'removal', '2023-12-01', '2024-03-01'),
      patch('clearing', 'land_clearing', '2023-12-15', '2024-03-31'),
    ]),
  );
  const footprint = (place: keyof typeof PLACES) => polygon(square(PLACES[place][0], PLACES[place][1], 16), { id: place });
  writeFileSync(join(dir, 'footprints.geojson'), fc([footprint('newWithFootprint'), footprint('removal'), footprint('untouched')]));
  writeFileSync(join(dir, 'fire_lanes.geojson'), fc([]));
  images = await renderSampleImagery(dir, dir, { res: 1 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The colour of the image at `east`/`north` metres from the reference point. */
async function colourAt(file: string, east: number, north: number): Promise<string> {
  const raster = await openRaster(file);
  try {
    expect(raster.crs.code).toBe('EPSG:4549');
    const [x0, y0] = proj4('WGS84', GK120, [119.8, 28.9]);
    const px = Math.floor((x0 + east - raster.originX) / raster.levels[0].resX);
    const py = Math.floor((y0 + north - raster.originY) / raster.levels[0].resY);
    const { data } = await readWindow(raster.levels[0].image, px, py, px + 1, py + 1, false);
    return `#${[...data.subarray(0, 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  } finally {
    await raster.close();
  }
}

describe('sample imagery', () => {
  it('dates the images two weeks before the first before_on and after the last detected_on', () => {
    expect(images.map((i) => [i.name, i.date])).toEqual([
      ['sample_before', '2023-10-06'],
      ['sample_after', '2024-04-14'],
    ]);
  });

  const FIELD = '#6f8f4e';
  const ROOF = '#b9b1a4';
  const STEEL = '#3f7fc4';
  const SOIL = '#b08a62';
  const GREEN = '#3f6b34';
  const cases: [keyof typeof PLACES, string, string][] = [
    ['newNoFootprint', FIELD, STEEL],
    ['newWithFootprint', FIELD, ROOF],
    ['removal', ROOF, SOIL],
    ['clearing', GREEN, SOIL],
    ['untouched', ROOF, ROOF],
  ];
  for (const [place, before, after] of cases) {
    it(`shows ${place}: ${before} before, ${after} after`, async () => {
      const [e, n] = PLACES[place];
      expect(await colourAt(images[0].file, e, n)).toBe(before);
      expect(await colourAt(images[1].file, e, n)).toBe(after);
    });
  }

  it('leaves field around the places', async () => {
    expect(await colourAt(images[1].file, 50, 50)).toBe(FIELD);
  });
});
