// The `gcj02://` tile protocol: MapLibre asks for a WGS 84 tile, this composes it from the
// GCJ-02 provider's tiles (gcj02-tiles.ts says which and where) on a canvas. The provider's
// template rides in the URL: gcj02://{z}/{x}/{y}?src=<encoded template>.
import maplibregl from 'maplibre-gl';
import { gcjPieces, tileUrl } from './gcj02-tiles.ts';
import { authHeaders } from './auth-fetch.ts';

export const GCJ02_PROTOCOL = 'gcj02';

/** The URL template MapLibre is given for a GCJ-02 provider's template. */
export function gcj02Template(template: string): string {
  return `${GCJ02_PROTOCOL}://{z}/{x}/{y}?src=${encodeURIComponent(template)}`;
}

async function piece(url: string, signal: AbortSignal): Promise<ImageBitmap | null> {
  const res = await fetch(url, { signal, headers: authHeaders(url) });
  // Outside the provider's coverage: that part of the tile stays empty.
  if (res.status === 204 || res.status === 404) return null;
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return createImageBitmap(await res.blob());
}

let registered = false;

export function registerGcj02Protocol(): void {
  if (registered) return;
  registered = true;
  maplibregl.addProtocol(GCJ02_PROTOCOL, async (params, abort) => {
    const m = /^gcj02:\/\/(\d+)\/(\d+)\/(\d+)\?src=(.+)$/.exec(params.url);
    if (!m) throw new Error(`not a gcj02 tile URL: ${params.url}`);
    const [z, x, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const template = decodeURIComponent(m[4]);
    const pieces = gcjPieces(z, x, y);
    const bitmaps = await Promise.all(pieces.map((p) => piece(tileUrl(template, z, p.x, p.y), abort.signal)));
    const canvas = new OffscreenCanvas(256, 256);
    const ctx = canvas.getContext('2d')!;
    pieces.forEach((p, i) => {
      const b = bitmaps[i];
      if (b) ctx.drawImage(b, p.dx, p.dy, 256, 256);
    });
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return { data: await blob.arrayBuffer() };
  });
}
