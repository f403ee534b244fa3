// Receiving an uploaded layer file without holding it in memory: the body (raw, or the first file
// of a multipart form) streams to a temporary file, counted against the size limit as it goes.
import Busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
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

function safeName(name: string): string {
  // Keep the extension (it picks the reader) and nothing that could leave the temp folder.
  const base = basename(name).replace(/[^\p{L}\p{N}._-]/gu, '_');
  return base || 'upload';
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

export async function receiveUpload(req: Request, opts: { maxBytes: number; filename?: string }): Promise<ReceivedFile> {
  if (!req.body) fail(400, 'the request has no body: send the layer file as the body or as a multipart form field "file"');
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > opts.maxBytes) fail(413, `upload of ${declared} bytes exceeds the size limit of ${opts.maxBytes} bytes`);
  const dir = await mkdtemp(join(tmpdir(), 'groundtruth-upload-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const counter = { bytes: 0 };
  const contentType = (req.headers.get('content-type') ?? '').toLowerCase();
  const body = Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>);
  try {
    if (contentType.startsWith('multipart/form-data')) {
      return await receiveMultipart(body, contentType, dir, opts.maxBytes, counter, cleanup);
    }
    const disposition = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(req.headers.get('content-disposition') ?? '');
    let filename = opts.filename ?? (disposition ? decodeURIComponent(disposition[1]) : '');
    if (!extname(filename)) filename = `upload${EXT_BY_TYPE[contentType.split(';')[0].trim()] ?? ''}`;
    const path = join(dir, safeName(filename));
    await pipeline(body, limiter(opts.maxBytes, counter), createWriteStream(path));
    return { path, filename, bytes: counter.bytes, fields: {}, cleanup };
  } catch (err) {
    await cleanup();
    if (err instanceof TooLarge) fail(413, err.message);
    throw err;
  }
}

function receiveMultipart(
  body: Readable,
  contentType: string,
  dir: string,
  maxBytes: number,
  counter: { bytes: number },
  cleanup: () => Promise<void>,
): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let saved: Promise<{ path: string; filename: string }> | null = null;
    const bb = Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fileSize: maxBytes } });
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (_name, stream, info) => {
      const filename = info.filename || 'upload';
      const path = join(dir, safeName(filename));
      stream.on('limit', () => stream.destroy(new TooLarge(maxBytes)));
      saved = pipeline(stream, limiter(maxBytes, counter), createWriteStream(path)).then(() => ({ path, filename }));
      saved.catch(() => undefined);
    });
    bb.on('error', reject);
    bb.on('close', async () => {
      if (!saved) return reject(new Error('the multipart form has no file field'));
      try {
        const { path, filename } = await saved;
        resolve({ path, filename, bytes: counter.bytes, fields, cleanup });
      } catch (err) {
        reject(err);
      }
    });
    body.pipe(bb);
  }).catch((err) => {
    if (err instanceof TooLarge) fail(413, err.message);
    if (err instanceof Error && /no file field/.test(err.message)) fail(400, err.message);
    throw err;
  }) as Promise<ReceivedFile>;
}
