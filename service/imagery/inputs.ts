// Checks of what a client names when adding imagery: the name (also a file and URL segment), the
// date, the tile CRS and an outside tile template. Each failure says which field and why.
import type { TileCrs } from './catalog.ts';

export const NAME_RULE = /^[\p{L}\p{N}_-]{1,64}$/u;

export class ImageryRequestError extends Error {}

export function checkName(name: unknown): string {
  if (typeof name !== 'string' || !NAME_RULE.test(name)) {
    throw new ImageryRequestError(`imagery name ${JSON.stringify(name)} must be 1–64 letters, digits, _ or -`);
  }
  return name;
}

export function checkDate(date: unknown): string {
  const text = typeof date === 'string' ? date : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new ImageryRequestError(`date ${JSON.stringify(date ?? null)} must be a calendar date YYYY-MM-DD (the day the image was taken)`);
  }
  return text;
}

/** The CRS of outside tiles: Web Mercator, or GCJ-02 (Gaode/Tencent, offset from WGS84). */
export function checkTileCrs(crs: unknown): TileCrs {
  const text = typeof crs === 'string' ? crs.trim() : '';
  if (/^(EPSG:)?(3857|900913|102100)$/i.test(text)) return 'EPSG:3857';
  if (/^GCJ[-_]?02$/i.test(text)) return 'GCJ02';
  throw new ImageryRequestError(`crs ${JSON.stringify(crs ?? null)} of an XYZ source must be EPSG:3857 or GCJ02`);
}

export function checkTemplate(url: unknown): string {
  if (typeof url !== 'string' || url.length > 2000) throw new ImageryRequestError('url must be a tile template string such as https://host/{z}/{x}/{y}.png');
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/[{}]/g, '_'));
  } catch {
    throw new ImageryRequestError(`url ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ImageryRequestError(`url ${JSON.stringify(url)} must be http or https`);
  for (const part of ['{z}', '{x}', '{y}']) {
    if (!url.includes(part)) throw new ImageryRequestError(`url ${JSON.stringify(url)} lacks ${part}; a tile template needs {z}, {x} and {y}`);
  }
  return url;
}

export function checkZoom(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 24) {
    throw new ImageryRequestError(`${field} ${JSON.stringify(value)} must be a whole zoom from 0 to 24`);
  }
  return value;
}

export function checkBounds(value: unknown): [number, number, number, number] {
  if (value === undefined || value === null) return [-180, -85.0511287798066, 180, 85.0511287798066];
  const ok =
    Array.isArray(value) &&
    value.length === 4 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    value[0] >= -180 && value[2] <= 180 && value[1] >= -90 && value[3] <= 90 && value[0] < value[2] && value[1] < value[3];
  if (!ok) throw new ImageryRequestError(`bounds ${JSON.stringify(value)} must be [west, south, east, north] in degrees`);
  return value as [number, number, number, number];
}
