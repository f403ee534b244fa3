// Small GeoTIFFs for the imagery tests, written by geotiff.js: a white image in a chosen CRS with
// chosen pixels painted, plus the broken kinds an upload must refuse.
import { writeArrayBuffer } from 'geotiff';
import sharp from 'sharp';

export interface TiffSpec {
  width: number;
  height: number;
  /** CRS coordinates of the outer top-left corner and the pixel size (CRS units). */
  originX: number;
  originY: number;
  res: number;
  /** EPSG of a projected CRS (ProjectedCSTypeGeoKey), or of a geographic one when `geographic`. */
  epsg?: number | null;
  geographic?: boolean;
  /** Colour of pixel (i, j); white by default. */
  paint?: (i: number, j: number) => [number, number, number] | null;
  bits?: 8 | 16 | 32;
  float?: boolean;
}

export function geoTiff(spec: TiffSpec): Buffer {
  const { width, height } = spec;
  const n = width * height * 3;
  const values = spec.float ? new Float32Array(n) : spec.bits === 16 ? new Uint16Array(n) : new Uint8Array(n);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const rgb = spec.paint?.(i, j) ?? [255, 255, 255];
      values.set(rgb, (j * width + i) * 3);
    }
  }
  const keys: Record<string, unknown> = spec.geographic
    ? { GTModelTypeGeoKey: 2, GeographicTypeGeoKey: spec.epsg ?? 4326 }
    : spec.epsg === null
      ? { GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32767 }
      : { GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: spec.epsg ?? 4549 };
  const ab = writeArrayBuffer(values, {
    width,
    height,
    ModelPixelScale: [spec.res, spec.res, 0],
    ModelTiepoint: [0, 0, 0, spec.originX, spec.originY, 0],
    GTRasterTypeGeoKey: 1,
    ...keys,
  } as Parameters<typeof writeArrayBuffer>[1]);
  return Buffer.from(ab);
}

/** A TIFF without any georeference (sharp writes plain TIFFs). */
export function plainTiff(width = 64, height = 64): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080' } }).tiff().toBuffer();
}
