// Publishing an archive to S3-compatible storage under a versioned key, then — only once the
// archive is fully stored — a small `latest.json` beside it naming that key. Clients (and the
// service's TileJSON) read latest.json, so a refused or broken upload publishes nothing: the
// previous archive stays current and a half-sent multipart upload is aborted by the SDK.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

export interface PublishTarget {
  bucket: string;
  /** Key prefix without a trailing slash ('' for the bucket root). */
  prefix: string;
}

export interface Published {
  bucket: string;
  key: string;
  url: string;
  latestKey: string;
  bytes: number;
}

export function parseS3Url(raw: string): PublishTarget {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(raw);
  if (!m) throw new Error(`--publish ${JSON.stringify(raw)} is not s3://bucket[/prefix]`);
  return { bucket: m[1], prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

export function s3Client(endpoint: string): S3Client {
  if (!/^https?:\/\/[^/]+\/?$/.test(endpoint)) throw new Error(`--s3-endpoint ${JSON.stringify(endpoint)} is not http(s)://host[:port]`);
  return new S3Client({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    // Self-hosted object stores (MinIO, Ceph, s3rver) address buckets by path, not by host name.
    forcePathStyle: true,
    maxAttempts: 2,
    // The SDK's default CRC32 trailer sends streams as aws-chunked, which self-hosted stores
    // (s3rver, older MinIO/Ceph) store verbatim; checksums only where the API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** `name-<UTC time>.pmtiles`: sortable, never overwritten. */
export function versionedKey(prefix: string, file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.(\d+)Z$/, '$1Z');
  const name = basename(file).replace(/\.pmtiles$/i, '');
  return `${prefix ? prefix + '/' : ''}${name}-${stamp}.pmtiles`;
}

export async function publishArchive(client: S3Client, file: string, target: PublishTarget, endpoint: string, extra: Record<string, unknown> = {}): Promise<Published> {
  const bytes = statSync(file).size;
  const key = versionedKey(target.prefix, file);
  const latestKey = `${target.prefix ? target.prefix + '/' : ''}${basename(file).replace(/\.pmtiles$/i, '')}.latest.json`;
  const where = `s3://${target.bucket}/${key} at ${endpoint}`;
  try {
    await client.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: createReadStream(file), ContentLength: bytes, ContentType: 'application/vnd.pmtiles' }),
    );
  } catch (err) {
    throw new Error(`upload to ${where} refused: ${describe(err)}; nothing was published`);
  }
  const url = `${endpoint.replace(/\/+$/, '')}/${target.bucket}/${key}`;
  const latest = { key, url, bytes, published_at: new Date().toISOString(), ...extra };
  try {
    await client.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: latestKey, Body: JSON.stringify(latest), ContentType: 'application/json', CacheControl: 'no-cache' }),
    );
  } catch (err) {
    throw new Error(`the archive is stored at ${where} but ${latestKey} could not be written (${describe(err)}); the previous archive stays current`);
  }
  return { bucket: target.bucket, key, url, latestKey, bytes };
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  return `${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(err)}`;
}
