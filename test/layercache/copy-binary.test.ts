// The binary COPY framing, built here by hand from the format's description: a 19-byte header
// (signature, flags, extension length), rows of a 16-bit field count and length-prefixed fields
// (-1 for NULL), a -1 trailer. Whatever the cut between chunks, the same rows come out.
import { describe, expect, it } from 'vitest';
import { CopyBinaryParser } from '../../service/layercache/copy-binary.ts';

function field(bytes: Buffer | null): Buffer {
  const len = Buffer.alloc(4);
  len.writeInt32BE(bytes ? bytes.length : -1);
  return bytes ? Buffer.concat([len, bytes]) : len;
}
function row(fields: (Buffer | null)[]): Buffer {
  const count = Buffer.alloc(2);
  count.writeInt16BE(fields.length);
  return Buffer.concat([count, ...fields.map(field)]);
}
const f8 = (x: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(x);
  return b;
};
// Signature, flags 0, a 3-byte header extension (which a reader must skip).
const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 3, 9, 9, 9])]);
const trailer = Buffer.from([0xff, 0xff]);
const stream = Buffer.concat([
  header,
  row([f8(1), Buffer.from('砖混', 'utf8'), Buffer.from([1, 2, 3])]),
  row([f8(2.5), null, Buffer.alloc(0)]),
  row([f8(-0), Buffer.from('a', 'utf8'), Buffer.from([7])]),
  trailer,
]);

function parse(chunks: Buffer[]): unknown[][] {
  const rows: unknown[][] = [];
  const p = new CopyBinaryParser(3, (buf, start, len) => {
    rows.push([buf.readDoubleBE(start[0]), len[1] < 0 ? null : buf.toString('utf8', start[1], start[1] + len[1]), [...buf.subarray(start[2], start[2] + len[2])]]);
  });
  for (const c of chunks) p.push(c);
  p.end();
  return rows;
}

const expected = [
  [1, '砖混', [1, 2, 3]],
  [2.5, null, []],
  [-0, 'a', [7]],
];

describe('binary COPY parser', () => {
  it('reads header, rows with NULL and empty fields, and trailer in one chunk', () => {
    expect(parse([stream])).toEqual(expected);
  });

  it('gives the same rows whatever the two cuts', () => {
    for (let a = 0; a <= stream.length; a++) {
      for (let b = a; b <= stream.length; b += 5) {
        expect(parse([stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)]), `cuts ${a}, ${b}`).toEqual(expected);
      }
    }
  });

  it('gives the same rows a byte at a time', () => {
    expect(parse([...stream].map((x) => Buffer.from([x])))).toEqual(expected);
  });

  it('refuses a stream cut short, a wrong signature, a row of the wrong width and bytes after the trailer', () => {
    expect(() => parse([stream.subarray(0, stream.length - 3)])).toThrow(/ended inside a row/);
    expect(() => parse([stream.subarray(0, 10)])).toThrow(/before its header/);
    expect(() => parse([Buffer.concat([Buffer.from('PGCOPX'), stream.subarray(6)])])).toThrow(/PGCOPY signature/);
    const wide = Buffer.concat([header, row([f8(1), null, null, null]), trailer]);
    expect(() => parse([wide])).toThrow(/a row of 4 fields, 3 expected/);
    expect(() => parse([stream, Buffer.from([0])])).toThrow(/after the trailer/);
  });
});
