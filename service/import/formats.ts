// Which reader a file needs: by extension, else by its first bytes.
import { open } from 'node:fs/promises';
import { extname } from 'node:path';

export type FormatName = 'geojson' | 'ndjson' | 'geoparquet' | 'shapefile' | 'csv';

const BY_EXTENSION: Record<string, FormatName> = {
  '.geojson': 'geojson',
  '.json': 'geojson',
  '.geojsonl': 'ndjson',
  '.geojsons': 'ndjson',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.parquet': 'geoparquet',
  '.geoparquet': 'geoparquet',
  '.shp': 'shapefile',
  '.zip': 'shapefile',
  '.csv': 'csv',
};

/** Extensions detectLayerFiles recognises as a layer file. */
export const LAYER_FILE_EXTENSIONS = Object.keys(BY_EXTENSION);

export function formatByExtension(path: string): FormatName | null {
  return BY_EXTENSION[extname(path).toLowerCase()] ?? null;
}

/** Sniffs the first 4 KB: Parquet and zip magic, JSON (one object per line → NDJSON), CSV text. */
export async function formatByContent(path: string): Promise<FormatName | null> {
  const h = await open(path, 'r');
  const head = Buffer.alloc(4096);
  let n: number;
  try {
    n = (await h.read(head, 0, head.length, 0)).bytesRead;
  } finally {
    await h.close();
  }
  const bytes = head.subarray(0, n);
  if (bytes.subarray(0, 4).toString('latin1') === 'PAR1') return 'geoparquet';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'shapefile';
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    const firstLine = trimmed.split('\n', 1)[0].trim();
    try {
      const first = JSON.parse(firstLine) as { type?: string };
      if (first.type === 'Feature') return 'ndjson';
    } catch {
      /* not a complete object on one line: a whole GeoJSON document */
    }
    return 'geojson';
  }
  const firstLine = text.split('\n', 1)[0];
  if (/[,;\t]/.test(firstLine) && !/[\x00-\x08]/.test(text)) return 'csv';
  return null;
}
