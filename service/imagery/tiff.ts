// Opening an orthophoto GeoTIFF for tiling: geotiff.js reads only the header here (pixels are read
// later by window), and every reason the file cannot be tiled becomes an ImageryInputError that
// names it, so an upload is refused before anything is stored.
import { fromFile, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import { stat } from 'node:fs/promises';
import { CrsError, crsFromEpsg, parseCrs, type Crs } from '../geo/crs.ts';
import { useNativeDeflate } from './decoders.ts';

useNativeDeflate();

/** A file that cannot be served as imagery; the message says why. */
export class ImageryInputError extends Error {}

/** One resolution level: the full image or an internal overview. */
export interface Level {
  image: GeoTIFFImage;
  width: number;
  height: number;
  /** Source CRS units per pixel along x and along y (y is negative for north-up images). */
  resX: number;
  resY: number;
}

export interface Raster {
  tiff: GeoTIFF;
  crs: Crs;
  /** Full resolution first, then overviews from finer to coarser. */
  levels: Level[];
  /** Source CRS coordinates of the outer corner of pixel (0, 0). */
  originX: number;
  originY: number;
  /** Whether pixels carry an alpha sample (4 samples read by readRGB). */
  alpha: boolean;
  /** A value that marks empty pixels (all samples equal to it), from GDAL_NODATA. */
  nodata: number | null;
  close(): Promise<void>;
}

const PHOTOMETRIC_NAMES: Record<number, string> = { 0: 'WhiteIsZero', 1: 'BlackIsZero', 2: 'RGB', 3: 'Palette', 5: 'CMYK', 6: 'YCbCr', 8: 'CIELab' };
const GEOGRAPHIC_MODEL = 2;
const PIXEL_IS_POINT = 2;
const USER_DEFINED = 32767;

/** The CRS from GeoKeys, or the one declared (--crs / ?crs=), which wins when both exist. */
export function rasterCrs(image: GeoTIFFImage, declared?: string): Crs {
  try {
    if (declared) return parseCrs(declared);
    const keys = image.getGeoKeys() ?? {};
    const projected = Number(keys.ProjectedCSTypeGeoKey);
    if (projected && projected !== USER_DEFINED) return crsFromEpsg(projected);
    const geographic = Number(keys.GeographicTypeGeoKey);
    if (keys.GTModelTypeGeoKey === GEOGRAPHIC_MODEL && geographic && geographic !== USER_DEFINED) return crsFromEpsg(geographic);
    const citation = String(keys.PCSCitationGeoKey ?? keys.GTCitationGeoKey ?? '');
    if (citation) return parseCrs(citation);
  } catch (err) {
    if (err instanceof CrsError) throw new ImageryInputError(`unsupported coordinate system: ${err.message}`);
    throw err;
  }
  throw new ImageryInputError('the TIFF names no coordinate system in its GeoKeys; give one with crs (e.g. EPSG:4549)');
}

function checkSamples(image: GeoTIFFImage, label: string): { alpha: boolean } {
  const fd = image.getFileDirectory();
  const bits = image.getBitsPerSample(0);
  const format = image.getSampleFormat(0);
  const n = image.getSamplesPerPixel();
  if (format === 3) {
    throw new ImageryInputError(`${label} holds ${bits}-bit floating-point samples; imagery must be 8-bit (stretch it to 0–255 first, e.g. gdal_translate -ot Byte -scale)`);
  }
  if (bits !== 8) {
    throw new ImageryInputError(`${label} holds ${bits}-bit samples; imagery must be 8-bit (stretch it to 0–255 first, e.g. gdal_translate -ot Byte -scale)`);
  }
  const pi = Number(fd.getValue('PhotometricInterpretation'));
  if (!(pi in PHOTOMETRIC_NAMES)) throw new ImageryInputError(`${label} has photometric interpretation ${pi}, which is not an image colour model geotiff.js reads`);
  if (pi === 2 && n < 3) throw new ImageryInputError(`${label} says RGB but has ${n} sample(s) per pixel`);
  const extra = fd.getValue('ExtraSamples') as number[] | undefined;
  return { alpha: pi === 2 && n >= 4 && !!extra && extra[0] !== 0 };
}

/** Every tile or strip must lie inside the file; a cut-off copy fails here instead of at tile time. */
async function checkComplete(image: GeoTIFFImage, fileBytes: number, label: string): Promise<void> {
  const fd = image.getFileDirectory();
  const tiled = fd.hasTag('TileOffsets');
  const offsets = (await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number> | undefined;
  const counts = (await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number> | undefined;
  if (!offsets || !counts || offsets.length !== counts.length) throw new ImageryInputError(`${label} has no readable ${tiled ? 'tile' : 'strip'} table`);
  for (let i = 0; i < offsets.length; i++) {
    if (Number(offsets[i]) + Number(counts[i]) > fileBytes) {
      throw new ImageryInputError(`the file is truncated: ${label} ${tiled ? 'tile' : 'strip'} ${i} ends at byte ${Number(offsets[i]) + Number(counts[i])} but the file has ${fileBytes} bytes`);
    }
  }
}

/** Opens and checks a GeoTIFF; throws ImageryInputError naming what makes it unusable. */
export async function openRaster(path: string, declaredCrs?: string): Promise<Raster> {
  const bytes = (await stat(path)).size;
  let tiff: GeoTIFF;
  try {
    tiff = await fromFile(path);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ImageryInputError(bytes < 8 || /invalid|magic|tiff/i.test(reason) ? `the file is not a TIFF (${reason})` : `the TIFF cannot be read; it may be truncated (${reason})`);
  }
  try {
    return await describe(tiff, bytes, declaredCrs);
  } catch (err) {
    await tiff.close();
    if (err instanceof ImageryInputError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new ImageryInputError(`the TIFF cannot be read; it may be truncated or damaged (${reason})`);
  }
}

async function describe(tiff: GeoTIFF, bytes: number, declaredCrs?: string): Promise<Raster> {
  const count = await tiff.getImageCount();
  const main = await tiff.getImage(0);
  const fd = main.getFileDirectory();
  if (!fd.hasTag('ModelTiepoint') && !fd.hasTag('ModelTransformation')) {
    throw new ImageryInputError('the TIFF is not georeferenced (no ModelTiepoint or ModelTransformation tag); use a GeoTIFF');
  }
  const transform = fd.getValue('ModelTransformation') as number[] | undefined;
  if (transform && (transform[1] !== 0 || transform[4] !== 0)) {
    throw new ImageryInputError('the GeoTIFF is rotated or sheared (ModelTransformation); warp it north-up first');
  }
  const { alpha } = checkSamples(main, 'the image');
  const crs = rasterCrs(main, declaredCrs);
  if (crs.kind === 'gcj02') throw new ImageryInputError('GCJ02 GeoTIFFs are not accepted; register GCJ02 tiles as an XYZ source instead');
  const [resX, resY] = main.getResolution();
  if (!(resX > 0) || !Number.isFinite(resY) || resY === 0) throw new ImageryInputError(`the GeoTIFF has an unusable pixel size ${resX} × ${resY}`);
  let [originX, originY] = main.getOrigin();
  const tie = fd.getValue('ModelTiepoint') as number[] | undefined;
  if (tie && tie.length >= 6) {
    // The tie point may pin a pixel other than (0, 0).
    originX -= tie[0] * resX;
    originY -= tie[1] * resY;
  }
  if (main.getGeoKeys()?.GTRasterTypeGeoKey === PIXEL_IS_POINT) {
    originX -= resX / 2;
    originY -= resY / 2;
  }
  const levels: Level[] = [{ image: main, width: main.getWidth(), height: main.getHeight(), resX, resY }];
  await checkComplete(main, bytes, 'the image');
  for (let i = 1; i < count; i++) {
    const image = await tiff.getImage(i);
    const type = Number(image.getFileDirectory().getValue('NewSubfileType') ?? 0);
    // Bit 0: a reduced-resolution copy; bit 2: a transparency mask, which is not a picture.
    if (!(type & 1) || type & 4) continue;
    checkSamples(image, `overview ${i}`);
    await checkComplete(image, bytes, `overview ${i}`);
    const w = image.getWidth();
    const h = image.getHeight();
    levels.push({ image, width: w, height: h, resX: (resX * levels[0].width) / w, resY: (resY * levels[0].height) / h });
  }
  levels.sort((a, b) => b.width - a.width);
  const nodataText = fd.getValue('GDAL_NODATA') as string | undefined;
  const nodata = nodataText !== undefined && nodataText.trim() !== '' && Number.isFinite(Number(nodataText)) ? Number(nodataText) : null;
  return { tiff, crs, levels, originX, originY, alpha, nodata, close: async () => void (await tiff.close()) };
}
