// Adds GeoTIFF georeferencing tags to a TIFF that sharp (libvips) wrote tiled, compressed and with
// overviews, since libvips writes no GeoKeys. The first image's directory is copied to the end of
// the file with ModelPixelScale, ModelTiepoint and GeoKeyDirectory added (tags stay sorted, as
// TIFF requires), and the header is pointed at the copy; every other byte stays where it was.

const SHORT = 3;
const DOUBLE = 12;

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** The 4 bytes of the value/offset field, as in the file. */
  field: Buffer;
}

export interface GeoTags {
  /** Pixel size in CRS units (x, y). */
  pixelScale: [number, number];
  /** CRS coordinates of the outer top-left corner of pixel (0, 0). */
  topLeft: [number, number];
  /** EPSG code of a projected CRS. */
  projectedEpsg: number;
}

export function addGeoTags(tiff: Buffer, geo: GeoTags): Buffer {
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II') throw new Error('addGeoTags: expects a little-endian classic TIFF (as libvips writes)');
  if (tiff.readUInt16LE(2) !== 42) throw new Error('addGeoTags: not a classic TIFF (BigTIFF is not handled)');
  const ifd0 = tiff.readUInt32LE(4);
  const count = tiff.readUInt16LE(ifd0);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const o = ifd0 + 2 + i * 12;
    entries.push({ tag: tiff.readUInt16LE(o), type: tiff.readUInt16LE(o + 2), count: tiff.readUInt32LE(o + 4), field: tiff.subarray(o + 8, o + 12) });
  }
  const next = tiff.readUInt32LE(ifd0 + 2 + count * 12);

  // Out-of-line values go after the original bytes, each word-aligned.
  const extra: Buffer[] = [];
  let end = tiff.length + (tiff.length % 2);
  const place = (bytes: Buffer): Buffer => {
    const field = Buffer.alloc(4);
    field.writeUInt32LE(end);
    extra.push(bytes);
    end += bytes.length + (bytes.length % 2);
    if (bytes.length % 2) extra.push(Buffer.alloc(1));
    return field;
  };
  const doubles = (values: number[]) => {
    const b = Buffer.alloc(values.length * 8);
    values.forEach((v, i) => b.writeDoubleLE(v, i * 8));
    return b;
  };
  const shorts = (values: number[]) => {
    const b = Buffer.alloc(values.length * 2);
    values.forEach((v, i) => b.writeUInt16LE(v, i * 2));
    return b;
  };
  // GeoKeyDirectory: version 1.1.0, 3 keys: projected model, pixel-is-area, the EPSG code.
  const keys = [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, geo.projectedEpsg];
  const added: Entry[] = [
    { tag: 33550, type: DOUBLE, count: 3, field: place(doubles([geo.pixelScale[0], geo.pixelScale[1], 0])) },
    { tag: 33922, type: DOUBLE, count: 6, field: place(doubles([0, 0, 0, geo.topLeft[0], geo.topLeft[1], 0])) },
    { tag: 34735, type: SHORT, count: keys.length, field: place(shorts(keys)) },
  ];
  const all = [...entries.filter((e) => !added.some((a) => a.tag === e.tag)), ...added].sort((a, b) => a.tag - b.tag);
  const ifd = Buffer.alloc(2 + all.length * 12 + 4);
  ifd.writeUInt16LE(all.length, 0);
  all.forEach((e, i) => {
    const o = 2 + i * 12;
    ifd.writeUInt16LE(e.tag, o);
    ifd.writeUInt16LE(e.type, o + 2);
    ifd.writeUInt32LE(e.count, o + 4);
    e.field.copy(ifd, o + 8);
  });
  ifd.writeUInt32LE(next, 2 + all.length * 12);
  const header = Buffer.from(tiff.subarray(0, 8));
  header.writeUInt32LE(end, 4);
  if (end > 0xffffffff) throw new Error('addGeoTags: the file would pass 4 GiB');
  return Buffer.concat([header, tiff.subarray(8), Buffer.alloc(tiff.length % 2), ...extra, ifd]);
}
