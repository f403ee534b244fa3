// TileJSON 3.0.0 documents with absolute tile URLs that stay right behind a reverse proxy:
// a configured public URL wins, then X-Forwarded-Proto/Host/Prefix (from a trusted proxy only),
// then the request's own URL.
import type { Context } from 'hono';
import type { TileLayerInfo } from './types.ts';
import { MAX_LAT } from './tile-math.ts';

/**
 * The absolute URL of the folder the tile routes are mounted at, e.g. https://gis.example/app/tiles.
 * `mountPath` is that folder as the app sees it (e.g. /tiles).
 */
export function publicTilesBase(c: Context, mountPath: string, publicUrl?: string, trustProxy = false): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '') + mountPath;
  const url = new URL(c.req.url);
  // Forwarded headers are anyone's to send; only a proxy the operator named may set them.
  const first = (name: string) => (trustProxy ? c.req.header(name)?.split(',')[0].trim() || undefined : undefined);
  const proto = first('x-forwarded-proto')?.replace(/:$/, '') ?? url.protocol.replace(/:$/, '');
  const host = first('x-forwarded-host') ?? url.host;
  const prefix = (first('x-forwarded-prefix') ?? '').replace(/\/+$/, '');
  if (!/^https?$/i.test(proto)) throw new Error(`tiles: X-Forwarded-Proto ${proto} is not http or https`);
  if (!/^[A-Za-z0-9.\-_\[\]:]+$/.test(host)) throw new Error(`tiles: host ${host} is not a host name`);
  const safePrefix = prefix && !prefix.startsWith('/') ? '/' + prefix : prefix;
  return `${proto.toLowerCase()}://${host}${safePrefix}${mountPath}`;
}

/** A TileJSON document for one layer or a composite of several (the `spec` is "a,b,c"). */
export function tileJson(spec: string, infos: TileLayerInfo[], base: string): Record<string, unknown> {
  let bounds: [number, number, number, number] | null = null;
  for (const info of infos) {
    const b = info.bounds;
    if (!b) continue;
    bounds = bounds
      ? [Math.min(bounds[0], b[0]), Math.min(bounds[1], b[1]), Math.max(bounds[2], b[2]), Math.max(bounds[3], b[3])]
      : [...b];
  }
  const minzoom = Math.min(...infos.map((i) => i.minzoom));
  const maxzoom = Math.max(...infos.map((i) => i.maxzoom));
  const b = bounds ?? [-180, -MAX_LAT, 180, MAX_LAT];
  return {
    tilejson: '3.0.0',
    name: spec,
    description: infos.map((i) => i.description ?? i.name).join('; '),
    scheme: 'xyz',
    tiles: [`${base}/${spec}/{z}/{x}/{y}.mvt`],
    minzoom,
    maxzoom,
    bounds: b,
    center: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, Math.min(maxzoom, Math.max(minzoom, 12))],
    vector_layers: infos.map((i) => ({
      id: i.name,
      fields: i.fields,
      minzoom: i.minzoom,
      maxzoom: i.maxzoom,
      ...(i.description ? { description: i.description } : {}),
    })),
  };
}
