// Offline maps: the viewer's vector source switched to a PMTiles archive — a URL (object storage,
// a USB stick served locally) or a .pmtiles file picked on the tablet — through the pmtiles
// package's MapLibre protocol. The layers, colours and legend stay the viewer's own.
import maplibregl, { type Map as MapLibreMap, type VectorTileSource } from 'maplibre-gl';
import { FileSource, PMTiles, Protocol } from 'pmtiles';
import { VECTOR_SOURCE } from './style.ts';

let protocol: Protocol | null = null;

function ensureProtocol(): Protocol {
  if (!protocol) {
    protocol = new Protocol();
    maplibregl.addProtocol('pmtiles', protocol.tile);
  }
  return protocol;
}

/** The pmtiles:// URL for an archive at `url` or in a local `file`. */
export function archiveUrl(source: string | File): string {
  const p = ensureProtocol();
  if (typeof source === 'string') {
    if (!/^https?:\/\/\S+\.pmtiles(\?\S*)?$/i.test(source)) throw new Error(`not a PMTiles URL: ${source}`);
    return `pmtiles://${source}`;
  }
  if (!/\.pmtiles$/i.test(source.name)) throw new Error(`not a .pmtiles file: ${source.name}`);
  const archive = new PMTiles(new FileSource(source));
  p.add(archive);
  return `pmtiles://${archive.source.getKey()}`;
}

/** Points the map's data layers at the archive; `null` returns them to the live service. */
export function useArchive(map: MapLibreMap, source: string | File | null, liveTiles: string[]): void {
  const vector = map.getSource(VECTOR_SOURCE) as VectorTileSource | undefined;
  if (!vector) return;
  if (source === null) vector.setTiles(liveTiles);
  else vector.setUrl(archiveUrl(source));
}
