// A parser of PostgreSQL's binary COPY format (COPY … TO STDOUT (FORMAT binary)): the 19-byte
// header, then per row a 16-bit field count and each field as a 32-bit length (-1 for NULL) and
// its bytes, then a -1 trailer. Chunks arrive cut anywhere, so a row split across two chunks is
// kept and finished with the next one. Each complete row is handed over as the buffer with its
// fields' offsets and lengths, to be decoded at once: the buffer is not kept.
// pg-copy-streams-binary parses the format too, but hands over an array of Buffer slices per row
// through an object-mode stream: on a million rows of four fields it took 18–37 s against 1.0–1.4 s
// for this parser (same machine, one run each of three rounds), so the framing is written here.

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = SIGNATURE.length + 8;

export type RowHandler = (buf: Buffer, start: Int32Array, len: Int32Array) => void;

export class CopyBinaryParser {
  private rest: Buffer | null = null;
  private headerDone = false;
  private ended = false;
  private readonly start: Int32Array;
  private readonly len: Int32Array;

  constructor(
    private readonly fields: number,
    private readonly onRow: RowHandler,
  ) {
    this.start = new Int32Array(fields);
    this.len = new Int32Array(fields);
  }

  push(chunk: Buffer): void {
    if (this.ended) {
      if (chunk.length) throw new Error('binary COPY: data after the trailer');
      return;
    }
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    const n = buf.length;
    let pos = 0;
    if (!this.headerDone) {
      if (n < HEADER) {
        this.rest = buf;
        return;
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('binary COPY: the stream does not start with the PGCOPY signature');
      const ext = buf.readUInt32BE(SIGNATURE.length + 4);
      if (n < HEADER + ext) {
        this.rest = buf;
        return;
      }
      pos = HEADER + ext;
      this.headerDone = true;
    }
    const { start, len, fields } = this;
    rows: while (pos + 2 <= n) {
      const count = buf.readInt16BE(pos);
      if (count === -1) {
        this.ended = true;
        pos += 2;
        break;
      }
      if (count !== fields) throw new Error(`binary COPY: a row of ${count} fields, ${fields} expected`);
      let p = pos + 2;
      for (let f = 0; f < fields; f++) {
        if (p + 4 > n) break rows;
        const l = buf.readInt32BE(p);
        p += 4;
        start[f] = p;
        len[f] = l;
        if (l > 0) {
          p += l;
          if (p > n) break rows;
        }
      }
      this.onRow(buf, start, len);
      pos = p;
    }
    this.rest = pos < n ? buf.subarray(pos) : null;
    if (this.ended && this.rest) throw new Error('binary COPY: data after the trailer');
  }

  /** Throws unless the stream ended with its trailer and nothing was left over. */
  end(): void {
    if (!this.ended) throw new Error(this.headerDone ? 'binary COPY: the stream ended inside a row' : 'binary COPY: the stream ended before its header');
  }
}
