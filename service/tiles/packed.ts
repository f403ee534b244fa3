// Packed varint fields written from a reusable Int32Array instead of a fresh number[] per field:
// a tile writes two (tags, geometry) for each of up to tens of thousands of features. The bytes
// are PbfWriter.writePackedVarint's.
import type { PbfWriter } from 'pbf';

/** A growable list of int32s, emptied with `n = 0` (no reallocation between features). */
export class IntList {
  a = new Int32Array(1024);
  n = 0;

  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(2 * this.a.length);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }

  push2(v: number, w: number): void {
    if (this.n + 2 > this.a.length) {
      const b = new Int32Array(2 * this.a.length);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
    this.a[this.n++] = w;
  }
}

function writeInts(list: IntList, pbf: PbfWriter): void {
  const { a, n } = list;
  pbf.realloc(5 * n);
  let buf = pbf.buf;
  let pos = pbf.pos;
  for (let i = 0; i < n; i++) {
    let v = a[i];
    if (v < 0) {
      // Ten bytes of two's complement, as PbfWriter writes negatives.
      pbf.pos = pos;
      pbf.writeVarint(v);
      pbf.realloc(5 * (n - i));
      buf = pbf.buf;
      pos = pbf.pos;
      continue;
    }
    while (v > 0x7f) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
  }
  pbf.pos = pos;
}

/** Field `tag` as packed varints of the list; nothing when it is empty. */
export function writePackedInts(pbf: PbfWriter, tag: number, list: IntList): void {
  if (list.n) pbf.writeMessage(tag, writeInts, list);
}
