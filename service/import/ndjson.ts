// Newline-delimited GeoJSON: one Feature per line. A line that does not parse (including a cut-off
// last line) makes the file malformed.
import { createReadStream } from 'node:fs';
import { rawFromGeoJson } from './geojson.ts';
import { ImportError, type RawFeature, type RawSource } from './types.ts';

export function ndjsonSource(path: string, file: string, totalBytes: number): RawSource {
  let bytes = 0;
  async function* read(): AsyncGenerator<RawFeature[]> {
    let rest = '';
    let line = 0;
    let any = false;
    const parseLine = (text: string): RawFeature | null => {
      line++;
      const t = text.trim();
      if (t === '') return null;
      any = true;
      try {
        return rawFromGeoJson(JSON.parse(t));
      } catch (err) {
        throw new ImportError(file, `malformed JSON on line ${line}: ${(err as Error).message}`);
      }
    };
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      bytes += Buffer.byteLength(chunk as string);
      const text = rest + (chunk as string);
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      const batch: RawFeature[] = [];
      for (const l of lines) {
        const f = parseLine(line === 0 ? l.replace(/^\uFEFF/, '') : l);
        if (f) batch.push(f);
      }
      if (batch.length) yield batch;
    }
    const last = parseLine(line === 0 ? rest.replace(/^\uFEFF/, '') : rest);
    if (last) yield [last];
    if (!any) throw new ImportError(file, 'the file is empty');
  }
  return { format: 'ndjson', excelDates: false, windingIsRepair: true, totalBytes, bytesRead: () => bytes, features: read() };
}
