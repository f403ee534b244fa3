// An upload cut off mid-body must leave the server answering and no temporary file behind, for
// raw and multipart bodies alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Store } from '../../service/store/index.ts';
import { startServer, type RunningServer } from '../../service/server.ts';

let server: RunningServer;
let token: string;

beforeAll(async () => {
  const store = await Store.open(':memory:');
  token = await store.users.add('admin', 'admin');
  server = await startServer({ store, port: 0, viewerDist: '/nonexistent' });
});
afterAll(async () => {
  await server.close();
  server.store.close();
});

const uploadDirs = async () => (await readdir(tmpdir())).filter((n) => n.startsWith(`groundtruth-upload-${process.pid}-`));

function cutOff(headers: Record<string, string>, firstPart: string): Promise<void> {
  const url = new URL(`${server.url}/api/layers/ledger`);
  return new Promise((resolve) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-length': '5000000', ...headers } });
    req.on('error', () => resolve());
    req.write(firstPart);
    setTimeout(() => {
      req.socket?.destroy();
      resolve();
    }, 150);
  });
}

async function settle() {
  for (let i = 0; i < 40 && (await uploadDirs()).length; i++) await new Promise((r) => setTimeout(r, 50));
}

describe('an upload cut off mid-body', () => {
  it('raw body: the server stays up and the temp folder is removed', async () => {
    await cutOff({ 'content-type': 'application/geo+json' }, `{"type":"FeatureCollection","features":[${'{"type":"Feature",'.repeat(2000)}`);
    await settle();
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await uploadDirs()).toEqual([]);
  });

  it('multipart body: the server stays up and the temp folder is removed', async () => {
    const boundary = 'XyZ123';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ledger.geojson"\r\nContent-Type: application/geo+json\r\n\r\n{"type":"FeatureCollection","features":[${'{"a":1},'.repeat(5000)}`;
    await cutOff({ 'content-type': `multipart/form-data; boundary=${boundary}` }, head);
    await settle();
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await uploadDirs()).toEqual([]);
    expect((await server.store.layer('ledger')).count).toBe(0);
  });

  it('a truncated multipart form (ends without its closing boundary) is a 400', async () => {
    const boundary = 'B0';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.geojson"\r\n\r\n{"type":`;
    const res = await fetch(`${server.url}/api/layers/ledger`, {
      method: 'PUT',
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/multipart/);
  });
});
