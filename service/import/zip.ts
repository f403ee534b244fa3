// A zipped shapefile, read without trusting the archive: the central directory is listed first,
// only the one shapefile set (.shp .shx .dbf .prj .cpg) is inflated, and its declared sizes are
// held to a total cap and a compression-ratio cap before a byte is inflated. yauzl also checks
// that each entry inflates to exactly its declared size, so a lying header cannot slip past.
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ImportError } from './types.ts';

/** Largest total the shapefile set may inflate to. */
export const MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024;
/** Real .shp/.dbf compress 2–20×; far beyond that is a bomb. Small entries are exempt. */
export const MAX_RATIO = 200;
const RATIO_EXEMPT_BYTES = 8 * 1024 * 1024;
const MAX_ENTRIES = 10_000;
const SET = ['shp', 'shx', 'dbf', 'prj', 'cpg'] as const;

export interface ZipLimits {
  maxBytes?: number;
  maxRatio?: number;
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => (err ? reject(err) : resolve(zip!))),
  );
}

function listEntries(zip: ZipFile, file: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      if (entries.length > MAX_ENTRIES) return reject(new ImportError(file, `the zip holds more than ${MAX_ENTRIES} entries`));
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function inflate(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** The parts of the single shapefile in a zip, by lower-case extension. */
export async function readShapefileZip(path: string, file: string, limits: ZipLimits = {}): Promise<Partial<Record<(typeof SET)[number], Buffer>> & { shpName: string }> {
  const maxBytes = limits.maxBytes ?? MAX_UNZIPPED_BYTES;
  const maxRatio = limits.maxRatio ?? MAX_RATIO;
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (err) {
    throw new ImportError(file, `not a readable zip archive: ${(err as Error).message}`);
  }
  try {
    let entries: Entry[];
    try {
      entries = await listEntries(zip, file);
    } catch (err) {
      if (err instanceof ImportError) throw err;
      throw new ImportError(file, `not a readable zip archive: ${(err as Error).message}`);
    }
    const files = entries.filter((e) => !e.fileName.endsWith('/') && !e.fileName.startsWith('__MACOSX/'));
    const shps = files.filter((e) => /\.shp$/i.test(e.fileName));
    if (shps.length === 0) throw new ImportError(file, `the zip holds no .shp file (found: ${files.map((e) => e.fileName).slice(0, 20).join(', ') || 'nothing'})`);
    if (shps.length > 1) throw new ImportError(file, `the zip holds more than one shapefile: ${shps.map((e) => e.fileName).join(', ')}`);
    const stem = shps[0].fileName.slice(0, -4).toLowerCase();
    const wanted = new Map<string, Entry>();
    for (const ext of SET) {
      const e = files.find((f) => f.fileName.toLowerCase() === `${stem}.${ext}`);
      if (e) wanted.set(ext, e);
    }
    let total = 0;
    for (const e of wanted.values()) {
      total += e.uncompressedSize;
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      if (e.uncompressedSize > RATIO_EXEMPT_BYTES && ratio > maxRatio) {
        throw new ImportError(file, `${e.fileName} would inflate ${Math.round(ratio)}× (${e.uncompressedSize} bytes from ${e.compressedSize}): refused as a zip bomb`);
      }
    }
    if (total > maxBytes) {
      throw new ImportError(file, `the shapefile inside would inflate to ${total} bytes, over the ${Math.round(maxBytes / 1024 / 1024)} MB limit`);
    }
    const out: Partial<Record<(typeof SET)[number], Buffer>> & { shpName: string } = { shpName: shps[0].fileName };
    for (const [ext, e] of wanted) {
      try {
        out[ext as (typeof SET)[number]] = await inflate(zip, e);
      } catch (err) {
        throw new ImportError(file, `${e.fileName} in the zip does not inflate: ${(err as Error).message}`);
      }
    }
    return out;
  } finally {
    zip.close();
  }
}
