// Reading a window of pixels. For the common orthophoto layout — 8-bit, chunky (samples
// interleaved), RGB/RGBA or grey — the decoded tiles are copied row by row into the window, which
// is several times faster than geotiff.js's general per-sample path; every other layout (YCbCr
// JPEG, palettes, planar files) goes through geotiff.js's readRGB.
import { getDecoder, type GeoTIFFImage } from 'geotiff';

export interface WindowPixels {
  data: Uint8Array;
  /** Samples per pixel in `data`: 3 (RGB) or 4 (RGBA); grey is expanded to RGB. */
  channels: number;
}

type Decoder = Awaited<ReturnType<typeof getDecoder>>;
const decoders = new WeakMap<GeoTIFFImage, Promise<Decoder>>();

function decoderFor(image: GeoTIFFImage): Promise<Decoder> {
  let d = decoders.get(image);
  if (!d) {
    const fd = image.getFileDirectory();
    const tiled = fd.hasTag('TileOffsets');
    d = (async () =>
      getDecoder(Number(fd.getValue('Compression') ?? 1), {
        tileWidth: image.getTileWidth(),
        tileHeight: tiled ? image.getTileHeight() : Number((await fd.loadValue('RowsPerStrip')) ?? image.getHeight()),
        planarConfiguration: Number(fd.getValue('PlanarConfiguration') ?? 1),
        bitsPerSample: fd.getValue('BitsPerSample') as number[],
        predictor: Number((await fd.loadValue('Predictor')) ?? 1),
      }))();
    decoders.set(image, d);
  }
  return d;
}

/** Whether the row-copy path applies: 8-bit chunky RGB(A) or grey. */
function simpleLayout(image: GeoTIFFImage): boolean {
  const fd = image.getFileDirectory();
  const pi = Number(fd.getValue('PhotometricInterpretation'));
  const spp = image.getSamplesPerPixel();
  const planar = Number(fd.getValue('PlanarConfiguration') ?? 1);
  return image.getBitsPerSample() === 8 && planar === 1 && ((pi === 2 && (spp === 3 || spp === 4)) || (pi === 1 && spp === 1));
}

/** Pixels [x0, x1) × [y0, y1) as interleaved RGB or RGBA bytes. */
export async function readWindow(image: GeoTIFFImage, x0: number, y0: number, x1: number, y1: number, alpha: boolean): Promise<WindowPixels> {
  if (!simpleLayout(image)) {
    const data = await image.readRGB({ window: [x0, y0, x1, y1], interleave: true, enableAlpha: alpha });
    return { data: data as unknown as Uint8Array, channels: data.length / ((x1 - x0) * (y1 - y0)) };
  }
  const spp = image.getSamplesPerPixel();
  const grey = spp === 1;
  const channels = grey ? 3 : alpha ? 4 : 3;
  const w = x1 - x0;
  const out = new Uint8Array(w * (y1 - y0) * channels);
  const tw = image.getTileWidth();
  const th = image.getTileHeight();
  const decoder = await decoderFor(image);
  const jobs: Promise<void>[] = [];
  for (let ty = Math.floor(y0 / th); ty * th < y1; ty++) {
    for (let tx = Math.floor(x0 / tw); tx * tw < x1; tx++) {
      jobs.push(
        image.getTileOrStrip(tx, ty, 0, decoder).then(({ data }) => {
          const tile = new Uint8Array(data as ArrayBuffer);
          const cx0 = Math.max(x0, tx * tw);
          const cx1 = Math.min(x1, (tx + 1) * tw);
          const cy0 = Math.max(y0, ty * th);
          const cy1 = Math.min(y1, (ty + 1) * th);
          for (let y = cy0; y < cy1; y++) {
            const src = ((y - ty * th) * tw + (cx0 - tx * tw)) * spp;
            const dst = ((y - y0) * w + (cx0 - x0)) * channels;
            if (spp === channels) {
              out.set(tile.subarray(src, src + (cx1 - cx0) * spp), dst);
              continue;
            }
            // Grey to RGB, or RGBA whose alpha is not wanted.
            for (let i = 0, s = src, d = dst; i < cx1 - cx0; i++, s += spp, d += channels) {
              out[d] = tile[s];
              out[d + 1] = tile[grey ? s : s + 1];
              out[d + 2] = tile[grey ? s : s + 2];
            }
          }
        }),
      );
    }
  }
  await Promise.all(jobs);
  return { data: out, channels };
}
