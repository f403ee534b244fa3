// A minimal ESRI Shapefile writer for test fixtures: Point and Polygon shapes, a .dbf with C/N/D
// fields in any encoding iconv-lite knows (GBK here). Hand-written because the npm writers
// (shp-write, @mapbox/shp-write) write UTF-8/ASCII .dbf only, and the fixtures need GBK bytes.
import iconv from 'iconv-lite';

export type ShpGeometry = { type: 'Point'; coordinates: number[] } | { type: 'Polygon'; coordinates: number[][][] };
export interface DbfField {
  name: string;
  type: 'C' | 'N' | 'D';
  length: number;
  decimals?: number;
}

/** Shapefile rings: exterior clockwise, holes counter-clockwise (the opposite of GeoJSON). */
function shpRing(ring: number[][], exterior: boolean): number[][] {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  const ccw = a > 0;
  return ccw === exterior ? ring.slice().reverse() : ring;
}

function content(g: ShpGeometry): Buffer {
  if (g.type === 'Point') {
    const b = Buffer.alloc(20);
    b.writeInt32LE(1, 0);
    b.writeDoubleLE(g.coordinates[0], 4);
    b.writeDoubleLE(g.coordinates[1], 12);
    return b;
  }
  const rings = g.coordinates.map((r, k) => shpRing(r, k === 0));
  const pts = rings.flat();
  const b = Buffer.alloc(44 + 4 * rings.length + 16 * pts.length);
  b.writeInt32LE(5, 0);
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, k) => b.writeDoubleLE(v, 4 + 8 * k));
  b.writeInt32LE(rings.length, 36);
  b.writeInt32LE(pts.length, 40);
  let start = 0;
  rings.forEach((r, k) => {
    b.writeInt32LE(start, 44 + 4 * k);
    start += r.length;
  });
  const o = 44 + 4 * rings.length;
  pts.forEach((p, k) => {
    b.writeDoubleLE(p[0], o + 16 * k);
    b.writeDoubleLE(p[1], o + 16 * k + 8);
  });
  return b;
}

function header(shapeType: number, lengthBytes: number, geoms: ShpGeometry[]): Buffer {
  const h = Buffer.alloc(100);
  h.writeInt32BE(9994, 0);
  h.writeInt32BE(lengthBytes / 2, 24);
  h.writeInt32LE(1000, 28);
  h.writeInt32LE(shapeType, 32);
  const pts = geoms.flatMap((g) => (g.type === 'Point' ? [g.coordinates] : g.coordinates.flat()));
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, k) => h.writeDoubleLE(v, 36 + 8 * k));
  return h;
}

export function writeShp(geoms: ShpGeometry[]): { shp: Buffer; shx: Buffer } {
  const shapeType = geoms[0].type === 'Point' ? 1 : 5;
  const records: Buffer[] = [];
  const index: Buffer[] = [];
  let offset = 100;
  geoms.forEach((g, k) => {
    const c = content(g);
    const rh = Buffer.alloc(8);
    rh.writeInt32BE(k + 1, 0);
    rh.writeInt32BE(c.length / 2, 4);
    records.push(rh, c);
    const ix = Buffer.alloc(8);
    ix.writeInt32BE(offset / 2, 0);
    ix.writeInt32BE(c.length / 2, 4);
    index.push(ix);
    offset += 8 + c.length;
  });
  return {
    shp: Buffer.concat([header(shapeType, offset, geoms), ...records]),
    shx: Buffer.concat([header(shapeType, 100 + 8 * geoms.length, geoms), ...index]),
  };
}

export function writeDbf(fields: DbfField[], rows: (string | number | null)[][], encoding: string): Buffer {
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
  const h = Buffer.alloc(headerLength);
  h[0] = 0x03;
  h[1] = 124;
  h[2] = 1;
  h[3] = 1;
  h.writeUInt32LE(rows.length, 4);
  h.writeUInt16LE(headerLength, 8);
  h.writeUInt16LE(recordLength, 10);
  fields.forEach((f, k) => {
    const o = 32 + 32 * k;
    const name = iconv.encode(f.name, encoding);
    if (name.length > 10) throw new Error(`dbf field name ${f.name} is over 10 bytes in ${encoding}`);
    name.copy(h, o);
    h[o + 11] = f.type.charCodeAt(0);
    h[o + 16] = f.length;
    h[o + 17] = f.decimals ?? 0;
  });
  h[headerLength - 1] = 0x0d;
  const body = Buffer.alloc(rows.length * recordLength + 1, 0x20);
  rows.forEach((row, r) => {
    let o = r * recordLength + 1;
    fields.forEach((f, k) => {
      const v = row[k];
      let bytes = iconv.encode(v === null ? '' : String(v), encoding);
      if (bytes.length > f.length) throw new Error(`dbf value ${v} is over ${f.length} bytes`);
      if (f.type === 'N') bytes = Buffer.concat([Buffer.alloc(f.length - bytes.length, 0x20), bytes]);
      bytes.copy(body, o);
      o += f.length;
    });
  });
  body[body.length - 1] = 0x1a;
  return Buffer.concat([h, body]);
}
