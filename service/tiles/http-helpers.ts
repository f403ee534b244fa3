// Small HTTP pieces of the tile routes: conditional requests, content negotiation, compression.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { TileEncoding } from './cache.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Whether an If-None-Match header matches `etag` (weak comparison, RFC 9110 13.1.2). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  const want = opaque(etag);
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || opaque(t) === want);
}

/** The best encoding the client accepts, by q-value; br before gzip on a tie. */
export function negotiateEncoding(acceptEncoding: string | undefined): TileEncoding {
  if (!acceptEncoding) return 'identity';
  const q: Record<string, number> = {};
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let value = 1;
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p);
      if (m) value = Number(m[1]);
    }
    q[name] = Number.isFinite(value) ? value : 0;
  }
  const of = (name: string) => q[name] ?? q['*'] ?? 0;
  const br = of('br');
  const gz = of('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

/**
 * Compresses a tile body; the cache keeps the result. `fast` is for a body someone is waiting for
 * (gzip level 1, brotli quality 1: a few times quicker on a 400 KB tile, ~15–40 % larger); the
 * routes re-compress at the full setting afterwards. One zlib chunk per body: the default 16 KB
 * chunks cost a thread-pool round trip each.
 */
export async function compress(body: Uint8Array, encoding: TileEncoding, fast = false): Promise<Uint8Array<ArrayBuffer>> {
  const chunkSize = Math.max(16 * 1024, body.byteLength + 1024);
  if (encoding === 'gzip') return new Uint8Array(await gzipAsync(body, { level: fast ? 1 : 6, chunkSize }));
  if (encoding === 'br') {
    return new Uint8Array(
      await brotliAsync(body, {
        chunkSize,
        params: {
          // Quality 11 costs ~20× the time for a few % smaller tiles; 5 is the usual web pick.
          [constants.BROTLI_PARAM_QUALITY]: fast ? 1 : 5,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
        },
      }),
    );
  }
  return new Uint8Array(body);
}
