// One tile of one layer or a composite, rendered from a TileSource: the routes serve it over HTTP
// and `tiles export` writes it into an archive, so both hold the same bytes.
import type { TileLayerInfo, TileSource } from './types.ts';
import { bufferedTileBbox } from './tile-math.ts';
import { renderTile, type EncodeOptions, type RenderedTile } from './encode.ts';

export async function renderSourceTile(source: TileSource, names: string[], infos: TileLayerInfo[], z: number, x: number, y: number, encode: EncodeOptions): Promise<RenderedTile> {
  const bbox = bufferedTileBbox(z, x, y, encode.buffer, encode.extent);
  // Layers below their minzoom are left out of the tile, not an error.
  const shown = names.filter((_, i) => z >= infos[i].minzoom);
  const inputs = await Promise.all(
    shown.map(async (name) => (source.layerInput ? source.layerInput(name, bbox, z) : { name, features: await source.features(name, bbox, z) })),
  );
  const detailZoom = Math.min(...infos.map((i) => i.maxzoom), encode.detailZoom);
  return renderTile(inputs, z, x, y, { ...encode, detailZoom });
}
