// The `pmtiles` reader over a file on disk (its Source interface: getBytes of a range).
import { openSync, readSync, closeSync } from 'node:fs';
import { PMTiles, type Source, type RangeResponse } from 'pmtiles';

export class NodeFileSource implements Source {
  constructor(private readonly path: string) {}
  getKey() {
    return this.path;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const fd = openSync(this.path, 'r');
    try {
      const buf = Buffer.alloc(length);
      const n = readSync(fd, buf, 0, length, offset);
      return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + n) };
    } finally {
      closeSync(fd);
    }
  }
}

export const openArchive = (path: string) => new PMTiles(new NodeFileSource(path));
