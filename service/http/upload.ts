// Receiving an uploaded layer file without holding it in memory: the body (raw, or the first file
// of a multipart form) streams to a temporary file, counted against the size limit as it goes.
// A body cut off mid-way (client gone, connection reset) rejects the request and removes the
// temporary folder; it never reaches the process as an unhandled stream error.
import Busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fail } from './errors.ts';

export interface ReceivedFile {
  path: string;
  filename: string;
  bytes: number;
  fields: Record<string, string>;
  cleanup: () => Promise<void>;
}

const EXT_BY_TYPE: Record<string, string> = {
  'application/geo+json': '.geojson',
  'application/json': '.geojson',
  'application/geo+json-seq': '.geojsonl',
  'application/x-ndjson': '.ndjson',
  'text/csv': '.csv',
  'application/zip': '.zip',
  'application/x-zip-compressed': '.zip',
  'application/vnd.apache.parquet': '.parquet',
};

/** Temporary upload folders carry the owning process id, so a restart can clear the dead ones. */
const PREFIX = 'groundtruth-upload-';

function safeName(name: string): string {
  // Keep the extension (it picks the reader) and nothing that could leave the temp folder.
  const base = basename(name).replace(/[^\p{L}\p{N}._-]/gu, '_').slice(-200);
  return base.replace(/^\.+/, '') || 'upload';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes upload folders left by processes that died mid-upload; returns how many. */
export async function clearOrphanUploads(dir = tmpdir()): Promise<number> {
  let n = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    n++;
  }
  return n;
}

/** The file name of a Content-Disposition header; malformed percent-encoding is a 400. */
export function dispositionFilename(header: string): string {
  const star = /filename\*\s*=\s*([^;]*)/i.exec(header);
  if (star) {
    const m = /^(UTF-8|ISO-8859-1)'[^']*'(.+)$/i.exec(star[1].trim().replace(/^"|"$/g, ''));
    if (!m) fail(400, `Content-Disposition filename* must be UTF-8''<percent-encoded name>; got ${JSON.stringify(star[1].slice(0, 80))}`);
    try {
      return decodeURIComponent(m[2]);
    } catch {
      fail(400, `Content-Disposition filename* is not valid percent-encoding: ${JSON.stringify(m[2].slice(0, 80))}`);
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : '';
}

function limiter(maxBytes: number, counter: { bytes: number }) {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      counter.bytes += chunk.length;
      if (counter.bytes > maxBytes) cb(new TooLarge(maxBytes));
      else cb(null, chunk);
    },
  });
}

class TooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`upload exceeds the size limit of ${Math.round(maxBytes / 1024 / 1024)} MB`);
  }
}

class BadForm extends Error {}

export async function receiveUpload(req: Request, opts: { maxBytes: number; filename?: string }): Promise<ReceivedFile> {
  if (!req.body) fail(400, 'the request has no body: send the layer file as the body or as a multipart form field "file"');
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > opts.maxBytes) fail(413, `upload of ${declared} bytes exceeds the size limit of ${opts.maxBytes} bytes`);
  const contentType = (req.headers.get('content-type') ?? '').toLowerCase();
  let filename = opts.filename ?? dispositionFilename(req.headers.get('content-disposition') ?? '');
  const dir = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const counter = { bytes: 0 };
  const body = Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>);
  try {
    if (contentType.startsWith('multipart/form-data')) {
      return await receiveMultipart(body, contentType, dir, opts.maxBytes, counter, cleanup);
    }
    if (!extname(filename)) filename = `upload${EXT_BY_TYPE[contentType.split(';')[0].trim()] ?? ''}`;
    const path = join(dir, safeName(filename));
    await pipeline(body, limiter(opts.maxBytes, counter), createWriteStream(path));
    return { path, filename, bytes: counter.bytes, fields: {}, cleanup };
  } catch (err) {
    body.destroy();
    await cleanup();
    if (err instanceof TooLarge) fail(413, err.message);
    if (err instanceof BadForm) fail(400, err.message);
    if (err && typeof err === 'object' && 'status' in err) throw err;
    fail(400, `the upload did not arrive whole: ${(err as Error)?.message ?? String(err)}`);
  }
}

async function receiveMultipart(
  body: Readable,
  contentType: string,
  dir: string,
  maxBytes: number,
  counter: { bytes: number },
  cleanup: () => Promise<void>,
): Promise<ReceivedFile> {
  const fields: Record<string, string> = {};
  let saved: Promise<{ path: string; filename: string }> | null = null;
  let bb: ReturnType<typeof Busboy>;
  try {
    bb = Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fileSize: maxBytes, fields: 50, fieldSize: 64 * 1024 } });
  } catch (err) {
    throw new BadForm(`the multipart form is malformed: ${(err as Error).message}`);
  }
  bb.on('field', (name, value) => (fields[name] = value));
  bb.on('file', (_name, stream, info) => {
    if (saved) {
      stream.resume();
      return;
    }
    const filename = info.filename || 'upload';
    const path = join(dir, safeName(filename));
    stream.on('limit', () => stream.destroy(new TooLarge(maxBytes)));
    saved = pipeline(stream, limiter(maxBytes, counter), createWriteStream(path)).then(() => ({ path, filename }));
    saved.catch(() => undefined);
  });
  try {
    // pipeline destroys busboy when the body fails, and the body when busboy fails.
    await pipeline(body, bb as unknown as Writable);
  } catch (err) {
    if (err instanceof TooLarge) throw err;
    if (saved) await (saved as Promise<unknown>).catch(() => undefined);
    if (/Unexpected end|Malformed|boundary/i.test((err as Error)?.message ?? '')) throw new BadForm(`the multipart form is malformed or cut off: ${(err as Error).message}`);
    throw err;
  }
  if (!saved) throw new BadForm('the multipart form has no file field');
  const { path, filename } = await (saved as Promise<{ path: string; filename: string }>);
  return { path, filename, bytes: counter.bytes, fields, cleanup };
}
